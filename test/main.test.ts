/**
 * `npm start` as a user runs it: the built entry point in its own process, starting (or sharing)
 * the local Neo4j, serving on PORT, and stopping cleanly on SIGTERM.
 */
import { existsSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';

import { PROJECT_ROOT } from '../src/project-root';
import { graphqlAt as graphql, killServerProcesses, startServerProcess, waitForHealth } from './support/server-process';
import { operation } from './support/test-server';
import { PASSWORD, uniqueHandle } from './support/users';

const SIGN_UP = operation<{ signUp: { token: string; user: { id: string } } }>(
  'mutation S($input: SignUpInput!) { signUp(input: $input) { token user { id } } }',
);
const LOG_IN = operation<{ logIn: { user: { id: string } } }>('mutation L($h: String!, $p: String!) { logIn(handle: $h, password: $p) { user { id } } }');
const USER = operation<{ user: { id: string } | null }>('query U($h: String!) { user(handle: $h) { id } }');
const ME = operation<{ me: { id: string } | null }>('query Me { me { id } }');

const STORE = `e2e-${process.pid}`;
const STORE_DIR = path.join(PROJECT_ROOT, '.neo4j', 'data', STORE);

// Each test starts and stops real servers and Neo4j on a 2-core machine shared with other test files.
jest.setTimeout(240_000);

afterAll(() => {
  killServerProcesses();
  rmSync(STORE_DIR, { recursive: true, force: true });
});

/** A server without NEO4J_URI: it starts or shares the local Neo4j of this file's own store. */
function start(environment: Record<string, string> = {}) {
  return startServerProcess({ LOCAL_NEO4J_STORE: STORE, JWT_SECRET: '', ...environment });
}

/** Whether something accepts connections at `host`:`port`. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** An address of this machine other machines could reach it at, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal)?.address;
}

it('two servers on different ports share one local Neo4j, and each stops cleanly on SIGTERM', async () => {
  const first = await start();
  await waitForHealth(first);
  const second = await start();
  await waitForHealth(second);
  expect(second.output()).toContain('Sharing the running local Neo4j.');

  const handle = uniqueHandle('e2e');
  const signUp = await graphql(first.port, SIGN_UP, {
    input: { handle, password: PASSWORD },
  });
  expect(signUp.errors).toBeUndefined();
  const logIn = await graphql(second.port, LOG_IN, {
    h: handle,
    p: PASSWORD,
  });
  expect(logIn.data?.logIn.user.id).toBe(signUp.data?.signUp.user.id);
  // Without JWT_SECRET both sign with the checkout's key, kept for its owner alone.
  expect(statSync(path.join(PROJECT_ROOT, '.neo4j', 'jwt-secret')).mode & 0o777).toBe(0o600);
  const me = await graphql(second.port, ME, {}, signUp.data?.signUp.token);
  expect(me.data?.me?.id).toBe(signUp.data?.signUp.user.id);

  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
  expect((await fetch(`http://127.0.0.1:${first.port}/health`)).status).toBe(200);

  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  expect(first.output()).toContain('"msg":"Shutting down"');
  expect(existsSync(path.join(STORE_DIR, 'server.json'))).toBe(false);

  // The store was shut down cleanly: a new server opens it and still has the user, and the session
  // too. Without HOST it listens on the loopback alone.
  const third = await start({ HOST: '' });
  await waitForHealth(third);
  const again = await graphql(third.port, USER, { h: handle });
  expect(again.data?.user?.id).toBe(signUp.data?.signUp.user.id);
  expect((await graphql(third.port, ME, {}, signUp.data?.signUp.token)).data?.me?.id).toBe(signUp.data?.signUp.user.id);
  expect(third.output()).toContain(`"url":"http://127.0.0.1:${third.port}/graphql"`);
  const external = externalAddress();
  if (external) expect(await accepts(external, third.port)).toBe(false);
  third.child.kill('SIGTERM');
  expect(await third.exited).toBe(0);
});

it('logs one JSON line per request with its operation name and duration', async () => {
  const server = await start();
  await waitForHealth(server);
  await graphql(server.port, 'query ProfileByHandle($h: String!) { user(handle: $h) { id } }', { h: 'nobody' });
  server.child.kill('SIGTERM');
  await server.exited;
  const lines = server
    .output()
    .split('\n')
    .filter((line) => line.includes('"msg":"request"'));
  const graphqlLine = lines.map((line) => JSON.parse(line)).find((line) => line.path === '/graphql');
  expect(graphqlLine).toMatchObject({ method: 'POST', status: 200, operationName: 'ProfileByHandle', durationMs: expect.any(Number) });
});

it('says in one line what to install when Java is missing', async () => {
  // A PATH with node alone: no java, javac or mvn.
  const nodeOnly = mkdtempSync(path.join(tmpdir(), 'node-only-'));
  symlinkSync(process.execPath, path.join(nodeOnly, 'node'));
  const server = await start({ PATH: nodeOnly });
  expect(await server.exited).toBe(1);
  const plainLines = server
    .output()
    .trim()
    .split('\n')
    .filter((line) => !line.startsWith('{'));
  expect(plainLines).toHaveLength(1);
  expect(plainLines[0]).toMatch(/^The local Neo4j needs Java 17 and Maven .*docker compose up neo4j/);
});

it('refuses to start in production without JWT_SECRET', async () => {
  const server = await start({ NODE_ENV: 'production', JWT_SECRET: '' });
  expect(await server.exited).toBe(1);
  expect(server.output().trim()).toBe('JWT_SECRET must be set when NODE_ENV=production (at least 32 random characters).');
});
