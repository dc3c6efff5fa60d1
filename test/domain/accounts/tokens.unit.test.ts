import jwt from 'jsonwebtoken';

import { issueToken, viewerFromAuthorization } from '../../../src/domain/accounts/tokens';

const settings = { secret: 'k'.repeat(32), ttlSeconds: 60 };

it('reads the user back from a token it issued, with its expiry', () => {
  const issuedAt = Math.floor(Date.now() / 1000) * 1000;
  const viewer = viewerFromAuthorization(`Bearer ${issueToken('user-1', settings)}`, settings);
  expect(viewer).toEqual({ signedIn: true, userId: 'user-1', expiresAt: expect.any(Number) });
  // JWT times are whole seconds: the expiry is the issue second plus the lifetime.
  expect((viewer as { expiresAt: number }).expiresAt - issuedAt).toBeGreaterThanOrEqual(settings.ttlSeconds * 1000);
  expect((viewer as { expiresAt: number }).expiresAt - issuedAt).toBeLessThanOrEqual((settings.ttlSeconds + 1) * 1000);
});

it('is signed out without a header', () => {
  expect(viewerFromAuthorization(undefined, settings)).toEqual({ signedIn: false });
});

it('reports an expired token as expired', () => {
  const expired = jwt.sign({}, settings.secret, { algorithm: 'HS256', subject: 'user-1', issuer: 'chirp', expiresIn: -10 });
  expect(viewerFromAuthorization(`Bearer ${expired}`, settings)).toEqual({ signedIn: false, tokenProblem: 'expired' });
});

it.each([
  ['another secret', `Bearer ${issueToken('user-1', { ...settings, secret: 'x'.repeat(32) })}`],
  ['no algorithm', `Bearer ${jwt.sign({ sub: 'user-1', iss: 'chirp' }, '', { algorithm: 'none' })}`],
  ['another scheme', `Basic ${issueToken('user-1', settings)}`],
  ['garbage', 'Bearer abc.def.ghi'],
])('refuses a token with %s', (_name, header) => {
  expect(viewerFromAuthorization(header, settings)).toEqual({ signedIn: false, tokenProblem: 'invalid' });
});
