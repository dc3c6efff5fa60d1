/**
 * Accounts
 *
 * Signing up and logging in: both answer with a session token and the user.
 */
import { UniquenessViolation } from '../../store/graph';
import type { UserRecord } from '../../store/records';
import type { Stores } from '../../store/stores';
import { badUserInput, DomainError, ErrorCode } from '../errors';
import { newId } from '../../ids';
import { checkDisplayName, checkHandle, checkPassword, handleKey, isHandle } from '../users/profile-rules';
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords';
import { issueToken, type TokenSettings } from './tokens';

export interface SignUpInput {
  handle: string;
  password: string;
  displayName?: string | null;
}

export interface Session {
  token: string;
  user: UserRecord;
}

export class AccountService {
  constructor(
    private readonly stores: Stores,
    private readonly tokens: TokenSettings,
  ) {}

  async signUp(input: SignUpInput): Promise<Session> {
    const handle = checkHandle(input.handle);
    const password = checkPassword(input.password);
    const displayName = input.displayName == null ? handle : checkDisplayName(input.displayName);
    const createdAt = Date.now();
    try {
      const user = await this.stores.users.create({
        id: newId(),
        handle,
        handleKey: handleKey(handle),
        displayName,
        passwordHash: await hashPassword(password),
        createdAt,
      });
      return this.session(user);
    } catch (error) {
      if (error instanceof UniquenessViolation) throw badUserInput('handle', `The handle "${handle}" is already taken.`);
      throw error;
    }
  }

  async logIn(handle: string, password: string): Promise<Session> {
    const credentials = isHandle(handle) ? await this.stores.users.credentialsByHandleKey(handleKey(handle)) : undefined;
    // Verify against a decoy when the handle is unknown: the answer takes as long either way.
    const valid = await verifyPassword(credentials?.passwordHash ?? (await decoyPasswordHash()), password);
    if (!credentials || !valid) throw new DomainError(ErrorCode.Unauthenticated, 'The handle or password is incorrect.');
    return this.session(credentials.user);
  }

  private session(user: UserRecord): Session {
    return { token: issueToken(user.id, this.tokens), user };
  }
}
