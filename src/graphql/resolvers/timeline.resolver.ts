import { Args, Ctx, Query, Resolver } from 'type-graphql';

import type { GraphQLContext } from '../context.type';
import { PageArgs } from '../types/page.args';
import { TweetConnection } from '../types/tweet.type';

@Resolver()
export class TimelineResolver {
  @Query(() => TweetConnection, { description: 'Your own tweets and those of everyone you follow, newest first.' })
  homeTimeline(@Args(() => PageArgs) page: PageArgs, @Ctx() context: GraphQLContext) {
    return context.timelines.home(page);
  }
}
