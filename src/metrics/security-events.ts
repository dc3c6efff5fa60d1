/**
 * Security events
 *
 * The domain's metrics with its security events also logged at `warn`, the level an operator
 * watches, with whom each concerns (user, handle, address): the counter tells how often, the log
 * line who. Every process logs them, whether or not it exports metrics.
 */
import type { Metrics, SecurityEvent } from '../domain/metrics';
import type { Logger } from '../logger';

const MESSAGES: Record<SecurityEvent, string> = {
  logInThrottled: 'Log-in refused by a failed log-in budget',
  passwordCheckThrottled: 'Password check refused by the wrong-password budget',
  originRefused: 'WebSocket upgrade refused for its Origin',
  passwordChanged: 'Password changed; other sessions ended',
  sessionsEnded: 'Every session of a user ended',
};

export function loggingSecurityEvents(metrics: Metrics, logger: Logger): Metrics {
  return {
    fanOutCompleted: (lagMs) => metrics.fanOutCompleted(lagMs),
    fanOutBacklog: (pending) => metrics.fanOutBacklog(pending),
    homePageServed: (source) => metrics.homePageServed(source),
    feedRebuilt: (kind) => metrics.feedRebuilt(kind),
    rateLimitRefused: (limit) => metrics.rateLimitRefused(limit),
    securityEvent(event, subject) {
      logger.warn({ securityEvent: event, ...subject }, MESSAGES[event]);
      metrics.securityEvent(event, subject);
    },
  };
}
