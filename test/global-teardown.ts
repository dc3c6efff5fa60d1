export default async function globalTeardown(): Promise<void> {
  await globalThis.localNeo4j?.stop();
}
