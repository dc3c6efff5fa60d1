/**
 * WebSocket upgrades by their Origin, against a running server: a page elsewhere cannot open a
 * socket in its visitor's name (403 before the handshake, logged and counted as a security event),
 * while the server's own pages, CORS_ORIGINS and clients that send no Origin are served.
 */
import { NO_METRICS } from '../../src/domain/metrics';
import { handshake, type Handshake } from '../support/live-client';
import { startTestServer, type TestServer } from '../support/test-server';

const sockets: Handshake[] = [];
async function outcome(server: TestServer, headers: Record<string, string>): Promise<string> {
  const answer = await handshake(server.url, { headers });
  sockets.push(answer);
  return answer.outcome === 'refused' ? `refused ${answer.status}` : answer.outcome === 'closed' ? `closed ${answer.code}` : answer.outcome;
}
afterEach(() => {
  for (const answer of sockets.splice(0)) if (answer.outcome === 'acknowledged') answer.socket.close();
});

describe('with CORS_ORIGINS', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CORS_ORIGINS: 'https://app.example, http://localhost:5173' });
  });
  afterAll(() => server.stop());

  it('refuses an upgrade from a foreign Origin with 403 before the handshake, and reports it as a security event', async () => {
    const reported = jest.spyOn(NO_METRICS, 'securityEvent');
    try {
      const refused = await handshake(server.url, { headers: { Origin: 'https://evil.example' } });
      expect(refused).toEqual({ outcome: 'refused', status: 403, body: 'This origin may not open a WebSocket to this API.' });
      expect(reported).toHaveBeenCalledWith('originRefused', { origin: 'https://evil.example', address: '127.0.0.1' });
    } finally {
      reported.mockRestore();
    }
  });

  it.each([
    ['a look-alike of its own host', 'http://127.0.0.1.evil.example'],
    ['its own host on another port', 'http://127.0.0.1:1'],
    ['a CORS origin over the other scheme', 'http://app.example'],
    ['a sandboxed page (null)', 'null'],
    ['something that is not an origin', 'not a url'],
  ])('refuses %s', async (_name, origin) => {
    expect(await outcome(server, { Origin: origin })).toBe('refused 403');
  });

  it("serves the server's own origin, the CORS_ORIGINS, and a client that sends no Origin", async () => {
    const own = new URL(server.baseUrl).origin;
    expect(await outcome(server, { Origin: own })).toBe('acknowledged');
    expect(await outcome(server, { Origin: 'https://app.example' })).toBe('acknowledged');
    expect(await outcome(server, { Origin: 'http://localhost:5173' })).toBe('acknowledged');
    expect(await outcome(server, {})).toBe('acknowledged');
  });

  it('reads its own host from Host, not X-Forwarded-Host, without TRUST_PROXY', async () => {
    expect(await outcome(server, { Origin: 'https://chirp.example', 'X-Forwarded-Host': 'chirp.example' })).toBe('refused 403');
    expect(await outcome(server, { Origin: 'https://chirp.example', Host: 'chirp.example' })).toBe('acknowledged');
  });
});

it('with TRUST_PROXY, takes its own host from X-Forwarded-Host', async () => {
  const server = await startTestServer({ TRUST_PROXY: 'loopback' });
  try {
    expect(await outcome(server, { Origin: 'https://chirp.example', 'X-Forwarded-Host': 'chirp.example' })).toBe('acknowledged');
    expect(await outcome(server, { Origin: 'https://chirp.example:443', 'X-Forwarded-Host': 'chirp.example, proxy.internal' })).toBe('acknowledged');
    expect(await outcome(server, { Origin: 'https://evil.example', 'X-Forwarded-Host': 'chirp.example' })).toBe('refused 403');
  } finally {
    for (const answer of sockets.splice(0)) if (answer.outcome === 'acknowledged') answer.socket.close();
    await server.stop();
  }
});

it('with CORS_ORIGINS=*, serves any origin', async () => {
  const server = await startTestServer({ CORS_ORIGINS: '*' });
  try {
    expect(await outcome(server, { Origin: 'https://anywhere.example' })).toBe('acknowledged');
  } finally {
    for (const answer of sockets.splice(0)) if (answer.outcome === 'acknowledged') answer.socket.close();
    await server.stop();
  }
});
