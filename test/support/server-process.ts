/**
 * The built server (`dist/src/main.js`, what `npm start` runs) in a process of its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { PROJECT_ROOT } from '../../src/project-root';
import { freePort } from '../../src/store/local-neo4j/local-neo4j';
import { eventually } from './eventually';
import { dataOf, operation, type GraphQLResponse, type Operation } from './test-server';
import { PASSWORD, uniqueHandle } from './users';

const MAIN = path.join(PROJECT_ROOT, 'dist', 'src', 'main.js');

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

const started: ServerProcess[] = [];

/** Kills whatever is still running (afterAll). */
export function killServerProcesses(): void {
  for (const { child } of started) if (child.exitCode === null) child.kill('SIGKILL');
}

/**
 * Starts the server with the test run's environment (less NEO4J_URI and REDIS_URL) plus `environment`,
 * in one process unless `environment` sets WEB_CONCURRENCY: the tests share two cores.
 */
export async function startServerProcess(environment: Record<string, string>): Promise<ServerProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does).`);
  const { NEO4J_URI: _neo4j, REDIS_URL: _redis, ...inherited } = process.env;
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...inherited,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOCAL_NEO4J_BOLT_PORT: '0',
      LOG_LEVEL: 'info',
      WEB_CONCURRENCY: '1',
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const server = { child, port, output: () => output, exited };
  started.push(server);
  return server;
}

export async function waitForHealth(server: ServerProcess, timeoutMs = 120_000): Promise<void> {
  const healthy = async () => {
    if (server.child.exitCode !== null) throw new Error(`Server exited early:\n${server.output()}`);
    try {
      return (await fetch(`http://127.0.0.1:${server.port}/health`)).status === 200;
    } catch {
      return false; // not listening yet
    }
  };
  try {
    await eventually(healthy, (ok) => ok, { timeoutMs, what: 'the server to become healthy' });
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${server.output()}`, { cause: error });
  }
}

export async function graphqlAt<T = unknown>(port: number, query: Operation<T> | string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
}

/** Signs a new user up through a server process; returns their id and token. */
const SIGN_UP = operation<{ signUp: { token: string; user: { id: string } } }>(
  'mutation S($input: SignUpInput!) { signUp(input: $input) { token user { id } } }',
);

export async function signUpAt(port: number, handlePrefix: string): Promise<{ id: string; token: string }> {
  const response = await graphqlAt(port, SIGN_UP, {
    input: { handle: uniqueHandle(handlePrefix), password: PASSWORD },
  });
  const { signUp } = dataOf(response);
  return { id: signUp.user.id, token: signUp.token };
}

/**
 * A GraphQL request on a connection of its own (no keep-alive), so whatever spreads connections
 * (node's cluster, a load balancer) may hand each request to another process.
 */
export function graphqlOnNewConnection<T = unknown>(
  url: string,
  query: Operation<T> | string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<Omit<GraphQLResponse<T>, 'status'>> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          try {
            resolve(JSON.parse(text) as Omit<GraphQLResponse<T>, 'status'>);
          } catch {
            reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`));
          }
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
