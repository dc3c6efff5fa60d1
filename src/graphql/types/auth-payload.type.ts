import { Field, ObjectType } from 'type-graphql';

import { UserType } from './user.type';

@ObjectType('AuthPayload')
export class AuthPayloadType {
  @Field({ description: 'Send as `Authorization: Bearer <token>`.' })
  token!: string;

  @Field(() => UserType)
  user!: UserType;
}
