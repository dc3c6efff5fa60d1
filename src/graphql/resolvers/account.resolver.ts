import { Arg, Args, Ctx, Mutation, Resolver } from 'type-graphql';

import type { GraphQLContext } from '../context.type';
import { AuthPayloadType } from '../types/auth-payload.type';
import { ChangePasswordArgs } from '../types/change-password.args';
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

  @Mutation(() => AuthPayloadType, { description: 'Ends every other session: use the token in the answer from now on.' })
  changePassword(@Args(() => ChangePasswordArgs) { currentPassword, newPassword }: ChangePasswordArgs, @Ctx() context: GraphQLContext) {
    return context.accounts.changePassword(currentPassword, newPassword);
  }

  @Mutation(() => Boolean, { description: 'Ends every session, this one included: every token issued so far is refused.' })
  logOutEverywhere(@Ctx() context: GraphQLContext) {
    return context.accounts.logOutEverywhere();
  }
}
