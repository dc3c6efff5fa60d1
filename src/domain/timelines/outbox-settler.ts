/**
 * Outbox settler
 *
 * Redoes what a crash may have left undone: tweets still marked FanOutPending are fanned out
 * again, users still marked CelebrityChangePending are settled again. Both are idempotent.
 */
import type { BackgroundTasks } from './background-tasks';
import type { FanOut } from './fan-out';
import type { FeedReconciler } from './feed-reconciler';
import type { TimelineGraph } from './ports';
import type { Metrics } from '../metrics';

/** How many outbox entries one pass reads at a time, and how many of them it fans out at once. */
const SETTLE_BATCH = 100;
const SETTLE_CONCURRENCY = 10;

export class OutboxSettler {
  constructor(
    private readonly stores: TimelineGraph,
    private readonly fanOut: FanOut,
    private readonly reconciler: FeedReconciler,
    private readonly tasks: BackgroundTasks,
    private readonly metrics: Metrics,
  ) {}

  /** Settles the entries older than `olderThanMs`; returns how many. */
  async settlePending(olderThanMs: number): Promise<number> {
    let settled = 0;
    for (;;) {
      const pending = await this.stores.tweets.pendingFanOuts(Date.now() - olderThanMs, SETTLE_BATCH);
      // A few at a time: after a crash under load, thousands may wait, and each mostly waits on I/O.
      for (let start = 0; start < pending.length; start += SETTLE_CONCURRENCY) {
        await Promise.all(pending.slice(start, start + SETTLE_CONCURRENCY).map((posted) => this.fanOut.fanOutTweet(posted)));
      }
      settled += pending.length;
      if (pending.length < SETTLE_BATCH) break;
    }
    for (;;) {
      const userIds = await this.stores.users.pendingCelebrityChanges(SETTLE_BATCH);
      for (const userId of userIds) await this.reconciler.settleCelebrityChange(userId);
      settled += userIds.length;
      if (userIds.length < SETTLE_BATCH) break;
    }
    return settled;
  }

  /**
   * Settles everything pending now, then every `intervalMs` what has been pending for longer than
   * that (younger entries are most likely still being fanned out by the instance that made them).
   * Returns a function that stops it.
   */
  startSettling(intervalMs: number): () => void {
    let settling = false;
    const settle = (olderThanMs: number) => {
      if (settling) return; // one pass at a time; a busy server still gets its turn
      settling = true;
      const pass = this.countBacklog()
        .then(() => this.settlePending(olderThanMs))
        .finally(() => (settling = false));
      this.tasks.run(pass, {}, 'Settling the timeline outbox failed; it will be retried');
    };
    settle(0);
    const timer = setInterval(() => settle(intervalMs), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Counted before each pass, young entries included: a backlog that grows is a fan-out falling behind. */
  private async countBacklog(): Promise<void> {
    this.metrics.fanOutBacklog(await this.stores.tweets.pendingFanOutCount());
  }
}
