/**
 * Account ports
 *
 * What the account service needs from storage: creating a user, reading the password hash to
 * check one, and the writes that end sessions. The store's UserStore implements it.
 */
import type { User } from '../users/user';

export interface NewUser {
  id: string;
  handle: string;
  handleKey: string;
  displayName: string;
  passwordHash: string;
  createdAt: number;
}

/** A user with the password hash: only the account service ever sees one. */
export interface Credentials {
  user: User;
  passwordHash: string;
}

export interface AccountRepository {
  /** Throws `UniquenessViolation` (src/domain/conflicts.ts) when the handle is taken. */
  create(user: NewUser): Promise<User>;
  credentialsByHandleKey(handleKey: string): Promise<Credentials | undefined>;
  credentialsById(id: string): Promise<Credentials | undefined>;
  /** Sets the hash and raises the token version (ending other sessions); undefined: no such user. */
  changePassword(id: string, passwordHash: string): Promise<User | undefined>;
  /** Raises the token version (ending every session); undefined: no such user. */
  endSessions(id: string): Promise<User | undefined>;
}
