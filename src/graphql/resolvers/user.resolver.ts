import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import type { User } from '../../domain/users/user';
import type { GraphQLContext } from '../context.type';
import { PerViewer } from '../per-viewer';
import { PageArgs } from '../types/page.args';
import { TweetConnection } from '../types/tweet.type';
import { UpdateProfileInput } from '../types/update-profile.input';
import { UserConnection, UserType } from '../types/user.type';

@Resolver(() => UserType)
export class UserResolver {
  @Query(() => UserType, { nullable: true, description: 'The signed-in user; null when signed out.' })
  me(@Ctx() context: GraphQLContext) {
    return context.users.me();
  }

  @Query(() => UserType, { nullable: true })
  user(@Arg('handle') handle: string, @Ctx() context: GraphQLContext) {
    return context.users.byHandle(handle);
  }

  @Mutation(() => UserType)
  updateProfile(@Arg('input', () => UpdateProfileInput) input: UpdateProfileInput, @Ctx() context: GraphQLContext) {
    return context.users.updateProfile(input);
  }

  @Mutation(() => UserType, { description: 'Returns the followed user.' })
  follow(@Arg('userId', () => ID) userId: string, @Ctx() context: GraphQLContext) {
    return context.users.follow(userId);
  }

  @Mutation(() => UserType, { description: 'Returns the unfollowed user.' })
  unfollow(@Arg('userId', () => ID) userId: string, @Ctx() context: GraphQLContext) {
    return context.users.unfollow(userId);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the signed-in user follows this user; false when signed out.' })
  @PerViewer()
  viewerFollows(@Root() user: User, @Ctx() context: GraphQLContext) {
    return context.users.viewerFollows(user);
  }

  @FieldResolver(() => TweetConnection, { description: 'Newest first.' })
  tweets(@Root() user: User, @Args(() => PageArgs) page: PageArgs, @Ctx() context: GraphQLContext) {
    return context.users.tweets(user, page);
  }

  @FieldResolver(() => UserConnection, { description: 'Most recent follower first.' })
  followers(@Root() user: User, @Args(() => PageArgs) page: PageArgs, @Ctx() context: GraphQLContext) {
    return context.users.followers(user, page);
  }

  @FieldResolver(() => UserConnection, { description: 'Most recently followed first.' })
  following(@Root() user: User, @Args(() => PageArgs) page: PageArgs, @Ctx() context: GraphQLContext) {
    return context.users.following(user, page);
  }

  @FieldResolver(() => TweetConnection, { description: 'Most recently favorited first.' })
  favorites(@Root() user: User, @Args(() => PageArgs) page: PageArgs, @Ctx() context: GraphQLContext) {
    return context.users.favorites(user, page);
  }
}
