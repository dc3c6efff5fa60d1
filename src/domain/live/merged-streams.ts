/**
 * Merged streams
 *
 * One async iterator over several event streams, so a client watching the tweets on its screen
 * holds one subscription however many tweets there are. It asks each source for its next event
 * only after handing on the previous one, so every source keeps its own bounded queue (a slow
 * client still fails with LIMIT_EXCEEDED). Returning closes every source; it ends when they all have.
 */
import type { EventStream } from './event-stream';

type Pulled<T> = { source: EventStream<T>; result?: IteratorResult<T>; error?: Error };

export function mergeStreams<T>(sources: readonly EventStream<T>[]): AsyncIterableIterator<T> {
  /** At most one settled pull per source waits here. */
  const ready: Pulled<T>[] = [];
  let wake: (() => void) | undefined;
  let open = sources.length;
  let closed = false;
  const pull = (source: EventStream<T>) => {
    void source.next().then(
      (result) => settled({ source, result }),
      (error: unknown) => settled({ source, error: error instanceof Error ? error : new Error('An event stream failed.') }),
    );
  };
  const settled = (pulled: Pulled<T>) => {
    ready.push(pulled);
    wake?.();
  };
  const close = async (): Promise<IteratorResult<T>> => {
    closed = true;
    ready.length = 0;
    wake?.();
    await Promise.all(sources.map((source) => source.return()));
    return { value: undefined, done: true };
  };
  sources.forEach(pull);

  const merged: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      while (!closed) {
        const pulled = ready.shift();
        if (pulled?.error !== undefined) {
          await close();
          throw pulled.error;
        }
        if (pulled?.result?.done) open -= 1;
        else if (pulled?.result) {
          pull(pulled.source);
          return pulled.result;
        }
        if (open === 0) return close();
        if (!pulled) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      return { value: undefined, done: true };
    },
    return: close,
    [Symbol.asyncIterator]() {
      return merged;
    },
  };
  return merged;
}
