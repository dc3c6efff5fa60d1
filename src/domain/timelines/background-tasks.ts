/**
 * Background tasks
 *
 * Work started off the request path (fan-outs, outbox passes): failures are logged rather than
 * lost, and `drain` waits for all of it (graceful shutdown, tests).
 */
import type { Logger } from '../../logger';

export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Tracks `work` until it settles; a failure is logged with `context` and `failure`. */
  run(work: Promise<unknown>, context: object, failure: string): void {
    const tracked = work.then(
      () => undefined,
      (error: unknown) => this.logger.error({ ...context, err: error }, failure),
    );
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  /** Waits until nothing runs, including tasks started while waiting. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
