import { Field, ID, Int, ObjectType } from 'type-graphql';

import { connectionType } from './connection.type';

@ObjectType('Tweet')
export class TweetType {
  @Field(() => ID)
  id!: string;

  @Field()
  text!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Int)
  favoriteCount!: number;
}

export const TweetConnection = connectionType('Tweet', TweetType);
