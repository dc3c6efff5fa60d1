import { Arg, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';

import type { LiveTweet } from '../../domain/live/ports';
import type { GraphQLContext } from '../context.type';
import { TweetType } from '../types/tweet.type';

type Subscribe<A = Record<string, never>> = SubscribeResolverData<unknown, A, GraphQLContext>;

@Resolver()
export class LiveResolver {
  @Subscription(() => TweetType, {
    description: 'Every new tweet that enters your home timeline: your own and those of everyone you follow. Signed in only.',
    subscribe: ({ context }: Subscribe) => context.live.homeTimeline(),
  })
  homeTimeline(@Root() tweet: LiveTweet) {
    return tweet;
  }

  @Subscription(() => TweetType, {
    description: "The author's new tweets, for a profile page.",
    subscribe: ({ args, context }: Subscribe<{ authorId: string }>) => context.live.tweetPosted(args.authorId),
  })
  tweetPosted(@Root() tweet: LiveTweet, @Arg('authorId', () => ID) _authorId: string) {
    return tweet;
  }

  @Subscription(() => TweetType, {
    description: 'The tweet each time its favorite count changes, and once more with `deleted: true` when it is deleted (then the subscription completes).',
    subscribe: ({ args, context }: Subscribe<{ id: string }>) => context.live.tweetUpdated(args.id),
  })
  tweetUpdated(@Root() tweet: LiveTweet, @Arg('id', () => ID) _id: string) {
    return tweet;
  }

  @Subscription(() => TweetType, {
    description:
      'Each of these tweets (those on a screen) when its favorite count changes, and once more with `deleted: true` when it is deleted: one subscription for a whole page. At most 200 ids.',
    subscribe: ({ args, context }: Subscribe<{ ids: string[] }>) => context.live.tweetsUpdated(args.ids),
  })
  tweetsUpdated(@Root() tweet: LiveTweet, @Arg('ids', () => [ID]) _ids: string[]) {
    return tweet;
  }
}
