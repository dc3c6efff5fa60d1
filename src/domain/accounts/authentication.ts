/**
 * Authentication
 *
 * Who a request speaks for, decided once per request: nobody without a token; the token's user
 * when it verifies; and for a token that does not verify (forged, expired, signed with another
 * key, `alg: none`) an UNAUTHENTICATED error, never a silent sign-out, so that a client learns
 * at once that it must log in again.
 */
import { DomainError, ErrorCode } from '../errors';
import type { Viewer } from '../viewer';
import { viewerFromAuthorization, type TokenSettings } from './tokens';

export function authenticate(authorization: string | undefined, settings: TokenSettings): Viewer {
  const viewer = viewerFromAuthorization(authorization, settings);
  if (!viewer.signedIn && viewer.tokenProblem) {
    throw new DomainError(
      ErrorCode.Unauthenticated,
      viewer.tokenProblem === 'expired' ? 'Your session has expired; log in again.' : 'The Authorization token is not valid; log in again.',
    );
  }
  return viewer;
}
