/**
 * Viewer
 *
 * Who is making a request: a signed-in user, or nobody (with the reason a token was refused, so
 * the error a signed-out request meets can say why).
 */
import { DomainError, ErrorCode } from './errors';

export type Viewer =
  | {
      signedIn: true;
      userId: string;
      /** When the token stops being valid, in ms since the epoch. */
      expiresAt?: number;
      /** The user's token version when the token was issued (see domain/accounts/authentication.ts). */
      tokenVersion?: number;
    }
  | { signedIn: false; tokenProblem?: 'invalid' | 'expired' };

export const SIGNED_OUT: Viewer = { signedIn: false };

export function viewerId(viewer: Viewer): string | null {
  return viewer.signedIn ? viewer.userId : null;
}

/** The signed-in user's id, or an UNAUTHENTICATED error naming what is missing. */
export function requireSignedIn(viewer: Viewer, action: string): string {
  if (viewer.signedIn) return viewer.userId;
  const reason =
    viewer.tokenProblem === 'expired'
      ? 'Your session has expired; log in again'
      : viewer.tokenProblem === 'invalid'
        ? 'The Authorization token is not valid; log in again'
        : 'You must be signed in';
  throw new DomainError(ErrorCode.Unauthenticated, `${reason} to ${action}.`);
}
