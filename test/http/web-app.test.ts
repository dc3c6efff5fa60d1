/**
 * Serving the web app and GraphiQL: the built pages under a Content-Security-Policy, deep links,
 * cache headers, the redirect of browsers from /graphql to /graphiql, and JSON 404s for API paths.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { WEB_APP_ROOT } from '../../src/http/web-app';
import { startTestServer, type TestServer } from '../support/test-server';
import { required } from '../support/required';

const PAGE = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

let server: TestServer;
beforeAll(async () => {
  if (!existsSync(path.join(WEB_APP_ROOT, 'index.html'))) throw new Error(`${WEB_APP_ROOT} is not built: run \`npm run build\` first (npm test does).`);
  server = await startTestServer();
});
afterAll(() => server.stop());

it('serves the app at / under a Content-Security-Policy that allows only its own origin', async () => {
  const response = await fetch(`${server.baseUrl}/`, { headers: PAGE });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(await response.text()).toContain('<div id="root"></div>');
  const policy = parsePolicy(response.headers.get('content-security-policy'));
  expect(policy['script-src']).toEqual(["'self'"]);
  expect(policy['connect-src']).toEqual(["'self'"]);
  expect(policy['default-src']).toEqual(["'self'"]);
  expect(policy).not.toHaveProperty('upgrade-insecure-requests');
  expect(
    Object.values(policy)
      .flat()
      .filter((source) => /^https?:|\*/.test(source)),
  ).toEqual([]);
});

it.each(['/@ada', '/home', '/@ada/status/0190a1b2-0000-7000-8000-000000000000', '/login'])('serves the app for the deep link %s', async (link) => {
  const response = await fetch(`${server.baseUrl}${link}`, { headers: PAGE });
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('<div id="root"></div>');
});

it('serves hashed assets with a year-long immutable cache', async () => {
  const asset = readdirSync(path.join(WEB_APP_ROOT, 'assets')).filter((name) => /^app-.*\.js$/.test(name))[0];
  const response = await fetch(`${server.baseUrl}/assets/${asset}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  const page = await fetch(`${server.baseUrl}/home`, { headers: PAGE });
  expect(page.headers.get('cache-control')).toBe('no-cache');
});

it('serves GraphiQL at /graphiql and sends browsers asking for /graphql there', async () => {
  const graphiql = await fetch(`${server.baseUrl}/graphiql`, { headers: PAGE });
  expect(graphiql.status).toBe(200);
  expect(await graphiql.text()).toContain('<div id="graphiql"></div>');
  const redirect = await fetch(server.url, { headers: PAGE, redirect: 'manual' });
  expect(redirect.status).toBe(302);
  expect(redirect.headers.get('location')).toBe('/graphiql');
});

it('still answers API clients on /graphql', async () => {
  const response = await server.request('{ me { id } }');
  expect(response).toEqual({ status: 200, data: { me: null } });
});

it.each(['/graphql/anything', '/health/deep', '/metrics/x', '/assets/missing-0000.js'])('answers %s with a JSON 404, never the app', async (unknown) => {
  const response = await fetch(`${server.baseUrl}${unknown}`, { headers: PAGE });
  expect(response.status).toBe(404);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await response.json()).toEqual({ errors: [{ message: `Nothing is served at GET ${unknown}.`, extensions: { code: 'NOT_FOUND' } }] });
});

it('answers a script (not a browser) asking for an unknown path with a JSON 404', async () => {
  const response = await fetch(`${server.baseUrl}/no/such/page`, { headers: { accept: 'application/json' } });
  expect(response.status).toBe(404);
  expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('NOT_FOUND');
});

function parsePolicy(header: string | null): Record<string, string[]> {
  expect(header).toBeTruthy();
  return Object.fromEntries(
    required(header, 'the header')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe('with introspection off', () => {
  let closed: TestServer;
  beforeAll(async () => (closed = await startTestServer({ INTROSPECTION: 'false' })));
  afterAll(() => closed.stop());

  it('serves no GraphiQL and sends no browser there', async () => {
    const graphiql = await fetch(`${closed.baseUrl}/graphiql`, { headers: PAGE });
    expect(graphiql.status).toBe(404);
    expect(await graphiql.json()).toEqual({
      errors: [{ message: 'GraphiQL is off on this server, as introspection is (INTROSPECTION=false).', extensions: { code: 'NOT_FOUND' } }],
    });
    const page = await fetch(closed.url, { headers: PAGE, redirect: 'manual' });
    expect(page.status).not.toBe(302);
    // Nor Apollo's hosted landing page, which loads its scripts from Apollo's servers.
    expect(await page.text()).not.toMatch(/apollographql\.com|embeddable-sandbox|landing-page/i);
    const app = await fetch(`${closed.baseUrl}/home`, { headers: PAGE });
    expect(app.status).toBe(200);
  });
});
