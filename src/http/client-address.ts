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
import { isIPv4, isIPv6 } from 'node:net';
import type http from 'node:http';
import proxyAddr from 'proxy-addr';

/** For requests Express does not see, such as WebSocket upgrades. */
export function clientAddress(request: http.IncomingMessage, app: Application): string | undefined {
  if (!request.socket.remoteAddress) return undefined;
  return limitedAddress(proxyAddr(request, app.get('trust proxy fn') as (address: string, hop: number) => boolean));
}

/** An address as the limits count it (Express's `request.ip`, say): an IPv6 one's /64, written `2001:db8:1:2::/64`. */
export function limitedAddress(address: string | undefined): string | undefined {
  if (address === undefined || !isIPv6(address)) return address;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return groups
      .slice(6)
      .flatMap((group) => [group >> 8, group & 0xff])
      .join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, `::` expanded and a trailing IPv4 part or zone read. */
function ipv6Groups(address: string): number[] {
  const [withoutZone = ''] = address.split('%');
  const [head = '', tail] = withoutZone.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').flatMap(groupsOf));
  const start = parse(head);
  const end = tail === undefined ? [] : parse(tail);
  return [...start, ...Array<number>(8 - start.length - end.length).fill(0), ...end];
}

function groupsOf(part: string): number[] {
  if (!isIPv4(part)) return [parseInt(part, 16)];
  const [a = 0, b = 0, c = 0, d = 0] = part.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d];
}
