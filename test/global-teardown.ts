export default async function globalTeardown(): Promise<void> {
  await Promise.all([globalThis.localNeo4j?.stop(), globalThis.testRedisCluster?.dispose()]);
}
