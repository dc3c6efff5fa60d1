/**
 * Redis event bus
 *
 * Redis pub/sub routed by presence: a message reaches the listeners of every instance, and costs
 * one Redis message per other instance that has a listener of any of its channels, however many
 * channels it names (a fan-out names hundreds of home channels, most of them without a listener).
 *
 * - Presence: each instance keeps in Redis the set of channels it has listeners for
 *   (`livePresence`), added to by its first listener of a channel and removed from by its last, and
 *   its registration among the live instances (`liveInstances`, scored with when it runs out). A
 *   heartbeat renews both, and writes the set again when Redis lost it (a restart, an expiry during
 *   an outage); an instance that dies without closing its bus is forgotten when they run out.
 * - Publishing: for every other live instance, one SMISMEMBER (pipelined with the read of the
 *   registrations) says which of the channels it listens to, and each instance with any gets ONE
 *   message on its inbox carrying the message and those channels. This instance's listeners hear
 *   the message directly, once those messages are on their way.
 * - Receiving: an instance SUBSCRIBEs to its own inbox only, and hands each message to its
 *   listeners of the channels named. A channel named that has none is stale presence (an
 *   unsubscribe whose SREM was lost): it cost one wasted message, and is removed then.
 *
 * On a Redis Cluster, inboxes are sharded channels (SPUBLISH/SSUBSCRIBE, in `sendToInbox` and
 * `listenOnInbox`): an inbox lives on the shard of its instance's slot, so a message crosses no
 * other node (a plain PUBLISH is broadcast to every node). Every other command touches one key.
 * Names come from redis-layout.ts. Instances' clocks must agree to within the presence TTL (registrations carry
 * the registering instance's time).
 */

import type { Logger } from '../../logger';
import { newId } from '../../ids';
import { closeRedis, isCluster, queueingConnection, subscriberConnection, type RedisClient } from '../redis-connection';
import type { RedisLayout } from '../redis-layout';
import type { EventBus, Listener, LiveChannel, Unsubscribe } from '../../domain/live/event-bus';
import { ListenerRegistry } from './listener-registry';

export interface PresenceTiming {
  /** How often an instance renews its registration and presence. */
  heartbeatMs: number;
  /** How long they last without a heartbeat: a few heartbeats, so one late beat loses nothing. */
  ttlMs: number;
}

const DEFAULT_TIMING: PresenceTiming = { heartbeatMs: 5_000, ttlMs: 15_000 };

/** How long a publish's own listeners wait, at most, for the other instances' messages to go first. */
const OTHERS_FIRST_MS = 20;

/** Channels written to a presence set in one SADD when it is written again whole. */
const ANNOUNCE_BATCH = 1_000;

export class RedisEventBus implements EventBus {
  /** This instance's id: its presence set and inbox are named after it. */
  readonly instanceId = newId();
  private readonly listeners = new ListenerRegistry();
  /** Each channel's SADD to the presence set, so a second listener also waits until Redis has it. */
  private readonly announcing = new Map<string, Promise<unknown>>();
  /** Commands (presence, lookups, PUBLISH); one connection, so a channel's SADD and SREM stay in the order they were sent. */
  private readonly commands: RedisClient;
  private readonly subscriber: RedisClient;
  private readonly sharded: boolean;
  private readonly presence: string;
  private readonly inbox: string;
  /** Set by the first subscribe: the inbox is subscribed and the instance registered. */
  private registered: Promise<void> | undefined;
  /** The other instances registered at the last publish: their presence is asked with the registrations. */
  private otherInstances: string[] = [];
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;

