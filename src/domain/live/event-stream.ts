/**
 * Event stream
 *
 * An async iterator over events that arrive while a client is subscribed, with a bounded queue:
 * a client that reads slower than events come (or not at all) fails its stream once `limit`
 * events wait, instead of growing the server's memory. Returning from the iterator (the client
 * unsubscribed or disconnected) runs the stream's cleanup once.
 */
import { DomainError, ErrorCode } from '../errors';

export class EventStream<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private closed = false;
  private ending = false;
  private readonly cleanups: (() => unknown)[] = [];

  constructor(private readonly limit: number) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs when the stream ends, however it ends (at once if it already has). */
  onClose(cleanup: () => unknown): void {
    if (this.closed) runCleanup(cleanup);
    else this.cleanups.push(cleanup);
  }

  push(event: T): void {
    if (this.closed || this.ending || this.failure) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve({ value: event, done: false });
    } else if (this.queue.length < this.limit) {
      this.queue.push(event);
    } else {
      this.fail(
        new DomainError(
          ErrorCode.LimitExceeded,
          `More than ${this.limit} events waited to be sent: this subscription was too slow and has ended; subscribe again.`,
        ),
      );
    }
  }

  /** Ends the stream after the events already queued. */
  end(): void {
    if (this.closed || this.ending) return;
    this.ending = true;
    if (this.queue.length === 0) void this.return();
  }

  /** Ends the stream with an error, dropping what is queued. */
  fail(error: Error): void {
    if (this.closed) return;
    this.failure = error;
    this.queue.length = 0;
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = undefined;
      reject(error);
    }
    this.close();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.failure) {
      const error = this.failure;
      this.failure = undefined;
      return Promise.reject(error);
    }
    const [next] = this.queue;
    if (next !== undefined) {
      this.queue.shift();
      return Promise.resolve({ value: next, done: false });
    }
    if (this.ending) return this.return();
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  async return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    if (this.waiting) {
      this.waiting.resolve({ value: undefined, done: true });
      this.waiting = undefined;
    }
    this.close();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<T>> {
    this.fail(error instanceof Error ? error : new Error(String(error)));
    return this.next();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const cleanup of this.cleanups.splice(0)) runCleanup(cleanup);
  }
}

/** Cleanups report their own failures (the event bus logs them); none may become an unhandled rejection. */
function runCleanup(cleanup: () => unknown): void {
  try {
    Promise.resolve(cleanup()).catch(() => {});
  } catch {
    // As above: reported where it failed.
  }
}
