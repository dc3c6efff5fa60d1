/**
 * Subscription origin
 *
 * Whether a WebSocket upgrade may proceed, by its `Origin`: a browser sends the page's origin with
 * every upgrade, and since WebSockets are not bound by the same-origin policy, a page elsewhere
 * could otherwise open a socket to the API in its visitor's name (cross-site WebSocket hijacking).
 * Allowed: no `Origin` at all (a server-side client), the server's own origin (the request's
 * `Host`, or `X-Forwarded-Host` behind a trusted proxy), and CORS_ORIGINS (`*` allows any).
 */
import type http from 'node:http';

export interface OriginSettings {
  /** CORS_ORIGINS: origins such as https://app.example.com, or `*`. */
  allowed: readonly string[];
  /** TRUST_PROXY: anything but false lets X-Forwarded-Host name the server's own host. */
  trustProxy: boolean | number | string;
}

/** True when an upgrade carrying `origin` (undefined: none) may become a WebSocket. */
export function isOriginAllowed(origin: string | undefined, request: http.IncomingMessage, { allowed, trustProxy }: OriginSettings): boolean {
  if (origin === undefined) return true;
  if (allowed.includes('*')) return true;
  const parsed = urlOf(origin);
  // `null` (a sandboxed frame, a file) or anything else that is not an origin.
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return false;
  if (allowed.some((entry) => urlOf(entry)?.origin === parsed.origin)) return true;
  const host = ownHost(request, trustProxy !== false);
  // Parsed with the origin's scheme, so that a default port written out (`:443`) compares equal.
  return host !== undefined && urlOf(`${parsed.protocol}//${host}`)?.host === parsed.host;
}

/** The host[:port] the client addressed: the first proxy's X-Forwarded-Host when proxies are trusted, else Host. */
function ownHost(request: http.IncomingMessage, trustProxy: boolean): string | undefined {
  const forwarded = trustProxy ? request.headers['x-forwarded-host'] : undefined;
  const host = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim() || request.headers.host;
  return host || undefined;
}

function urlOf(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
