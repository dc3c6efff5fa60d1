/** A tiny event source: listeners added and removed by components, called when something happens. */
export class Signal<T = void> {
  private readonly listeners = new Set<(value: T) => void>();

  /** Calls `listener` each time; returns the function that stops it. */
  listen(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of this.listeners) listener(value);
  }
}
