/**
 * Live-feed settings
 *
 * What one WebSocket connection may hold (src/subscriptions-server.ts): how many subscriptions,
 * how many waiting events, and how often it must answer a ping.
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
}

export const liveVariables = z.object({
  LIVE_MAX_SUBSCRIPTIONS: positiveInt.default(100),
  LIVE_QUEUE_LIMIT: positiveInt.default(100),
  LIVE_KEEPALIVE_MS: positiveInt.default(12_000),
});

export function liveConfig(env: z.infer<typeof liveVariables>): LiveConfig {
  return {
    maxSubscriptions: env.LIVE_MAX_SUBSCRIPTIONS,
    queueLimit: env.LIVE_QUEUE_LIMIT,
    keepAliveMs: env.LIVE_KEEPALIVE_MS,
  };
}
