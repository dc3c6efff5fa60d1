/**
 * Memory event bus
 *
 * The event bus of a single instance: messages go straight to this process's listeners, on a
 * later tick so that a publisher never runs listeners' work in its own call.
 */
import type { Logger } from '../../logger';
import type { EventBus, Listener, LiveChannel, Unsubscribe } from '../../domain/live/event-bus';
import { ListenerRegistry } from './listener-registry';

export class MemoryEventBus implements EventBus {
  private readonly listeners = new ListenerRegistry();

  constructor(private readonly logger: Logger) {}

  async publish(channels: readonly LiveChannel[], message: string): Promise<void> {
    setImmediate(() => {
      for (const channel of channels)
        this.listeners.deliver(nameOf(channel), message, (error) => this.logger.error({ err: error, channel }, 'Event listener failed'));
    });
  }

  async subscribe(channel: LiveChannel, listener: Listener): Promise<Unsubscribe> {
    const name = nameOf(channel);
    this.listeners.add(name, listener);
    return async () => void this.listeners.remove(name, listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}

/** A channel's name in this process's registry. */
function nameOf(channel: LiveChannel): string {
  return `${channel.kind}:${channel.id}`;
}
