/**
 * Client address
 *
 * The address a request came from, as the rate limits count it: the socket's, or with TRUST_PROXY
 * the client's as the trusted proxies forwarded it (X-Forwarded-For), by the app's own `trust proxy`
 * setting. An IPv6 client counts by its /64, the smallest network a provider hands a subscriber
 * (RFC 6177), which its machine may fill with as many addresses as it likes; an IPv4 client, or one
 * written as IPv4-mapped IPv6 (`::ffff:192.0.2.1`), by its address.
 */
import type { Application } from 'express';
import type http from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyAddr from 'proxy-addr';

/** For requests Express does not see, such as WebSocket upgrades. */
export function clientAddress(request: http.IncomingMessage, app: Application): string | undefined {
  if (!request.socket.remoteAddress) return undefined;
  return limitedAddress(proxyAddr(request, app.get('trust proxy fn') as (address: string, hop: number) => boolean));
}

/** An address as the limits count it (Express's `request.ip`, say): an IPv6 one's /64, written as ipaddr.js writes it (`2001:db8:1:2::/64`). */
export function limitedAddress(address: string | undefined): string | undefined {
  if (address === undefined || !ipaddr.IPv6.isValid(address)) return address;
  const parsed = ipaddr.IPv6.parse(address);
  if (parsed.isIPv4MappedAddress()) return parsed.toIPv4Address().toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`).toString()}/64`;
}
