/**
 * Metrics server
 *
 * `GET /metrics` in Prometheus's text format on a port of its own (METRICS_PORT, on METRICS_HOST:
 * the loopback unless set), never on the public one: what the API measures is for its operators.
 * A plain node:http server, since it answers one path and must not share the API's middleware.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Logger } from '../logger';
import type { Scraper } from './prometheus-metrics';

export interface MetricsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function serveMetrics(settings: { port: number; host: string }, scrape: Scraper, logger: Logger): Promise<MetricsServer> {
  const server = http.createServer((request, response) => {
    if (request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: the metrics are at /metrics.\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Only GET reads the metrics.\n');
      return;
    }
    scrape().then(
      ({ contentType, text }) => response.writeHead(200, { 'content-type': contentType }).end(request.method === 'HEAD' ? undefined : text),
      (error: unknown) => {
        // A cluster's scrape fails when a worker does not answer in time (one starting, or stuck).
        logger.warn({ err: error }, 'Collecting the metrics failed');
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Collecting the metrics failed; try again.\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${settings.host === '0.0.0.0' ? 'localhost' : settings.host}:${port}/metrics`;
  logger.info({ url }, 'Metrics ready');
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // A scraper keeps its connection open between scrapes: it must not hold the shutdown.
        server.closeIdleConnections();
      }),
  };
}