  /** Opens two connections like `connection` (whose owner closes it), closed with the bus. */
  constructor(
    connection: RedisClient,
    private readonly layout: RedisLayout,
    private readonly logger: Logger,
    private readonly timing: PresenceTiming = DEFAULT_TIMING,
  ) {
    this.presence = layout.livePresence(this.instanceId);
    this.inbox = layout.liveInbox(this.instanceId);
    this.sharded = isCluster(connection);
    this.commands = queueingConnection(connection);
    this.subscriber = subscriberConnection(connection);
    for (const redis of [this.commands, this.subscriber])
      redis.on('error', (error: unknown) => logger.warn({ err: error }, 'Redis event bus connection error'));
    this.subscriber.on(this.sharded ? 'smessage' : 'message', (channel: string, payload: string) => {
      if (channel === this.inbox) this.receive(payload);
    });
    // Back after a disconnection (ioredis subscribes the inbox again): Redis may have lost the presence meanwhile.
    this.subscriber.on('ready', () => {
      if (this.registered) this.beat();
    });
  }

  async publish(channels: readonly LiveChannel[], message: string): Promise<void> {
    if (channels.length === 0) return;
    const names = channels.map((channel) => this.layout.liveChannelName(channel));
    let deliveredHere = false;
    // On a later tick, as from Redis: a publisher never runs listeners' work in its own call.
    const deliverHere = () => {
      if (deliveredHere) return;
      deliveredHere = true;
      setImmediate(() => {
        for (const name of names) this.listeners.deliver(name, message, (error) => this.listenerFailed(error, name));
      });
    };
    // The other instances' messages go first: this instance's own deliveries would otherwise hold
    // its event loop while Redis's answers wait, and the others would start on their share late.
    // A slow Redis holds this instance's listeners back for OTHERS_FIRST_MS at most.
    const waited = setTimeout(deliverHere, OTHERS_FIRST_MS);
    try {
      const { sent } = await this.sendToOtherInstances(names, message);
      deliverHere();
      await sent;
    } finally {
      clearTimeout(waited);
      deliverHere();
    }
  }

