/**
 * Authentication
 *
 * Who a request speaks for, decided once per request: nobody without a token; the token's user
 * when it verifies and was issued under the user's current token version, exactly; and otherwise
 * (forged, expired, signed with another key, `alg: none`, from before a password change or a log-out
 * everywhere, or naming a version the account never had) an UNAUTHENTICATED error, never a silent
 * sign-out, so that a client learns at once that it must log in again. The version is read through
 * the record cache: a warm check costs no Neo4j round trip. A token above the cached version is
 * read again from Neo4j before it is judged: the token `changePassword` just issued may reach an
 * instance whose cache is a moment behind, and must not sign its owner out.
 */
import { DomainError, ErrorCode } from '../errors';
import type { Viewer } from '../viewer';
import { viewerFromAuthorization, type TokenSettings } from './tokens';

/** What authentication needs from the store: a user's current token version (undefined: no such user). */
export interface TokenVersions {
  /** `fresh`: from the record, not a cached copy. */
  tokenVersionOf(userId: string, options?: { fresh?: boolean }): Promise<number | undefined>;
}

export async function authenticate(authorization: string | undefined, settings: TokenSettings, versions: TokenVersions): Promise<Viewer> {
  const viewer = viewerFromAuthorization(authorization, settings);
  if (!viewer.signedIn) {
    if (!viewer.tokenProblem) return viewer;
    throw unauthenticated(
      viewer.tokenProblem === 'expired' ? 'Your session has expired; log in again.' : 'The Authorization token is not valid; log in again.',
    );
  }
  const tokenVersion = viewer.tokenVersion ?? 0;
  let current = await versions.tokenVersionOf(viewer.userId);
  if (current !== undefined && tokenVersion > current) current = await versions.tokenVersionOf(viewer.userId, { fresh: true });
  if (current === undefined || tokenVersion > current) throw unauthenticated('The Authorization token is not valid; log in again.');
  if (tokenVersion < current) throw unauthenticated('Your session has ended; log in again.');
  return viewer;
}

function unauthenticated(message: string): DomainError {
  return new DomainError(ErrorCode.Unauthenticated, message);
}
