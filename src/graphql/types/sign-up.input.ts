import { Field, InputType } from 'type-graphql';

@InputType('SignUpInput')
export class SignUpInput {
  @Field({ description: '1 to 15 letters, digits or underscores; unique regardless of case.' })
  handle!: string;

  @Field({ description: 'At least 8 characters.' })
  password!: string;

  @Field(() => String, { nullable: true, description: 'At most 50 characters; the handle when absent.' })
  displayName?: string | null;
}
