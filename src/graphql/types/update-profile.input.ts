import { Field, InputType } from 'type-graphql';

@InputType('UpdateProfileInput')
export class UpdateProfileInput {
  @Field(() => String, { nullable: true, description: 'At most 50 characters; absent keeps the current one.' })
  displayName?: string | null;

  @Field(() => String, { nullable: true, description: 'At most 160 characters; absent keeps the current one.' })
  bio?: string | null;
}
