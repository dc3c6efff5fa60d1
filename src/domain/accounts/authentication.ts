/**
 * Authentication
 *
 * Who a request speaks for, decided once per request: nobody without a token; the token's user
 * when it verifies and was issued under the user's current token version; and otherwise (forged,
 * expired, signed with another key, `alg: none`, or from before a password change or a log-out
 * everywhere) an UNAUTHENTICATED error, never a silent sign-out, so that a client learns at once
 * that it must log in again. The version is read through the record cache: a warm check costs no
 * Neo4j round trip.
 */
import { DomainError, ErrorCode } from '../errors';
import type { Viewer } from '../viewer';
import { viewerFromAuthorization, type TokenSettings } from './tokens';

/** What authentication needs from the store: a user's current token version (undefined: no such user). */
export interface TokenVersions {
  tokenVersionOf(userId: string): Promise<number | undefined>;
}

export async function authenticate(authorization: string | undefined, settings: TokenSettings, versions: TokenVersions): Promise<Viewer> {
  const viewer = viewerFromAuthorization(authorization, settings);
  if (!viewer.signedIn) {
    if (!viewer.tokenProblem) return viewer;
    throw unauthenticated(
      viewer.tokenProblem === 'expired' ? 'Your session has expired; log in again.' : 'The Authorization token is not valid; log in again.',
    );
  }
  const current = await versions.tokenVersionOf(viewer.userId);
  if (current === undefined) throw unauthenticated('The Authorization token is not valid; log in again.');
  if ((viewer.tokenVersion ?? 0) < current) throw unauthenticated('Your session has ended; log in again.');
  return viewer;
}

function unauthenticated(message: string): DomainError {
  return new DomainError(ErrorCode.Unauthenticated, message);
}
