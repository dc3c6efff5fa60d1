/**
 * Load generator process (forked by `npm run bench`)
 *
 * Runs the open-loop schedule against one API over HTTP (keep-alive connections spread over
 * loopback source addresses 127.0.0.2 and up, so per-address limits see many clients), holds the
 * live `homeTimeline` subscribers, and reports per step: each operation's latencies summarized,
 * errors by code, deliveries received, and its own CPU, so a reader can tell when the generator
 * rather than the server is the limit. Talks to its parent over IPC (see GeneratorMessage).
 */
import http from 'node:http';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import { SocialGraph } from '../seed/social-graph';
import { runOpenLoop, type Outcome } from './open-loop';
import { RequestFactory, type Dialect, type Operation, type Viewer } from './operations';
import { summarize, type OperationSummary } from './summary';

export type GeneratorMessage =
  | {
      type: 'init';
      url: string;
      dialect: Dialect;
      weights: Partial<Record<Operation, number>>;
      shape: { users: number; seed: number; until: number };
      viewers: Viewer[];
      subscribers: number;
      seed: number;
      sourceAddresses: number;
    }
  | { type: 'step'; rate: number; durationMs: number; drainMs: number }
  | { type: 'stop' };

export type GeneratorReply =
  | { type: 'ready'; subscribers: number }
  | {
      type: 'result';
      operations: Record<string, OperationSummary>;
      sent: number;
      elapsedMs: number;
      maxSendLagMs: number;
      cpuPercent: number;
      deliveries: number;
    }
  | { type: 'error'; message: string };

let factory: RequestFactory;
let agents: http.Agent[] = [];
let target: URL;
let pick: (index: number) => Operation;
const live: Client[] = [];
let deliveries = 0;

process.on('message', (message: GeneratorMessage) => {
  handle(message).catch((error: unknown) => reply({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
});

async function handle(message: GeneratorMessage): Promise<void> {
  if (message.type === 'init') {
    target = new URL(message.url);
    const model = new SocialGraph(message.shape);
    factory = new RequestFactory(model, message.viewers, message.dialect, message.seed);
    const weights = Object.entries(message.weights) as [Operation, number][];
    for (const [operation] of weights) if (!factory.supports(operation)) throw new Error(`The ${message.dialect} API does not serve ${operation}.`);
    pick = weightedPicker(weights, message.seed);
    agents = Array.from(
      { length: Math.max(1, message.sourceAddresses) },
      (_, index) =>
        new http.Agent({
          keepAlive: true,
          maxSockets: 64,
          // Idle connections are closed before the server's 5 s keep-alive timeout would close them under a request (ECONNRESET).
          timeout: 4000,
          ...(message.sourceAddresses > 0 ? { localAddress: `127.0.0.${2 + index}` } : {}),
        }),
    );
    await openSubscribers(message.viewers.slice(0, message.subscribers));
    reply({ type: 'ready', subscribers: live.length });
  } else if (message.type === 'step') {
    const cpuBefore = process.cpuUsage();
    const deliveriesBefore = deliveries;
    const result = await runOpenLoop({
      rate: message.rate,
      durationMs: message.durationMs,
      drainMs: message.drainMs,
      pick,
      send: (operation, index) => send(operation as Operation, index),
    });
    const cpu = process.cpuUsage(cpuBefore);
    reply({
      type: 'result',
      operations: summarize(result.samples, result.elapsedMs),
      sent: result.sent,
      elapsedMs: result.elapsedMs,
      maxSendLagMs: result.maxSendLagMs,
      cpuPercent: ((cpu.user + cpu.system) / 1000 / result.elapsedMs) * 100,
      deliveries: deliveries - deliveriesBefore,
    });
  } else {
    await Promise.all(
      live.map(async (client) => {
        await client.dispose();
      }),
    );
    for (const agent of agents) agent.destroy();
    process.exit(0);
  }
}

function send(operation: Operation, index: number): Promise<Outcome> {
  const request = factory.request(operation);
  const body = JSON.stringify({ query: request.query, variables: request.variables });
  return new Promise((resolve) => {
    const outgoing = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent: agents[index % agents.length],
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          // Apollo Server's CSRF prevention wants a preflight-forcing header on anything but JSON POSTs; this is one.
          'apollo-require-preflight': 'true',
          ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ code: codeOf(response.statusCode ?? 0, Buffer.concat(chunks).toString()) }));
        response.on('error', (error: NodeJS.ErrnoException) => resolve({ code: error.code ?? 'RESPONSE_ERROR' }));
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => resolve({ code: error.code ?? 'REQUEST_ERROR' }));
    outgoing.end(body);
  });
}

/** null for a response with data and no errors; else the first error's code, or the HTTP status. */
function codeOf(status: number, text: string): string | null {
  let parsed: { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return `HTTP_${status}`;
  }
  if (parsed.errors && parsed.errors.length > 0) return parsed.errors[0]?.extensions?.code ?? `HTTP_${status}`;
  return status === 200 ? null : `HTTP_${status}`;
}

async function openSubscribers(viewers: Viewer[]): Promise<void> {
  const wsUrl = target.href.replace(/^http/, 'ws');
  for (let start = 0; start < viewers.length; start += 50) {
    await Promise.all(
      viewers.slice(start, start + 50).map(
        (viewer) =>
          new Promise<void>((resolve, reject) => {
            const client = createClient({
              url: wsUrl,
              webSocketImpl: WebSocket,
              connectionParams: { authorization: `Bearer ${viewer.token}` },
              lazy: false,
              retryAttempts: 0,
            });
            live.push(client);
            let acknowledged = false;
            client.on('connected', () => {
              acknowledged = true;
              resolve();
            });
            client.on('closed', () => {
              if (!acknowledged) reject(new Error('A subscriber connection closed before it was acknowledged.'));
            });
            client.subscribe(
              { query: 'subscription { homeTimeline { id text author { handle } } }' },
              {
                next: () => {
                  deliveries++;
                },
                error: () => {},
                complete: () => {},
              },
            );
          }),
      ),
    );
  }
}

function weightedPicker(weights: [Operation, number][], seed: number): (index: number) => Operation {
  // A fixed interleaving: each block of 100 requests holds exactly the workload's mix, shuffled.
  const block: Operation[] = [];
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [operation, weight] of weights) for (let count = 0; count < Math.round((weight * 100) / total); count++) block.push(operation);
  let state = seed >>> 0;
  for (let index = block.length - 1; index > 0; index--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const other = state % (index + 1);
    [block[index], block[other]] = [block[other]!, block[index]!];
  }
  return (index) => block[index % block.length]!;
}

function reply(message: GeneratorReply): void {
  process.send!(message);
}
