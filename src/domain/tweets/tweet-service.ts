/**
 * Tweets
 *
 * Posting, deleting and favoriting tweets, and what a tweet shows (author, favorites).
 */
import { ConcurrentlyDeleted } from '../../store/graph';
import type { TweetRecord, UserRecord } from '../../store/records';
import { DomainError, ErrorCode, notFound } from '../errors';
import { isId, newId, timeOfId } from '../../ids';
import type { Connection, PageArguments } from '../pagination';
import type { RequestScope } from '../request-scope';
import type { UserService } from '../users/user-service';
import { requireSignedIn } from '../viewer';
import { checkTweetText } from './tweet-text';

export class TweetService {
  constructor(
    private readonly scope: RequestScope,
    private readonly users: UserService,
  ) {}

  async byId(id: string): Promise<TweetRecord | null> {
    if (!isId(id)) return null;
    return (await this.scope.loaders.tweetById.load(id)) ?? null;
  }

  async author(tweet: TweetRecord): Promise<UserRecord> {
    const author = await this.scope.loaders.userById.load(tweet.authorId);
    if (!author) throw new Error(`Tweet ${tweet.id} has no author ${tweet.authorId}.`);
    return author;
  }

  async post(text: string): Promise<TweetRecord> {
    const authorId = requireSignedIn(this.scope.viewer, 'post a tweet');
    const checkedText = checkTweetText(text);
    await this.scope.rateLimits?.userAction('tweets', authorId);
    const id = newId();
    const posted = await this.scope.stores.tweets.create({ id, authorId, text: checkedText, createdAt: timeOfId(id) });
    if (!posted) throw notFound('Your account no longer exists.');
    this.scope.timelines.startFanOut(posted);
    return posted.tweet;
  }

  /** Deletes one of the viewer's own tweets. */
  async delete(id: string): Promise<boolean> {
    const viewerId = requireSignedIn(this.scope.viewer, 'delete a tweet');
    const tweet = await this.requireTweet(id);
    if (tweet.authorId !== viewerId) throw new DomainError(ErrorCode.Forbidden, 'You can only delete your own tweets.');
    // Only the author's delete can match; a concurrent delete of the same tweet finds nothing.
    if (!(await this.scope.stores.tweets.delete(id, viewerId))) throw notFound(`No tweet has the id "${id}".`);
    await this.scope.timelines.tweetDeleted(id, viewerId);
    this.scope.changes.tweetChanged(tweet, true);
    return true;
  }

  /** Favorites the tweet and returns it; favoriting twice changes nothing. */
  async favorite(id: string): Promise<TweetRecord> {
    const viewerId = requireSignedIn(this.scope.viewer, 'favorite a tweet');
    await this.scope.rateLimits?.userAction('favorites', viewerId);
    return this.changeFavorite(id, () => this.scope.stores.tweets.favorite(viewerId, id, Date.now()));
  }

  /** Removes the viewer's favorite and returns the tweet; doing so twice changes nothing. */
  async unfavorite(id: string): Promise<TweetRecord> {
    const viewerId = requireSignedIn(this.scope.viewer, 'unfavorite a tweet');
    await this.scope.rateLimits?.userAction('favorites', viewerId);
    return this.changeFavorite(id, () => this.scope.stores.tweets.unfavorite(viewerId, id));
  }

  viewerHasFavorited(tweet: TweetRecord): Promise<boolean> {
    return this.scope.loaders.viewerHasFavorited.load(tweet.id);
  }

  favoritedBy(tweet: TweetRecord, page: PageArguments): Promise<Connection<UserRecord>> {
    return this.users.userList('favoritedBy', tweet.id, page);
  }

  private async changeFavorite(id: string, change: () => Promise<{ node: TweetRecord; changed: boolean } | undefined>): Promise<TweetRecord> {
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

  private async requireTweet(id: string): Promise<TweetRecord> {
    const tweet = await this.byId(id);
    if (!tweet) throw notFound(`No tweet has the id "${id}".`);
    return tweet;
  }
}
