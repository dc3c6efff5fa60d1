/**
 * A subscription is counted once started, once per event, and ended exactly once however it ends.
 */
import { parse, type ExecutionResult } from 'graphql';

import { countedSubscription, subscriptionField, type LiveMetrics } from '../../src/websocket/subscription-metrics';
import { EventStream } from '../../src/domain/live/event-stream';

function recorder() {
  const calls: string[] = [];
  const metrics: LiveMetrics = {
    connectionOpened: () => calls.push('opened'),
    connectionClosed: () => calls.push('closed'),
    subscriptionStarted: (field) => calls.push(`started ${field}`),
    subscriptionEnded: (field) => calls.push(`ended ${field}`),
    eventDelivered: (field) => calls.push(`delivered ${field}`),
  };
  return { calls, metrics };
}

const event = (id: string): ExecutionResult => ({ data: { homeTimeline: { id } } });

it('counts each event and the end of a stream that finishes', async () => {
  const { calls, metrics } = recorder();
  const source = new EventStream<ExecutionResult>(10);
  const counted = countedSubscription(source, 'homeTimeline', metrics);
  source.push(event('1'));
  source.push(event('2'));
  source.end();
  const received: ExecutionResult[] = [];
  for await (const result of counted) received.push(result);
  expect(received).toEqual([event('1'), event('2')]);
  expect(calls).toEqual(['started homeTimeline', 'delivered homeTimeline', 'delivered homeTimeline', 'ended homeTimeline']);
});

it('ends at once when returned while waiting for an event, and only once', async () => {
  const { calls, metrics } = recorder();
  const source = new EventStream<ExecutionResult>(10);
  const counted = countedSubscription(source, 'tweetPosted', metrics);
  const waiting = counted.next();
  await counted.return?.();
  expect(await waiting).toEqual({ value: undefined, done: true });
  expect(source.isClosed).toBe(true);
  expect(calls).toEqual(['started tweetPosted', 'ended tweetPosted']);
});

it('ends when the stream fails', async () => {
  const { calls, metrics } = recorder();
  const source = new EventStream<ExecutionResult>(10);
  const counted = countedSubscription(source, 'tweetUpdated', metrics);
  source.fail(new Error('too slow'));
  await expect(counted.next()).rejects.toThrow('too slow');
  await counted.return?.();
  expect(calls).toEqual(['started tweetUpdated', 'ended tweetUpdated']);
});

it('names a subscription by its root field, and nothing else by one', () => {
  expect(subscriptionField(parse('subscription Feed { homeTimeline { id } }'), 'Feed')).toBe('homeTimeline');
  expect(subscriptionField(parse('subscription { tweetPosted(authorId: "a") { id } }'), undefined)).toBe('tweetPosted');
  expect(subscriptionField(parse('query { me { id } }'), undefined)).toBeUndefined();
});
