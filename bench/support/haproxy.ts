/**
 * A real load balancer in front of API processes: Debian's HAProxy (`apt-get install haproxy`),
 * configured as a deployment would (see docker-compose.yml): round robin, WebSocket upgrades
 * passed through, and active health checks on `/health/ready`, so an instance that stops answering
 * is taken out within a second. Used by the load-balancer tests and by `bench:live` across
 * instances (so it lives here: benchmarks do not import the tests' support).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort } from '../../src/store/local-neo4j/local-neo4j';

const HAPROXY = process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy';

export interface LoadBalancer {
  port: number;
  url: string;
  /** What HAProxy printed (servers going down and up among it). */
  output(): string;
  stop(): Promise<void>;
}

/** Connections HAProxy holds at once unless told otherwise: each open WebSocket is one. */
const MAX_CONNECTIONS = 2_000;

/**
 * The configuration: one frontend bound to `bind` (`address:port`), one backend of `servers`
 * (`host:port`). docker-compose.yml's deploy/haproxy.cfg is this with its own addresses (a test
 * keeps them equal).
 */
export function haproxyConfig(bind: string, servers: string[], maxConnections = MAX_CONNECTIONS): string {
  return [
    'global',
    `  maxconn ${maxConnections}`,
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    // An upgraded WebSocket is a tunnel: it lives as long as its client.
    '  timeout tunnel 1h',
    // A check may take this long to answer: a busy instance is slow, not down (without it, the
    // check interval is the limit, and a burst of connections took both instances out at once).
    // A stopped instance still fails at once, its connection refused.
    '  timeout check 2s',
    // A request that could not reach an instance at all (never sent) goes to another; a sent one is never repeated.
    '  retries 2',
    '  option redispatch',
    '  retry-on conn-failure',
    'frontend chirp',
    `  bind ${bind}`,
    // The client's address for the instances' rate limits (they trust one proxy hop: TRUST_PROXY=1).
    '  option forwardfor',
    '  default_backend api',
    'backend api',
    '  balance roundrobin',
    '  option httpchk GET /health/ready',
    '  http-check expect status 200',
    '  default-server inter 300ms fall 2 rise 1',
    ...servers.map((server, index) => `  server api${index + 1} ${server} check`),
    '',
  ].join('\n');
}

/** Starts HAProxy on a free port in front of the local `servers` (ports); `maxConnections` for many WebSockets. */
export async function startLoadBalancer(servers: number[], maxConnections = MAX_CONNECTIONS): Promise<LoadBalancer> {
  if (!existsSync(HAPROXY)) throw new Error(`HAProxy is missing at ${HAPROXY}: apt-get install haproxy (or set HAPROXY_PATH).`);
  const port = await freePort();
  const directory = mkdtempSync(path.join(tmpdir(), 'chirp-haproxy-'));
  const config = path.join(directory, 'haproxy.cfg');
  writeFileSync(
    config,
    haproxyConfig(
      `127.0.0.1:${port}`,
      servers.map((server) => `127.0.0.1:${server}`),
      maxConnections,
    ),
  );
  const child: ChildProcess = spawn(HAPROXY, ['-db', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}/graphql`;
  await untilReady(port, child, () => output);
  return {
    port,
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Waits until HAProxy answers /health/ready with 200 (an instance behind it is ready), for up to 30 s. */
async function untilReady(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`HAProxy exited:\n${output()}`);
    const status = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`HAProxy did not serve /health/ready within 30 s (last status ${status}):\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
