/**
 * Liveness and readiness for load balancers: live while the process answers, ready (200) only
 * while it can serve, 503 when a backing service it needs is down.
 */
import { READINESS_MAX_AGE_MS } from '../../src/http/health';
import { freePort } from '../../src/store/local-neo4j/local-neo4j';
import { startTestServer, type TestServer } from '../support/test-server';

/** What /health answers (its shape is what the assertions check). */
interface HealthBody {
  status: string;
  services?: Record<string, { status: string; store?: string; latencyMs?: number; error?: string }>;
}

async function get(server: TestServer, path: string) {
  const response = await fetch(`${server.baseUrl}${path}`);
  return { status: response.status, body: (await response.json()) as HealthBody };
}

describe('with every service up', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.stop());

  it('is live and ready, /health answering as /health/ready', async () => {
    expect(await get(server, '/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await get(server, '/health/ready');
    expect(ready).toEqual({
      status: 200,
      body: { status: 'ok', services: { neo4j: { status: 'up', latencyMs: expect.any(Number) }, timelines: { store: 'memory', status: 'up' } } },
    });
    expect((await get(server, '/health')).body.status).toBe('ok');
  });

  it('answers readiness from one Neo4j round trip a second, however many ask at once', async () => {
    // The clock is moved past an answer's age instead of waiting it out.
    const realNow = performance.now.bind(performance);
    let skippedMs = READINESS_MAX_AGE_MS;
    const clock = jest.spyOn(performance, 'now').mockImplementation(() => realNow() + skippedMs);
    const roundTrips = jest.spyOn(server.graph, 'health');
    try {
      const answers = await Promise.all(Array.from({ length: 50 }, (_, index) => get(server, index % 2 === 0 ? '/health/ready' : '/health')));
      expect(answers.every((answer) => answer.status === 200 && answer.body.status === 'ok')).toBe(true);
      expect((await get(server, '/health/ready')).status).toBe(200);
      expect(roundTrips).toHaveBeenCalledTimes(1);

      skippedMs += READINESS_MAX_AGE_MS;
      await Promise.all([get(server, '/health/ready'), get(server, '/health/ready')]);
      expect(roundTrips).toHaveBeenCalledTimes(2);
    } finally {
      roundTrips.mockRestore();
      clock.mockRestore();
    }
  });
});

describe('with Neo4j down', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ NEO4J_URI: `bolt://127.0.0.1:${await freePort()}` })));
  afterAll(() => server.stop());

  it('is live but not ready', async () => {
    expect(await get(server, '/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(server, '/health/ready')).toEqual({
      status: 503,
      body: { status: 'unavailable', services: { neo4j: { status: 'down' }, timelines: { store: 'memory', status: 'up' } } },
    });
  });
});
