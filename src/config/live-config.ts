/**
 * Live-feed settings
 *
 * What one WebSocket connection may hold (src/websocket/subscriptions-server.ts): how many subscriptions,
 * how many waiting events, how many watched ids, how many events a second, and how often it must
 * answer a ping; and how many connections one address or one user may open on one instance.
 */
import { z } from 'zod';

import { positiveInt } from './environment-values';

export interface LiveConfig {
  /** Operations one WebSocket connection may run at once. */
  maxSubscriptions: number;
  /** Events a subscription may have waiting for a slow client before it is ended. */
  queueLimit: number;
  /** Ping interval; a client that has not answered one by the next is dropped. */
  keepAliveMs: number;
  /** Ids (tweets, authors, a home timeline) one connection may watch at once, across its subscriptions. */
  maxWatchedIds: number;
  /** Open connections from one client address on one instance (counted in its memory). */
  maxSocketsPerAddress: number;
  /** Open signed-in connections of one user on one instance (counted in its memory). */
  maxSocketsPerUser: number;
  /** Events one connection may be sent in a second, across its subscriptions; the excess ends the subscription. */
  maxEventsPerSecond: number;
}

export const liveVariables = z.object({
  LIVE_MAX_SUBSCRIPTIONS: positiveInt.default(100),
  LIVE_QUEUE_LIMIT: positiveInt.default(100),
  LIVE_KEEPALIVE_MS: positiveInt.default(12_000),
  LIVE_MAX_WATCHED_IDS: positiveInt.default(1_000),
  LIVE_MAX_SOCKETS_PER_ADDRESS: positiveInt.default(50),
  LIVE_MAX_SOCKETS_PER_USER: positiveInt.default(20),
  LIVE_MAX_EVENTS_PER_SECOND: positiveInt.default(100),
});

export function liveConfig(env: z.infer<typeof liveVariables>): LiveConfig {
  return {
    maxSubscriptions: env.LIVE_MAX_SUBSCRIPTIONS,
    queueLimit: env.LIVE_QUEUE_LIMIT,
    keepAliveMs: env.LIVE_KEEPALIVE_MS,
    maxWatchedIds: env.LIVE_MAX_WATCHED_IDS,
    maxSocketsPerAddress: env.LIVE_MAX_SOCKETS_PER_ADDRESS,
    maxSocketsPerUser: env.LIVE_MAX_SOCKETS_PER_USER,
    maxEventsPerSecond: env.LIVE_MAX_EVENTS_PER_SECOND,
  };
}
