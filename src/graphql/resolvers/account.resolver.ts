import { Arg, Args, Ctx, Mutation, Resolver } from 'type-graphql';

import type { GraphQLContext } from '../context.type';
import { AuthPayloadType } from '../types/auth-payload.type';
import { LogInArgs } from '../types/log-in.args';
import { SignUpInput } from '../types/sign-up.input';

@Resolver()
export class AccountResolver {
  @Mutation(() => AuthPayloadType)
  signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() context: GraphQLContext) {
    return context.accounts.signUp(input);
  }

  @Mutation(() => AuthPayloadType)
  logIn(@Args(() => LogInArgs) { handle, password }: LogInArgs, @Ctx() context: GraphQLContext) {
    return context.accounts.logIn(handle, password);
  }
}
