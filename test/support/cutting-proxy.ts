/**
 * A TCP proxy in front of Neo4j that can lose one answer: armed with a piece of a statement's text,
 * it forwards everything until the server answers that statement with its commit (the reply that
 * carries a bookmark), then closes the client's connection instead of passing the reply on. The
 * write is committed and its answer is lost, as when a network drops between the two.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface CuttingProxy {
  uri: string;
  /** Cuts the connection after the next commit of a statement containing `statementText`; resolves once it has. */
  cutAfterCommitOf(statementText: string): Promise<void>;
  close(): Promise<void>;
}

export async function startCuttingProxy(targetUri: string): Promise<CuttingProxy> {
  const target = new URL(targetUri.replace(/^(bolt|neo4j)(\+s|\+ssc)?:/, 'http:'));
  const sockets = new Set<net.Socket>();
  let armed: { text: Buffer; cut: () => void } | undefined;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    let sentArmedStatement = false;
    client.on('data', (chunk: Buffer) => {
      if (armed && chunk.includes(armed.text)) sentArmedStatement = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (armed && sentArmedStatement && chunk.includes('bookmark')) {
        const { cut } = armed;
        armed = undefined;
        client.destroy();
        upstream.destroy();
        cut();
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    uri: `bolt://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cutAfterCommitOf(statementText) {
      return new Promise<void>((resolve) => (armed = { text: Buffer.from(statementText), cut: resolve }));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