  async subscribe(channel: LiveChannel, listener: Listener): Promise<Unsubscribe> {
    await this.register();
    const name = this.layout.liveChannelName(channel);
    // No await between a change of the local listeners and its presence command: commands on one
    // connection run in order, so a SADD after an SREM of the same channel (a listener arriving as
    // the last one leaves) always leaves the channel present.
    if (this.listeners.add(name, listener)) this.announcing.set(name, this.announce([name]));
    const announcing = this.announcing.get(name);
    try {
      await announcing;
    } catch (error) {
      // Forget the failed SADD, so the channel's next listener tries again.
      this.listeners.remove(name, listener);
      if (this.announcing.get(name) === announcing) this.announcing.delete(name);
      throw error;
    }
    return async () => {
      if (!this.listeners.remove(name, listener)) return;
      this.announcing.delete(name);
      try {
        await this.commands.srem(this.presence, name);
      } catch (error) {
        // Stale presence costs a wasted message, after which the receiving side removes it.
        this.logger.warn({ err: error, channel: name }, 'Removing a live channel from presence failed');
      }
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    const wasRegistered = this.registered !== undefined;
    this.listeners.clear();
    this.announcing.clear();
    if (wasRegistered) {
      try {
        // At once rather than when it runs out: publishers stop sending here.
        await Promise.all([this.commands.zrem(this.layout.liveInstances(), this.instanceId), this.commands.unlink(this.presence)]);
      } catch (error) {
        this.logger.warn({ err: error }, 'Removing live presence failed; it runs out by itself');
      }
    }
    await Promise.all([this.subscriber, this.commands].map(closeRedis));
  }

  /** Subscribes the inbox and registers the instance, once (again after a failure). */
  private register(): Promise<void> {
    this.registered ??= (async () => {
      await this.listenOnInbox();
      await this.renew();
      this.heartbeat = setInterval(() => this.beat(), this.timing.heartbeatMs);
      this.heartbeat.unref();
    })().catch((error: unknown) => {
      this.registered = undefined;
      throw error;
    });
    return this.registered;
  }

  private beat(): void {
    if (this.closed) return;
    this.renew().catch((error: unknown) => this.logger.warn({ err: error }, 'Renewing live presence failed'));
  }

  /** Renews the registration and the presence set, writing the set again if Redis lost it; forgets instances that ran out. */
  private async renew(): Promise<void> {
    const now = Date.now();
    const [, renewed] = await Promise.all([
      this.commands.zadd(this.layout.liveInstances(), now + this.timing.ttlMs, this.instanceId),
      this.commands.pexpire(this.presence, this.timing.ttlMs),
      this.commands.zremrangebyscore(this.layout.liveInstances(), '-inf', now),
    ]);
    if (renewed === 1 || this.closed) return;
    // The channels listened to now, read in the same tick as their SADD: see `subscribe`.
    const names = this.listeners.channels();
    const batches: Promise<unknown>[] = [];
    for (let start = 0; start < names.length; start += ANNOUNCE_BATCH) batches.push(this.announce(names.slice(start, start + ANNOUNCE_BATCH)));
    await Promise.all(batches);
  }

  /** Adds channels to this instance's presence; the set runs out unless heartbeats renew it. */
  private announce(names: readonly string[]): Promise<unknown> {
    return Promise.all([this.commands.sadd(this.presence, ...names), this.commands.pexpire(this.presence, this.timing.ttlMs)]);
  }

  private receive(payload: string): void {
    let delivery: { channels: string[]; message: string };
    try {
      delivery = this.layout.decodeLiveDelivery(payload);
    } catch (error) {
      this.logger.error({ err: error }, 'An unreadable live delivery was dropped');
      return;
    }
    const stale = delivery.channels.filter((name) => !this.listeners.deliver(name, delivery.message, (error) => this.listenerFailed(error, name)));
    // In this tick, before any later listener's SADD of the same channel: see `subscribe`.
    if (stale.length > 0)
      this.commands.srem(this.presence, ...stale).catch((error: unknown) => this.logger.warn({ err: error }, 'Removing stale live presence failed'));
  }

  /**
   * Sends the message to each other live instance that listens to any of the channels; resolves
   * once the messages are on their way, with their sending. Registrations are read afresh, and the
   * presence of the instances registered at the last publish asked in the same round trip.
   */
  private async sendToOtherInstances(names: readonly string[], message: string): Promise<{ sent: Promise<unknown> }> {
    const known = this.otherInstances;
    const [registered, knownListened] = await Promise.all([
      this.commands.zrangebyscore(this.layout.liveInstances(), Date.now(), '+inf'),
      Promise.all(known.map((id) => this.listenedAmong(id, names))),
    ]);
    const others = registered.filter((id) => id !== this.instanceId);
    this.otherInstances = others;
    const listened = new Map(known.map((id, index) => [id, knownListened[index]]));
    const newcomers = others.filter((id) => !listened.has(id));
    const newcomersListened = await Promise.all(newcomers.map((id) => this.listenedAmong(id, names)));
    for (const [index, id] of newcomers.entries()) listened.set(id, newcomersListened[index]);
    const sends: Promise<void>[] = [];
    for (const id of others) {
      const flags = listened.get(id);
      const theirs = names.filter((_, position) => flags?.[position] === 1);
      if (theirs.length > 0) sends.push(this.sendToInbox(id, this.layout.encodeLiveDelivery(theirs, message)));
    }
    return { sent: Promise.all(sends) };
  }

  /** For each channel, 1 when the instance listens to it. */
  private listenedAmong(instanceId: string, names: readonly string[]): Promise<number[]> {
    return this.commands.smismember(this.layout.livePresence(instanceId), ...names);
  }

  private listenerFailed(error: unknown, channel: string): void {
    this.logger.error({ err: error, channel }, 'Event listener failed');
  }

  private async sendToInbox(instanceId: string, payload: string): Promise<void> {
    const inbox = this.layout.liveInbox(instanceId);
    await (this.sharded ? this.commands.spublish(inbox, payload) : this.commands.publish(inbox, payload));
  }

  private async listenOnInbox(): Promise<void> {
    await (this.sharded ? this.subscriber.ssubscribe(this.inbox) : this.subscriber.subscribe(this.inbox));
  }
}
