/**
 * Every refusal of a rate limit is reported to the metrics, naming the limit that refused.
 */
import { RateLimitedError, RateLimits, type RateCounters, type RateLimitName } from '../../../src/domain/limits/rate-limits';
import { SIGNED_OUT } from '../../../src/domain/viewer';

/** Counters that refuse the limits named in `exhausted` with a 30-second wait and allow the rest. */
function countersRefusing(...exhausted: RateLimitName[]): RateCounters {
  const wait = async (limit: RateLimitName) => (exhausted.includes(limit) ? 30 : 0);
  return { consume: wait, waitFor: wait, reset: async () => {}, block: async () => {}, refusedBefore: async () => false };
}

function limitsRefusing(...exhausted: RateLimitName[]) {
  const refused: RateLimitName[] = [];
  const limits = new RateLimits(countersRefusing(...exhausted), { rateLimitRefused: (limit) => refused.push(limit) });
  return { limits, refused };
}

it('reports a refused action under its limit, and nothing for one allowed', async () => {
  const { limits, refused } = limitsRefusing('tweets');
  await expect(limits.userAction('tweets', 'u1')).rejects.toThrow(RateLimitedError);
  await limits.userAction('follows', 'u1');
  await expect(limits.beforeOperation('query', SIGNED_OUT, {})).resolves.toBeUndefined();
  expect(refused).toEqual(['tweets']);
});

it('reports a refused log-in under the lock that refused it: the handle before the address', async () => {
  const byHandle = limitsRefusing('failedLogInsPerHandle', 'failedLogInsPerAddress');
  await expect(byHandle.limits.beforeLogIn('handle', { address: '10.0.0.1' })).rejects.toThrow(RateLimitedError);
  expect(byHandle.refused).toEqual(['failedLogInsPerHandle']);

  const byAddress = limitsRefusing('failedLogInsPerAddress');
  await expect(byAddress.limits.beforeLogIn('handle', { address: '10.0.0.1' })).rejects.toThrow(RateLimitedError);
  expect(byAddress.refused).toEqual(['failedLogInsPerAddress']);
});

it('reports signed-out reads and sign-ups refused per address', async () => {
  const { limits, refused } = limitsRefusing('anonymousReadsPerAddress', 'signUpsPerAddress');
  await expect(limits.beforeOperation('query', SIGNED_OUT, { address: '10.0.0.2' })).rejects.toThrow(RateLimitedError);
  await expect(limits.signUp({ address: '10.0.0.2' })).rejects.toThrow(RateLimitedError);
  expect(refused).toEqual(['anonymousReadsPerAddress', 'signUpsPerAddress']);
});
