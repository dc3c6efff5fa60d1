/**
 * Session tokens
 *
 * Signed JWTs (HS256) naming the user in `sub`, with an expiry and the user's token version in
 * `tv` (a token below the user's current version is refused). Reading one yields the Viewer.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

import { SIGNED_OUT, type Viewer } from '../viewer';

export interface TokenSettings {
  secret: string;
  ttlSeconds: number;
}

const ISSUER = 'chirp';

/**
 * Given a string, jsonwebtoken first tries to parse it as a PEM public or private key, which costs
 * about a millisecond of CPU (a thrown error) on every request; a ready secret key skips that.
 */
const keys = new Map<string, KeyObject>();

function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret))));
  return key;
}

export function issueToken(userId: string, settings: TokenSettings, tokenVersion = 0): string {
  return jwt.sign({ tv: tokenVersion }, keyOf(settings.secret), { algorithm: 'HS256', subject: userId, expiresIn: settings.ttlSeconds, issuer: ISSUER });
}

/** The viewer an `Authorization` header value speaks for: signed out without a bearer token. */
export function viewerFromAuthorization(authorization: string | undefined, settings: TokenSettings): Viewer {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
  if (token === undefined) return authorization ? { signedIn: false, tokenProblem: 'invalid' } : SIGNED_OUT;
  try {
    const claims = jwt.verify(token, keyOf(settings.secret), { algorithms: ['HS256'], issuer: ISSUER });
    if (typeof claims === 'object' && typeof claims.sub === 'string') {
      return {
        signedIn: true,
        userId: claims.sub,
        ...(typeof claims.exp === 'number' ? { expiresAt: claims.exp * 1000 } : {}),
        ...(typeof claims.tv === 'number' && claims.tv > 0 ? { tokenVersion: claims.tv } : {}),
      };
    }
    return { signedIn: false, tokenProblem: 'invalid' };
  } catch (error) {
    return { signedIn: false, tokenProblem: error instanceof jwt.TokenExpiredError ? 'expired' : 'invalid' };
  }
}
