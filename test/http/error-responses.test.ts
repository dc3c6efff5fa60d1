/**
 * Every error response is JSON in the GraphQL error format, whatever went wrong, with no HTML,
 * stack trace or file path; an internal error carries the request id that its log line carries.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';

import { loadConfig } from '../../src/config';
import { errorResponses } from '../../src/http/error-responses';
import { requestIds } from '../../src/http/request-ids';
import { startServer, type RunningServer } from '../../src/server';
import { createServices, type Services } from '../../src/services';
import { Graph } from '../../src/store/graph';
import { liveClient, type LiveClient } from '../support/live-client';
import { startRedisProcess, type RedisProcess } from '../support/redis-process';
import { startTestServer, type GraphQLErrorJson, type TestServer } from '../support/test-server';
import { uniqueHandle } from '../support/users';
import { required } from '../support/required';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

/** Sends a raw request to /graphql (or `path`) and reads the answer as text, whatever it is. */
async function raw(target: string, init: RequestInit = {}) {
  const response = await fetch(target, init);
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, headers: response.headers };
}

/** The response is a GraphQL error in JSON with this status and code, and reveals nothing. */
function expectGraphQLError(response: Awaited<ReturnType<typeof raw>>, status: number, code: string): { message: string; extensions: Record<string, unknown> } {
  expect({ status: response.status, json: response.contentType.startsWith('application/json') }).toEqual({ status, json: true });
  expect(response.text).not.toMatch(/<html|<!DOCTYPE|node_modules|\/src\/|\.ts:|\.js:|\bat [A-Za-z.]+ \(/i);
  const body = JSON.parse(response.text);
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0].extensions.code).toBe(code);
  expect(body.errors[0].extensions.stacktrace).toBeUndefined();
  return body.errors[0];
}

const json = { 'content-type': 'application/json' };

it('answers a body that is not JSON with 400 BAD_REQUEST', async () => {
  const error = expectGraphQLError(await raw(server.url, { method: 'POST', headers: json, body: '{"query": ' }), 400, 'BAD_REQUEST');
  expect(error.message).toBe('The request body is not valid JSON.');
});

it('answers another content type with 415', async () => {
  for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
    const error = expectGraphQLError(
      await raw(server.url, { method: 'POST', headers: { 'content-type': contentType }, body: 'query={ me { id } }' }),
      415,
      'BAD_REQUEST',
    );
    expect(error.message).toBe('Send GraphQL requests as Content-Type: application/json.');
  }
});

it('answers a body over 100 KB with 413', async () => {
  const body = JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(101 * 1024) } });
  const error = expectGraphQLError(await raw(server.url, { method: 'POST', headers: json, body }), 413, 'BAD_REQUEST');
  expect(error.message).toBe('The request body is larger than 100 KB.');
});

it('answers an unknown path under /graphql with 404 NOT_FOUND', async () => {
  for (const method of ['GET', 'POST']) {
    const error = expectGraphQLError(
      await raw(`${server.url}/nothing/here`, { method, headers: json, ...(method === 'POST' ? { body: '{}' } : {}) }),
      404,
      'NOT_FOUND',
    );
    expect(error.message).toContain('/graphql/nothing/here');
  }
});

it('answers requests Apollo cannot read as GraphQL in JSON too', async () => {
  expectGraphQLError(await raw(server.url, { method: 'POST', headers: json, body: '{"query": 5}' }), 400, 'BAD_REQUEST');
  expectGraphQLError(await raw(server.url, { method: 'POST', headers: json, body: '[{"query": "{ me { id } }"}]' }), 400, 'BAD_REQUEST');
  expectGraphQLError(await raw(server.url, { method: 'POST', headers: json, body: '"just a string"' }), 400, 'BAD_REQUEST');
  expectGraphQLError(await raw(server.url, { method: 'PUT', headers: json, body: '{"query": "{ me { id } }"}' }), 405, 'BAD_REQUEST');
  expectGraphQLError(await raw(`${server.url}?query=${encodeURIComponent('{ me { id } }')}`), 400, 'BAD_REQUEST'); // CSRF prevention
});

