import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';

import type { GraphQLContext } from '../context.type';
import { UserType } from '../types/user.type';

@Resolver()
export class WhoToFollowResolver {
  @Query(() => [UserType], { description: 'The most-followed people you do not follow yet (anyone when signed out), most followed first. At most 20.' })
  whoToFollow(@Arg('first', () => Int, { defaultValue: 5 }) first: number, @Ctx() context: GraphQLContext) {
    return context.users.whoToFollow(first);
  }
}
