/**
 * Tweets
 *
 * Posting, deleting and favoriting tweets, and what a tweet shows (author, favorites).
 */
import { ConcurrentlyDeleted } from '../conflicts';
import { DomainError, ErrorCode, notFound } from '../errors';
import { isId, newId, timeOfId } from '../../ids';
import type { Connection, PageArguments } from '../pagination';
import type { UserService } from '../users/user-service';
import type { User } from '../users/user';
import { requireSignedIn } from '../viewer';
import type { TweetScope } from './ports';
import type { Tweet } from './tweet';
import { checkClientMutationId } from './client-mutation-id';
import { checkTweetText } from './tweet-text';

export class TweetService {
  constructor(
    private readonly scope: TweetScope,
    /** Who favorited a tweet is a list of users. */
    private readonly users: Pick<UserService, 'userList'>,
  ) {}

  async byId(id: string): Promise<Tweet | null> {
    if (!isId(id)) return null;
    return (await this.scope.loaders.tweetById.load(id)) ?? null;
  }

  async author(tweet: Tweet): Promise<User> {
    const author = await this.scope.loaders.userById.load(tweet.authorId);
    if (!author) throw new Error(`Tweet ${tweet.id} has no author ${tweet.authorId}.`);
    return author;
  }

  /**
   * Posts a tweet. With a `clientMutationId`, a client that retries after losing the answer gets
   * the tweet the first attempt posted, not a second one.
   */
  async post(text: string, clientMutationId?: string | null): Promise<Tweet> {
    const authorId = requireSignedIn(this.scope.viewer, 'post a tweet');
    const checkedText = checkTweetText(text);
    const clientKey = clientMutationId == null ? undefined : `${authorId}:${checkClientMutationId(clientMutationId)}`;
    await this.scope.rateLimits?.userAction('tweets', authorId);
    const id = newId();
    const posted = await this.scope.tweets.create({ id, authorId, text: checkedText, createdAt: timeOfId(id), ...(clientKey ? { clientKey } : {}) });
    if (!posted) throw notFound('Your account no longer exists.');
    // An earlier attempt that stored the tweet started its fan-out, unless its answer was lost first.
    if (!posted.repeated || posted.repeated.fanOutPending) this.scope.timelines.startFanOut(posted);
    return posted.tweet;
  }

  /** Deletes one of the viewer's own tweets. */
  async delete(id: string): Promise<boolean> {
    const viewerId = requireSignedIn(this.scope.viewer, 'delete a tweet');
    const tweet = await this.requireTweet(id);
    if (tweet.authorId !== viewerId) throw new DomainError(ErrorCode.Forbidden, 'You can only delete your own tweets.');
    // Only the author's delete can match; a concurrent delete of the same tweet finds nothing.
    if (!(await this.scope.tweets.delete(id, viewerId))) throw notFound(`No tweet has the id "${id}".`);
    await this.scope.timelines.tweetDeleted(id, viewerId);
    this.scope.changes.tweetChanged(tweet, true);
    return true;
  }

  /** Favorites the tweet and returns it; favoriting twice changes nothing. */
  async favorite(id: string): Promise<Tweet> {
    const viewerId = requireSignedIn(this.scope.viewer, 'favorite a tweet');
    await this.scope.rateLimits?.userAction('favorites', viewerId);
    return this.changeFavorite(id, () => this.scope.tweets.favorite(viewerId, id, Date.now()));
  }

  /** Removes the viewer's favorite and returns the tweet; doing so twice changes nothing. */
  async unfavorite(id: string): Promise<Tweet> {
    const viewerId = requireSignedIn(this.scope.viewer, 'unfavorite a tweet');
    await this.scope.rateLimits?.userAction('favorites', viewerId);
    return this.changeFavorite(id, () => this.scope.tweets.unfavorite(viewerId, id));
  }

  viewerHasFavorited(tweet: Tweet): Promise<boolean> {
    return this.scope.loaders.viewerHasFavorited.load(tweet.id);
  }

  favoritedBy(tweet: Tweet, page: PageArguments): Promise<Connection<User>> {
    return this.users.userList('favoritedBy', tweet.id, page);
  }

  private async changeFavorite(id: string, change: () => Promise<{ node: Tweet; changed: boolean } | undefined>): Promise<Tweet> {
    await this.requireTweet(id);
    try {
      const result = await change();
      if (!result) throw notFound(`No tweet has the id "${id}".`);
      if (result.changed) this.scope.changes.tweetChanged(result.node);
      return result.node;
    } catch (error) {
      if (error instanceof ConcurrentlyDeleted) throw notFound(`No tweet has the id "${id}".`);
      throw error;
    }
  }

  private async requireTweet(id: string): Promise<Tweet> {
    const tweet = await this.byId(id);
    if (!tweet) throw notFound(`No tweet has the id "${id}".`);
    return tweet;
  }
}
