/**
 * Redis event bus
 *
 * Redis pub/sub, so a message published by any instance reaches the listeners of every instance.
 * Each instance holds one subscriber connection with one Redis subscription per channel that has a
 * local listener; publishing to many channels is one pipelined batch of PUBLISH commands.
 */
import type { Redis } from 'ioredis';

import type { Logger } from '../../logger';
import type { EventBus, Listener, Unsubscribe } from './event-bus';
import { ListenerRegistry } from './listener-registry';

/** PUBLISH commands per pipeline: large fan-outs go out in several batches. */
const PUBLISH_BATCH = 1_000;

export class RedisEventBus implements EventBus {
  private readonly listeners = new ListenerRegistry();
  /** Each channel's SUBSCRIBE, so a second listener also waits until Redis has confirmed it. */
  private readonly subscriptions = new Map<string, Promise<unknown>>();
  private readonly subscriber: Redis;

  /** Takes over `publisher` (closed with the bus) and opens a subscriber connection like it. */
  constructor(
    private readonly publisher: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    this.subscriber = publisher.duplicate();
    for (const connection of [publisher, this.subscriber]) {
      connection.on('error', (error: unknown) => logger.warn({ err: error }, 'Redis event bus connection error'));
    }
    this.subscriber.on('message', (channel: string, message: string) => {
      this.listeners.deliver(channel.slice(this.prefix.length), message, (error) => this.logger.error({ err: error, channel }, 'Event listener failed'));
    });
  }

  async publish(channels: readonly string[], message: string): Promise<void> {
    for (let start = 0; start < channels.length; start += PUBLISH_BATCH) {
      const pipeline = this.publisher.pipeline();
      for (const channel of channels.slice(start, start + PUBLISH_BATCH)) pipeline.publish(this.prefix + channel, message);
      const results = (await pipeline.exec()) ?? [];
      for (const [error] of results) if (error) throw error;
    }
  }

  async subscribe(channel: string, listener: Listener): Promise<Unsubscribe> {
    // Commands on one connection run in order, so a SUBSCRIBE after an UNSUBSCRIBE of the same
    // channel (a listener leaving as another arrives) always leaves the channel subscribed.
    if (this.listeners.add(channel, listener)) this.subscriptions.set(channel, this.subscriber.subscribe(this.prefix + channel));
    const subscribing = this.subscriptions.get(channel);
    try {
      await subscribing;
    } catch (error) {
      // Forget the failed SUBSCRIBE, so the channel's next listener tries again.
      this.listeners.remove(channel, listener);
      if (this.subscriptions.get(channel) === subscribing) this.subscriptions.delete(channel);
      throw error;
    }
    return async () => {
      if (!this.listeners.remove(channel, listener)) return;
      this.subscriptions.delete(channel);
      try {
        await this.subscriber.unsubscribe(this.prefix + channel);
      } catch (error) {
        // Redis is away: the subscription ends with the connection; nothing waits for this.
        this.logger.warn({ err: error, channel }, 'Unsubscribing from a live channel failed');
      }
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.subscriptions.clear();
    for (const connection of [this.subscriber, this.publisher]) {
      // QUIT waits for pending replies; a connection that never came up is just dropped.
      if (connection.status === 'ready') await connection.quit();
      else connection.disconnect();
    }
  }
}
