/**
 * Accounts
 *
 * Signing up and logging in: both answer with a session token and the user. Both are rate
 * limited (see domain/limits/rate-limits.ts): a log-in takes its place in the failure counts before
 * its password is checked, and gives it back when the password was right. Changing the password
 * (its current password counted like a log-in's) and logging out everywhere end the user's other
 * sessions: older tokens are refused, the change observer closes their open subscription sockets,
 * and the security events report both.
 */
import { UniquenessViolation } from '../conflicts';
import { badUserInput, DomainError, ErrorCode } from '../errors';
import type { Client, RateLimits } from '../limits/rate-limits';
import { requireSignedIn, SIGNED_OUT, type Viewer } from '../viewer';
import { NO_CHANGE_OBSERVER, type ChangeObserver } from '../change-observer';
import { NO_METRICS, type Metrics } from '../metrics';
import { newId } from '../../ids';
import { checkDisplayName, checkHandle, checkPassword, handleKey, isHandle } from '../users/profile-rules';
import type { User } from '../users/user';
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords';
import type { AccountRepository } from './ports';
import { issueToken, type TokenSettings } from './tokens';

export interface SignUpInput {
  handle: string;
  password: string;
  displayName?: string | null;
}

export interface Session {
  token: string;
  user: User;
}

export class AccountService {
  constructor(
    private readonly users: AccountRepository,
    private readonly tokens: TokenSettings,
    private readonly rateLimits: RateLimits,
    /** Told when a user's sessions end, so that their open subscription sockets close on every instance. */
    private readonly changes: ChangeObserver = NO_CHANGE_OBSERVER,
    private readonly events: Pick<Metrics, 'securityEvent'> = NO_METRICS,
    /** Who is asking: set per request by `forRequest`. */
    private readonly viewer: Viewer = SIGNED_OUT,
    private readonly client: Client = {},
  ) {}

  /** The same service for one request's viewer and client. */
  forRequest(viewer: Viewer, client: Client): AccountService {
    return new AccountService(this.users, this.tokens, this.rateLimits, this.changes, this.events, viewer, client);
  }

  async signUp(input: SignUpInput): Promise<Session> {
    const handle = checkHandle(input.handle);
    const password = checkPassword(input.password);
    const displayName = input.displayName == null ? handle : checkDisplayName(input.displayName);
    await this.rateLimits.signUp(this.client);
    const createdAt = Date.now();
    try {
      const user = await this.users.create({
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
    const attempt = await this.rateLimits.startLogIn(key, this.client);
    const credentials = isHandle(handle) ? await this.users.credentialsByHandleKey(key) : undefined;
    // Verify against a decoy when the handle is unknown: the answer takes as long either way.
    const valid = await verifyPassword(credentials?.passwordHash ?? (await decoyPasswordHash()), password);
    if (!credentials || !valid) throw new DomainError(ErrorCode.Unauthenticated, 'The handle or password is incorrect.');
    await attempt.succeeded();
    return this.session(credentials.user);
  }

  /**
   * Replaces the viewer's password after checking the current one, and ends every other session
   * (their tokens carry the old token version): the answer's token is the only one that works.
   */
  async changePassword(currentPassword: string, newPassword: string): Promise<Session> {
    const userId = requireSignedIn(this.viewer, 'change your password');
    const password = checkPassword(newPassword, 'newPassword');
    await this.rateLimits.userAction('accountChanges', userId);
    const attempt = await this.rateLimits.startPasswordCheck(userId, this.client);
    const credentials = await this.users.credentialsById(userId);
    if (!credentials) throw new DomainError(ErrorCode.NotFound, 'Your account no longer exists.');
    if (!(await verifyPassword(credentials.passwordHash, currentPassword))) throw badUserInput('currentPassword', 'The current password is incorrect.');
    await attempt.succeeded();
    const user = await this.users.changePassword(userId, await hashPassword(password));
    if (!user) throw new DomainError(ErrorCode.NotFound, 'Your account no longer exists.');
    this.changes.sessionsEnded(userId, user.tokenVersion ?? 0);
    this.events.securityEvent('passwordChanged', { userId, address: this.client.address });
    return this.session(user);
  }

  /** Ends every session of the viewer, this one included. */
  async logOutEverywhere(): Promise<boolean> {
    const userId = requireSignedIn(this.viewer, 'log out everywhere');
    await this.rateLimits.userAction('accountChanges', userId);
    const user = await this.users.endSessions(userId);
    if (!user) throw new DomainError(ErrorCode.NotFound, 'Your account no longer exists.');
    this.changes.sessionsEnded(userId, user.tokenVersion ?? 0);
    this.events.securityEvent('sessionsEnded', { userId, address: this.client.address });
    return true;
  }

  private session(user: User): Session {
    return { token: issueToken(user.id, this.tokens, user.tokenVersion ?? 0), user };
  }
}