it('echoes a sensible X-Request-Id and replaces anything else', async () => {
  const echoed = await raw(server.url, { method: 'POST', headers: { ...json, 'x-request-id': 'client-1.2:3' }, body: '{"query": "{ me { id } }"}' });
  expect(echoed.headers.get('x-request-id')).toBe('client-1.2:3');
  const replaced = await raw(server.url, { method: 'POST', headers: { ...json, 'x-request-id': 'a b\tc' }, body: '{"query": "{ me { id } }"}' });
  expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  const tooLong = await raw(server.url, { method: 'POST', headers: { ...json, 'x-request-id': 'x'.repeat(129) }, body: '{"query": "{ me { id } }"}' });
  expect(tooLong.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

describe('an uncaught exception', () => {
  let url: string;
  let close: () => void;
  const lines: unknown[] = [];
  beforeAll(async () => {
    const logger = pino(
      { level: 'info' },
      new Writable({
        write: (chunk, _encoding, done) => {
          lines.push(JSON.parse(chunk.toString()));
          done();
        },
      }),
    );
    const app = express();
    app.use(requestIds());
    app.get('/boom', () => {
      throw new Error('secret detail at /srv/app/src/thing.ts:12');
    });
    app.use(errorResponses(logger, false));
    const listening = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listening.once('listening', resolve));
    url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    close = () => listening.close();
  });
  afterAll(() => close());

  it('answers 500 INTERNAL_SERVER_ERROR with the request id that its log line carries', async () => {
    const response = await raw(`${url}/boom`, { headers: { 'x-request-id': 'find-me-7' } });
    const error = expectGraphQLError(response, 500, 'INTERNAL_SERVER_ERROR');
    expect(error).toEqual({ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'find-me-7' } });
    expect(response.text).not.toContain('secret');
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, requestId: 'find-me-7', err: expect.objectContaining({ message: 'secret detail at /srv/app/src/thing.ts:12' }) }),
    ]);
  });
});

describe('an error inside a resolver', () => {
  let broken: { server: RunningServer; services: Services; graph: Graph };
  let scriptless: RedisProcess;
  /** A log line: pino's JSON object. */
  const lines: Record<string, unknown>[] = [];
  /** Wakes a test waiting for a log line: a request's line is written when its response has finished, which may be after the client has read it. */
  let onLine = () => {};
  beforeAll(async () => {
    // Neo4j answers, and so does the Redis the caches write through to, but with an error no rule
    // expects: it has no scripts (Neo4j being down is SERVICE_UNAVAILABLE, a known answer; Redis
    // being away is no error at all, the caches step aside).
    scriptless = await startRedisProcess(['--rename-command', 'EVALSHA', '', '--rename-command', 'EVAL', '']);
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      NEO4J_URI: process.env.NEO4J_URI,
      REDIS_URL: scriptless.url,
      RATE_LIMITS: 'off',
    });
    const logger = pino(
      { level: 'info' },
      new Writable({
        write: (chunk, _encoding, done) => {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          onLine();
          done();
        },
      }),
    );
    const graph = Graph.connect({ ...config.neo4j, uri: required(config.neo4j.uri, 'a Neo4j URI') });
    const services = createServices(config, graph, logger);
    await services.cachesConnected(10_000);
    broken = { server: await startServer({ config, ...services, logger }), services, graph };
  });
  afterAll(async () => {
    await broken.server.stop();
    await broken.services.close();
    await broken.graph.close();
    await scriptless.dispose();
  });

  it('answers INTERNAL_SERVER_ERROR with the request id of both its error and request log lines', async () => {
    const query = `mutation { signUp(input: { handle: "${uniqueHandle('err')}", password: "long enough" }) { token } }`;
    const response = await raw(broken.server.url, { method: 'POST', headers: { ...json, 'x-request-id': 'resolver-down-1' }, body: JSON.stringify({ query }) });
    const body = JSON.parse(response.text);
    expect(body.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'resolver-down-1' });
    expect(response.text).not.toMatch(/Neo4j|bolt|redis|ECONNREFUSED/i);
    const logged = () => lines.some((line) => line.requestId === 'resolver-down-1' && line.msg === 'request');
    while (!logged()) await new Promise<void>((resolve) => (onLine = resolve));
    const forRequest = lines.filter((line) => line.requestId === 'resolver-down-1');
    expect(forRequest.map((line) => line.msg)).toEqual(['Unexpected error while resolving a request', 'request']);
  });
});

describe('with introspection off', () => {
  let closed: TestServer;
  const clients: LiveClient[] = [];
  beforeAll(async () => (closed = await startTestServer({ INTROSPECTION: 'false' })));
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await closed.stop();
  });

  it('refuses introspection and gives no field suggestions, over HTTP', async () => {
    expect((await closed.request('{ __schema { queryType { name } } }')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const misspelt = await closed.request('{ mee { id } }');
    expect((misspelt.errors ?? []).map((error) => error.message)).toEqual(['Cannot query field "mee" on type "Query".']);
    // With introspection on, the suggestion is there.
    expect((await server.request('{ mee { id } }')).errors?.[0]?.message).toBe('Cannot query field "mee" on type "Query". Did you mean "me"?');
  });

  it('refuses introspection and gives no field suggestions, over WebSocket', async () => {
    const client = liveClient(closed.url);
    clients.push(client);
    const errorsOf = (query: string) =>
      client.subscribe(query).done.then(
        () => [],
        (errors: unknown) => (errors as GraphQLErrorJson[]).map((error) => error.message),
      );
    const introspectionErrors = await errorsOf('{ __schema { queryType { name } } }');
    expect(introspectionErrors.length).toBeGreaterThan(0);
    for (const message of introspectionErrors) expect(message).toMatch(/^GraphQL introspection has been disabled/);
    expect(await errorsOf('subscription { tweetPostd(authorId: "x") { id } }')).toEqual(['Cannot query field "tweetPostd" on type "Subscription".']);
  });
});
