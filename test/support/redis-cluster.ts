/**
 * A Redis Cluster of a test's own: three masters, each with one replica, from Debian's
 * redis-server on free ports (`--cluster-enabled yes`), joined with `redis-cli --cluster create`.
 * A short node timeout, so a killed master's replica takes over within a few seconds.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Cluster } from 'ioredis';

import type { RedisNode } from '../../src/config';
import { slotOf } from '../../src/store/redis-connection';
import { eventually } from './eventually';
import { startRedisProcess, type RedisProcess } from './redis-process';

const run = promisify(execFile);

/** How long a master may be silent before its replica is elected in its place. */
const NODE_TIMEOUT_MS = 1_000;

export interface RedisCluster {
  /** Seed nodes, as REDIS_CLUSTER_NODES lists them. */
  nodes: RedisNode[];
  /** `host:port,…`, for REDIS_CLUSTER_NODES. */
  nodeList: string;
  /** A client of the whole cluster (closed by `dispose`). */
  connect(): Cluster;
  /** The server that is master for `key`'s slot now. */
  masterOf(key: string): Promise<RedisProcess>;
  /** Waits until every replica has every write its master has (a failover then loses none). */
  replicated(): Promise<void>;
  /**
   * Kills `master` and waits until its replica has taken over its slots and the cluster is whole
   * again (every slot served).
   */
  failOver(master: RedisProcess): Promise<void>;
  dispose(): Promise<void>;
}

/** `extraArguments` go to every redis-server, after redis-process.ts's defaults (which keep timelines compact). */
export async function startRedisCluster(extraArguments: readonly string[] = []): Promise<RedisCluster> {
  const clusterArguments = ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(NODE_TIMEOUT_MS)];
  const servers = await Promise.all(Array.from({ length: 6 }, () => startRedisProcess([...clusterArguments, ...extraArguments])));
  const clients: Cluster[] = [];
  try {
    await run('redis-cli', ['--cluster', 'create', ...servers.map((server) => `127.0.0.1:${server.port}`), '--cluster-replicas', '1', '--cluster-yes']);
    await untilWhole(servers);
    // Each master's replica attached, so a failover has one to elect.
    await eventually(
      async () => Promise.all(servers.map(async (server) => String(await server.command('INFO', 'replication')))),
      (infos) => infos.filter((info) => /role:master/.test(info)).every((info) => /connected_slaves:1/.test(info) && /slave0:.*state=online/.test(info)),
      { timeoutMs: 30_000, what: "every master's replica to attach" },
    );
  } catch (error) {
    await Promise.all(servers.map((server) => server.dispose()));
    throw error;
  }
  const nodes = servers.map((server) => ({ host: '127.0.0.1', port: server.port }));

  const slotOwner = async (slot: number): Promise<RedisProcess> => {
    const live = servers.filter((server) => !stopped.has(server));
    for (const server of live) {
      const ranges = (await server.command('CLUSTER', 'SHARDS')) as unknown[];
      for (const shard of ranges) {
        const fields = shard as unknown[];
        const slots = fields[1] as number[];
        const shardNodes = fields[3] as unknown[][];
        for (let index = 0; index < slots.length; index += 2) {
          if (slot < (slots[index] ?? 0) || slot > (slots[index + 1] ?? -1)) continue;
          for (const node of shardNodes) {
            const info = new Map<string, unknown>();
            for (let field = 0; field < node.length; field += 2) info.set(String(node[field]), node[field + 1]);
            if (info.get('role') === 'master' && info.get('health') === 'online') {
              const owner = servers.find((candidate) => candidate.port === Number(info.get('port')));
              if (owner) return owner;
            }
          }
        }
      }
    }
    throw new Error(`No online master serves slot ${slot}.`);
  };
  const stopped = new Set<RedisProcess>();

  return {
    nodes,
    nodeList: nodes.map(({ host, port }) => `${host}:${port}`).join(','),
    connect() {
      const client = new Cluster(nodes, { enableAutoPipelining: true });
      // A node the test kills refuses connections until the client drops it: expected, not news.
      client.on('error', () => {});
      clients.push(client);
      return client;
    },
    masterOf: (key) => slotOwner(slotOf(key)),
    async replicated() {
      await eventually(
        async () => Promise.all(servers.filter((server) => !stopped.has(server)).map(async (server) => String(await server.command('INFO', 'replication')))),
        (infos) => infos.every(replicasCaughtUp),
        { timeoutMs: 10_000, what: 'every replica to catch up with its master' },
      );
    },
    async failOver(master) {
      await master.stop();
      stopped.add(master);
      await untilWhole(servers.filter((server) => !stopped.has(server)));
    },
    async dispose() {
      await Promise.all(clients.splice(0).map((client) => client.quit().catch(() => client.disconnect())));
      await Promise.all(servers.map((server) => server.dispose()));
    },
  };
}

/** Waits until every given server reports the cluster whole: all 16,384 slots served. */
async function untilWhole(servers: readonly RedisProcess[]): Promise<void> {
  await eventually(
    async () => Promise.all(servers.map(async (server) => String(await server.command('CLUSTER', 'INFO')))),
    (infos) => infos.every((info) => /cluster_state:ok/.test(info) && /cluster_slots_ok:16384/.test(info)),
    { timeoutMs: 30_000, what: 'the Redis Cluster to serve every slot' },
  );
}

/** A master's INFO replication shows each replica at the master's offset (a replica's INFO: nothing to wait for). */
function replicasCaughtUp(info: string): boolean {
  if (!/role:master/.test(info)) return true;
  const offset = /master_repl_offset:(\d+)/.exec(info)?.[1];
  const replicas = [...info.matchAll(/slave\d+:.*offset=(\d+)/g)].map((match) => match[1]);
  return replicas.every((replicaOffset) => replicaOffset === offset);
}
