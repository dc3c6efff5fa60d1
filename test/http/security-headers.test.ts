/**
 * Security headers on every response, the CSP left to the web app and no HSTS; CORS off unless
 * CORS_ORIGINS allows an origin.
 */
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

const json = { 'content-type': 'application/json' };

it('sends nosniff, frame denial and a referrer policy on every response, and no HSTS', async () => {
  const responses = await Promise.all([
    fetch(server.url, { method: 'POST', headers: json, body: '{"query": "{ me { id } }"}' }),
    fetch(server.url, { method: 'POST', headers: json, body: '{"query": ' }),
    fetch(`${server.baseUrl}/health`),
    fetch(`${server.url}/unknown`),
    fetch(`${server.baseUrl}/no/such/page`, { headers: { accept: 'application/json' } }),
  ]);
  expect(responses.map((response) => response.status)).toEqual([200, 400, 200, 404, 404]);
  for (const response of responses) {
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('content-security-policy') ?? '').not.toContain('upgrade-insecure-requests');
  }
});

it('allows no other origin by default', async () => {
  const preflight = await fetch(server.url, {
    method: 'OPTIONS',
    headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  const post = await fetch(server.url, { method: 'POST', headers: { ...json, origin: 'https://elsewhere.example' }, body: '{"query": "{ me { id } }"}' });
  expect(post.headers.get('access-control-allow-origin')).toBeNull();
});

describe('with CORS_ORIGINS', () => {
  let open: TestServer;
  beforeAll(async () => (open = await startTestServer({ CORS_ORIGINS: 'https://app.example, https://other.example' })));
  afterAll(() => open.stop());

  it('answers preflights from a listed origin, and not from others', async () => {
    const preflight = (origin: string) =>
      fetch(open.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
    const allowed = await preflight('https://app.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();

    const post = await fetch(open.url, { method: 'POST', headers: { ...json, origin: 'https://other.example' }, body: '{"query": "{ me { id } }"}' });
    expect(post.headers.get('access-control-allow-origin')).toBe('https://other.example');
    expect(post.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
  });
});
