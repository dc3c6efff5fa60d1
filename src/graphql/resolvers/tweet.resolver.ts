import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import type { LiveTweet } from '../../domain/live/ports';
import type { Tweet } from '../../domain/tweets/tweet';
import type { GraphQLContext } from '../context.type';
import { PerViewer } from '../per-viewer';
import { PageArgs } from '../types/page.args';
import { TweetType } from '../types/tweet.type';
import { UserConnection, UserType } from '../types/user.type';

@Resolver(() => TweetType)
export class TweetResolver {
  @Query(() => TweetType, { nullable: true })
  tweet(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext) {
    return context.tweets.byId(id);
  }

  @Mutation(() => TweetType, { description: '1 to 280 characters.' })
  postTweet(
    @Arg('text') text: string,
    @Arg('clientMutationId', () => String, {
      nullable: true,
      description:
        'A key of your own for this post (1 to 64 visible ASCII characters, such as a UUID): sent again with a retry, it answers the tweet already posted instead of posting twice.',
    })
    clientMutationId: string | null | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    return context.tweets.post(text, clientMutationId);
  }

  @Mutation(() => Boolean, { description: 'Deletes one of your own tweets.' })
  deleteTweet(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext) {
    return context.tweets.delete(id);
  }

  @Mutation(() => TweetType)
  favorite(@Arg('tweetId', () => ID) tweetId: string, @Ctx() context: GraphQLContext) {
    return context.tweets.favorite(tweetId);
  }

  @Mutation(() => TweetType)
  unfavorite(@Arg('tweetId', () => ID) tweetId: string, @Ctx() context: GraphQLContext) {
    return context.tweets.unfavorite(tweetId);
  }

  @FieldResolver(() => UserType)
  author(@Root() tweet: Tweet, @Ctx() context: GraphQLContext) {
    return context.tweets.author(tweet);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the signed-in user favorited this tweet; false when signed out.' })
  @PerViewer()
  viewerHasFavorited(@Root() tweet: Tweet, @Ctx() context: GraphQLContext) {
    return context.tweets.viewerHasFavorited(tweet);
  }

  @FieldResolver(() => Boolean, { description: 'True only in the `tweetUpdated` event that announces the deletion of this tweet.' })
  deleted(@Root() tweet: LiveTweet) {
    return tweet.deleted ?? false;
  }

  @FieldResolver(() => UserConnection, { description: 'Most recent first.' })
  favoritedBy(@Root() tweet: Tweet, @Args(() => PageArgs) page: PageArgs, @Ctx() context: GraphQLContext) {
    return context.tweets.favoritedBy(tweet, page);
  }
}
