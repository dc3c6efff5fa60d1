import type { Application } from 'express';
import type http from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * The address a request came from: the socket's, or with TRUST_PROXY the client's as the trusted
 * proxies forwarded it (X-Forwarded-For), by the app's own `trust proxy` setting. For requests
 * Express does not see, such as WebSocket upgrades; Express's own requests have `request.ip`.
 */
export function clientAddress(request: http.IncomingMessage, app: Application): string | undefined {
  if (!request.socket.remoteAddress) return undefined;
  return proxyAddr(request, app.get('trust proxy fn') as (address: string, hop: number) => boolean);
}
