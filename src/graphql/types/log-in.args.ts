import { ArgsType, Field } from 'type-graphql';

@ArgsType()
export class LogInArgs {
  @Field()
  handle!: string;

  @Field()
  password!: string;
}
