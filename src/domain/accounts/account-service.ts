/**
 * Accounts
 *
 * Signing up and logging in: both answer with a session token and the user. Both are rate
 * limited by the client's address, and log-ins by handle too (see domain/limits/rate-limits.ts).
 */
import { UniquenessViolation } from '../../store/graph';
import type { UserRecord } from '../../store/records';
import type { Stores } from '../../store/stores';
import { badUserInput, DomainError, ErrorCode } from '../errors';
import type { Client, RateLimits } from '../limits/rate-limits';
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
    private readonly rateLimits: RateLimits,
    /** Who is asking: set per request by `forClient`. */
    private readonly client: Client = {},
  ) {}

  /** The same service for one request's client. */
  forClient(client: Client): AccountService {
    return new AccountService(this.stores, this.tokens, this.rateLimits, client);
  }

  async signUp(input: SignUpInput): Promise<Session> {
    const handle = checkHandle(input.handle);
    const password = checkPassword(input.password);
    const displayName = input.displayName == null ? handle : checkDisplayName(input.displayName);
    await this.rateLimits.signUp(this.client);
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
    // Unknown and malformed handles are counted too, under a key no real handle has.
    const key = isHandle(handle) ? handleKey(handle) : '!invalid';
    await this.rateLimits.beforeLogIn(key, this.client);
    const credentials = isHandle(handle) ? await this.stores.users.credentialsByHandleKey(key) : undefined;
    // Verify against a decoy when the handle is unknown: the answer takes as long either way.
    const valid = await verifyPassword(credentials?.passwordHash ?? (await decoyPasswordHash()), password);
    if (!credentials || !valid) {
      await this.rateLimits.failedLogIn(key, this.client);
      throw new DomainError(ErrorCode.Unauthenticated, 'The handle or password is incorrect.');
    }
    await this.rateLimits.succeededLogIn(key);
    return this.session(credentials.user);
  }

  private session(user: UserRecord): Session {
    return { token: issueToken(user.id, this.tokens), user };
  }
}
