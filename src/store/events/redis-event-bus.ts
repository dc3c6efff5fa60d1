/**
 * Redis event bus
 *
 * Redis pub/sub, so a message published by any instance reaches the listeners of every instance.
 * Each instance holds one subscriber connection with one Redis subscription per channel that has a
 * local listener; messages are published on the shared connection, which pipelines them. Channel
 * names come from redis-layout.ts.
 *
 * On a Redis Cluster, channels are sharded (SPUBLISH/SSUBSCRIBE): a channel lives on the shard of
 * its slot, so a message crosses no other node, and one channel's messages keep their order (a
 * plain PUBLISH goes to any node and is broadcast to all).
 */

import type { Logger } from '../../logger';
import { isCluster, subscriberConnection, type RedisClient } from '../redis-connection';
import type { RedisLayout } from '../redis-layout';
import type { EventBus, Listener, LiveChannel, Unsubscribe } from '../../domain/live/event-bus';
import { ListenerRegistry } from './listener-registry';

export class RedisEventBus implements EventBus {
  private readonly listeners = new ListenerRegistry();
  /** Each channel's SUBSCRIBE, so a second listener also waits until Redis has confirmed it. */
  private readonly subscriptions = new Map<string, Promise<unknown>>();
  private readonly subscriber: RedisClient;
  private readonly sharded: boolean;

  /**
   * Publishes on `publisher` (a shared connection its owner closes) and opens a subscriber
   * connection like it, closed with the bus.
   */
  constructor(
    private readonly publisher: RedisClient,
    private readonly layout: RedisLayout,
    private readonly logger: Logger,
  ) {
    this.sharded = isCluster(publisher);
    this.subscriber = subscriberConnection(publisher);
    this.subscriber.on('error', (error: unknown) => logger.warn({ err: error }, 'Redis event bus connection error'));
    this.subscriber.on(this.sharded ? 'smessage' : 'message', (channel: string, message: string) => {
      this.listeners.deliver(channel, message, (error) => this.logger.error({ err: error, channel }, 'Event listener failed'));
    });
  }

  async publish(channels: readonly LiveChannel[], message: string): Promise<void> {
    await Promise.all(
      channels.map((channel) =>
        this.sharded ? this.publisher.spublish(this.layout.channel(channel), message) : this.publisher.publish(this.layout.channel(channel), message),
      ),
    );
  }

  async subscribe(liveChannel: LiveChannel, listener: Listener): Promise<Unsubscribe> {
    const channel = this.layout.channel(liveChannel);
    // Commands on one connection run in order, so a SUBSCRIBE after an UNSUBSCRIBE of the same
    // channel (a listener leaving as another arrives) always leaves the channel subscribed.
    if (this.listeners.add(channel, listener)) {
      this.subscriptions.set(channel, this.sharded ? this.subscriber.ssubscribe(channel) : this.subscriber.subscribe(channel));
    }
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
        await (this.sharded ? this.subscriber.sunsubscribe(channel) : this.subscriber.unsubscribe(channel));
      } catch (error) {
        // Redis is away: the subscription ends with the connection; nothing waits for this.
        this.logger.warn({ err: error, channel }, 'Unsubscribing from a live channel failed');
      }
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.subscriptions.clear();
    // QUIT waits for pending replies; a connection that never came up is just dropped.
    if (this.subscriber.status === 'ready') await this.subscriber.quit();
    else this.subscriber.disconnect();
  }
}
