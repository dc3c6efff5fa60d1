/**
 * Security events reach both places an operator looks: a `warn` log line naming whom the event
 * concerns, and the `chirp_security_events_total` counter by kind (never by user).
 */
import { Writable } from 'node:stream';
import pino from 'pino';

import { PrometheusMetrics } from '../../src/metrics/prometheus-metrics';
import { loggingSecurityEvents } from '../../src/metrics/security-events';
import { parseScrape, valueOf } from '../support/prometheus-text';

it('logs each event at warn with its subject and counts it by kind', async () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const exported = new PrometheusMetrics();
  const metrics = loggingSecurityEvents(exported, pino({ level: 'warn' }, sink));

  metrics.securityEvent('logInThrottled', { handleKey: 'victim', address: '203.0.113.9' });
  metrics.securityEvent('logInThrottled', { handleKey: 'victim', address: '203.0.113.10' });
  metrics.securityEvent('sessionsEnded', { userId: 'u1' });
  metrics.rateLimitRefused('tweets');

  expect(lines.map(({ level, securityEvent, handleKey, userId }) => ({ level, securityEvent, handleKey, userId }))).toEqual([
    { level: 40, securityEvent: 'logInThrottled', handleKey: 'victim', userId: undefined },
    { level: 40, securityEvent: 'logInThrottled', handleKey: 'victim', userId: undefined },
    { level: 40, securityEvent: 'sessionsEnded', handleKey: undefined, userId: 'u1' },
  ]);
  const samples = parseScrape((await exported.scrape()).text);
  expect(valueOf(samples, 'chirp_security_events_total', { event: 'logInThrottled' })).toBe(2);
  expect(valueOf(samples, 'chirp_security_events_total', { event: 'sessionsEnded' })).toBe(1);
  expect(valueOf(samples, 'chirp_rate_limit_refusals_total', { limit: 'tweets' })).toBe(1);
});
