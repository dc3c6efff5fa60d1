/**
 * Memory event bus
 *
 * The event bus of a single instance: messages go straight to this process's listeners, on a
 * later tick so that a publisher never runs listeners' work in its own call.
 */
import type { Logger } from '../../logger';
import type { EventBus, Listener, Unsubscribe } from './event-bus';
import { ListenerRegistry } from './listener-registry';

export class MemoryEventBus implements EventBus {
  private readonly listeners = new ListenerRegistry();

  constructor(private readonly logger: Logger) {}

  async publish(channels: readonly string[], message: string): Promise<void> {
    setImmediate(() => {
      for (const channel of channels) this.listeners.deliver(channel, message, (error) => this.logger.error({ err: error, channel }, 'Event listener failed'));
    });
  }

  async subscribe(channel: string, listener: Listener): Promise<Unsubscribe> {
    this.listeners.add(channel, listener);
    return async () => void this.listeners.remove(channel, listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
