import { Field, ID, Int, ObjectType } from 'type-graphql';

import { connectionType } from './connection.type';

@ObjectType('User')
export class UserType {
  @Field(() => ID)
  id!: string;

  @Field()
  handle!: string;

  @Field()
  displayName!: string;

  @Field()
  bio!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Int)
  followerCount!: number;

  @Field(() => Int)
  followingCount!: number;

  @Field(() => Int)
  tweetCount!: number;
}

export const UserConnection = connectionType('User', UserType);
