/**
 * Listener registry
 *
 * The listeners of each channel in this process, shared by both buses: the memory bus delivers
 * from it directly, the Redis bus announces in Redis which channels have any listener here.
 */
import type { Listener } from '../../domain/live/event-bus';

export class ListenerRegistry {
  private readonly byChannel = new Map<string, Set<Listener>>();

  /** Adds a listener; true when it is the channel's first. */
  add(channel: string, listener: Listener): boolean {
    let listeners = this.byChannel.get(channel);
    const first = listeners === undefined;
    if (!listeners) this.byChannel.set(channel, (listeners = new Set()));
    listeners.add(listener);
    return first;
  }

  /** Removes a listener; true when the channel has none left. */
  remove(channel: string, listener: Listener): boolean {
    const listeners = this.byChannel.get(channel);
    if (!listeners?.delete(listener)) return false;
    if (listeners.size > 0) return false;
    this.byChannel.delete(channel);
    return true;
  }

  /** Calls each listener of the channel; one that throws does not keep the message from the others. False when the channel has none. */
  deliver(channel: string, message: string, onError: (error: unknown) => void): boolean {
    const listeners = this.byChannel.get(channel);
    if (!listeners) return false;
    for (const listener of [...listeners]) {
      try {
        listener(message);
      } catch (error) {
        onError(error);
      }
    }
    return true;
  }

  channels(): string[] {
    return [...this.byChannel.keys()];
  }

  clear(): void {
    this.byChannel.clear();
  }
}
