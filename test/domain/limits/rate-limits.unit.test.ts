/**
 * The rules of the rate limits, over the in-process counters (the product's mode without Redis):
 * password attempts take their place before they are checked, so concurrent guesses get no more
 * tries than sequential ones; someone else's failures never lock the owner out; a handle guessed
 * from many addresses is slowed for minutes, except from an address it logged in from before; every
 * refusal is reported under its limit, log-in refusals as security events too.
 */
import { RateLimitedError, RateLimits, type PasswordAttempt, type RateLimitName, type RateLimitSettings } from '../../../src/domain/limits/rate-limits';
import type { SecurityEvent } from '../../../src/domain/metrics';
import { SIGNED_OUT } from '../../../src/domain/viewer';
import { createRateCounters } from '../../../src/store/rate-limits/rate-counters';

const SETTINGS: RateLimitSettings = {
  tweets: { points: 3, durationSeconds: 3600 },
  favorites: { points: 3, durationSeconds: 3600 },
  follows: { points: 3, durationSeconds: 3600 },
  accountChanges: { points: 3, durationSeconds: 3600 },
  signedInOperations: { points: 5, durationSeconds: 60 },
  failedPasswordChecks: { points: 3, durationSeconds: 900 },
  logIns: { points: 4, durationSeconds: 3600 },
  failedLogInsPerHandleAndAddress: { points: 3, durationSeconds: 900 },
  failedLogInsPerHandle: { points: 6, durationSeconds: 900 },
  failedLogInsPerAddress: { points: 10, durationSeconds: 900 },
  signUpsPerAddress: { points: 2, durationSeconds: 3600 },
  anonymousReadsPerAddress: { points: 2, durationSeconds: 60 },
  knownLogInAddresses: { points: 1, durationSeconds: 21 * 86_400 },
};

function rateLimits(settings: Partial<RateLimitSettings> = {}) {
  const refused: RateLimitName[] = [];
  const events: SecurityEvent[] = [];
  const limits = new RateLimits(createRateCounters({ ...SETTINGS, ...settings }), {
    rateLimitRefused: (limit) => refused.push(limit),
    securityEvent: (event) => events.push(event),
  });
  return { limits, refused, events };
}

/** A log-in attempt whose password was wrong: it keeps its place in the counts. */
async function failedLogIn(limits: RateLimits, handle: string, address: string): Promise<void> {
  await limits.startLogIn(handle, { address });
}

async function waitOf(attempt: Promise<unknown>): Promise<number> {
  const error = await attempt.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof RateLimitedError)) throw new Error(`Expected a RateLimitedError, got ${String(error)}`);
  return error.retryAfterSeconds;
}

it('lets exactly as many concurrent guesses through as sequential ones', async () => {
  const { limits, refused, events } = rateLimits();
  const outcomes = await Promise.allSettled(Array.from({ length: 60 }, () => limits.startLogIn('victim', { address: '198.51.100.1' })));
  expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
  expect(refused).toEqual(Array(57).fill('failedLogInsPerHandleAndAddress'));
  expect(events).toEqual(Array(57).fill('logInThrottled'));
});

it('gives a right password its place back', async () => {
  const { limits } = rateLimits({ logIns: { points: 20, durationSeconds: 3600 } });
  for (let i = 0; i < 10; i++) await (await limits.startLogIn('owner', { address: '198.51.100.2' })).succeeded();
  await failedLogIn(limits, 'owner', '198.51.100.2');
});

it("never locks the owner out with someone else's failures", async () => {
  const { limits } = rateLimits();
  for (let i = 0; i < 3; i++) await failedLogIn(limits, 'owner', '198.51.100.3');
  expect(await waitOf(limits.startLogIn('owner', { address: '198.51.100.3' }))).toBeLessThanOrEqual(900);
  const attempt = await limits.startLogIn('owner', { address: '192.0.2.7' });
  await attempt.succeeded();
});

it('slows a handle guessed from many addresses for minutes, except from an address it logged in from', async () => {
  const { limits, refused } = rateLimits();
  await (await limits.startLogIn('owner', { address: '192.0.2.1' })).succeeded();
  for (let i = 0; i < 6; i++) await failedLogIn(limits, 'owner', `203.0.113.${i}`);
  const wait = await waitOf(limits.startLogIn('owner', { address: '203.0.113.99' }));
  expect(wait).toBeGreaterThan(0);
  expect(wait).toBeLessThanOrEqual(900);
  expect(refused).toEqual(['failedLogInsPerHandle']);
  // The owner's usual address keeps its own budget.
  const attempt: PasswordAttempt = await limits.startLogIn('owner', { address: '192.0.2.1' });
  await attempt.succeeded();
  // A refusal by the handle gives back the per-address places it took: that address was not checked.
  for (let i = 0; i < 9; i++) await expect(limits.startLogIn('owner', { address: '203.0.113.99' })).rejects.toThrow(RateLimitedError);
  await failedLogIn(limits, 'someone_else', '203.0.113.99');
});

it('bounds successful log-ins per handle', async () => {
  const { limits, refused } = rateLimits();
  for (let i = 0; i < 4; i++) await (await limits.startLogIn('busy', { address: '192.0.2.2' })).succeeded();
  await expect(limits.startLogIn('busy', { address: '192.0.2.2' })).rejects.toThrow('Too many log-ins to this account.');
  expect(refused).toEqual(['logIns']);
});

it('counts wrong current passwords per user, and gives a right one its place back', async () => {
  const { limits, events } = rateLimits();
  await (await limits.startPasswordCheck('u1', {})).succeeded();
  for (let i = 0; i < 3; i++) await limits.startPasswordCheck('u1', {});
  await expect(limits.startPasswordCheck('u1', {})).rejects.toThrow(/^Too many wrong passwords\. Try again in \d+ seconds?\.$/);
  await limits.startPasswordCheck('u2', {});
  expect(events).toEqual(['passwordCheckThrottled']);
});

it('counts queries and subscription starts per user signed in, per address signed out, and no mutation', async () => {
  const { limits, refused } = rateLimits();
  const viewer = { signedIn: true as const, userId: 'reader' };
  for (let i = 0; i < 5; i++) await limits.beforeOperation(i % 2 ? 'query' : 'subscription', viewer, {});
  await limits.beforeOperation('mutation', viewer, {});
  await expect(limits.beforeOperation('query', viewer, {})).rejects.toThrow('You have made too many requests for now.');
  await limits.beforeOperation('subscription', SIGNED_OUT, { address: '10.0.0.2' });
  await limits.beforeOperation('query', SIGNED_OUT, { address: '10.0.0.2' });
  await expect(limits.beforeOperation('subscription', SIGNED_OUT, { address: '10.0.0.2' })).rejects.toThrow(RateLimitedError);
  expect(refused).toEqual(['signedInOperations', 'anonymousReadsPerAddress']);
});

it('reports refused user actions and sign-ups under their limits', async () => {
  const { limits, refused } = rateLimits({ tweets: { points: 1, durationSeconds: 60 }, signUpsPerAddress: { points: 1, durationSeconds: 60 } });
  await limits.userAction('tweets', 'u1');
  await expect(limits.userAction('tweets', 'u1')).rejects.toThrow(RateLimitedError);
  await limits.userAction('follows', 'u1');
  await limits.signUp({ address: '10.0.0.3' });
  await expect(limits.signUp({ address: '10.0.0.3' })).rejects.toThrow(RateLimitedError);
  expect(refused).toEqual(['tweets', 'signUpsPerAddress']);
});
