import { runOpenLoop } from '../../../bench/load/open-loop';

describe('runOpenLoop', () => {
  it('sends rate x duration requests, none before it is due, and times each from its due time', async () => {
    const sentAt: number[] = [];
    const started = performance.now();
    const result = await runOpenLoop({
      rate: 200,
      durationMs: 500,
      pick: (index) => (index % 2 === 0 ? 'even' : 'odd'),
      send: async () => {
        sentAt.push(performance.now() - started);
        return { code: null };
      },
    });
    expect(result.sent).toBe(100);
    expect(result.samples).toHaveLength(100);
    expect(result.samples.filter((sample) => sample.operation === 'even')).toHaveLength(50);
    expect(result.samples.every((sample) => sample.code === null && sample.latencyMs >= 0)).toBe(true);
    // The 100th request is due 495 ms after the first: it cannot have been sent earlier.
    expect(sentAt[99]).toBeGreaterThanOrEqual(495 - 1);
  });

  it('charges a stall of the sender to the requests that were due during it (no coordinated omission)', async () => {
    const result = await runOpenLoop({
      rate: 1000,
      durationMs: 100,
      pick: () => 'op',
      send: async (_operation, index) => {
        // Request 10 blocks the event loop for 50 ms, as a GC pause or a busy client would.
        if (index === 10) {
          const until = performance.now() + 50;
          while (performance.now() < until);
        }
        return { code: null };
      },
    });
    expect(result.maxSendLagMs).toBeGreaterThanOrEqual(40);
    // Requests 11 to about 50 were due during the stall: each answer came at least 40 ms after it was due for the first of them.
    const slow = result.samples.filter((sample) => sample.latencyMs >= 40);
    expect(slow.length).toBeGreaterThanOrEqual(1);
    expect(result.samples).toHaveLength(100);
  });

  it('counts errors by code and unanswered requests as TIMEOUT', async () => {
    const result = await runOpenLoop({
      rate: 100,
      durationMs: 100,
      drainMs: 50,
      pick: () => 'op',
      send: (_operation, index) => {
        if (index === 0) return new Promise(() => {}); // Never answered.
        if (index % 2 === 1) return Promise.reject(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
        return Promise.resolve({ code: index === 2 ? 'BAD_USER_INPUT' : null });
      },
    });
    const codes = result.samples.map((sample) => sample.code);
    expect(result.samples).toHaveLength(10);
    expect(codes.filter((code) => code === 'TIMEOUT')).toHaveLength(1);
    expect(codes.filter((code) => code === 'ECONNRESET')).toHaveLength(5);
    expect(codes.filter((code) => code === 'BAD_USER_INPUT')).toHaveLength(1);
    expect(codes.filter((code) => code === null)).toHaveLength(3);
  });
});
