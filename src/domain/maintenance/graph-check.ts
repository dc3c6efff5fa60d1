/**
 * Graph check
 *
 * What must always hold, checked over the whole graph (`npm run check`): every stored count equals
 * the relationships it counts, every tweet was POSTED by exactly the user its authorId names, no
 * outbox entry waits longer than a running server takes to settle it, and cached home timelines
 * equal their definition (for a sample of users: checking all would read every timeline). With
 * `repair`, counts are recomputed, the outbox is settled and differing timelines are forgotten
 * (rebuilt on their next read); wrong authors are only reported, for a person to look at.
 *
 * On a live system a difference may be a write in flight; a repair is safe either way, since it
 * recomputes from the relationships under the same locks every write takes.
 */
import { randomUUID } from 'node:crypto';

import type { CheckedGraph, CheckedTimelines } from './ports';

/** Nodes read per page of a scan. */
const SCAN_PAGE = 5_000;
/** Outbox entries older than this should have been settled by a running server. */
const OUTBOX_GRACE_MS = 60_000;
/** Home timeline items compared per sampled user. */
const TIMELINE_DEPTH = 50;

export interface CheckOptions {
  repair: boolean;
  /** How many users' cached home timelines to compare with their definition, from a random id on. */
  timelineSample: number;
  /** These users' timelines instead of a random sample. */
  timelineUserIds?: readonly string[];
  /** Called as the scans advance. */
  onProgress?: (stage: string, checked: number) => void;
}

export interface CheckReport {
  usersChecked: number;
  wrongUserCounts: { id: string; stored: number[]; counted: number[] }[];
  tweetsChecked: number;
  wrongFavoriteCounts: { id: string; stored: number; counted: number }[];
  wrongAuthors: { id: string; authorId: string; postedBy: string[] }[];
  staleOutbox: { fanOuts: number; celebrityChanges: number };
  timelinesChecked: number;
  wrongTimelines: string[];
  repaired: boolean;
}

/** Whether a report found anything to repair or look at. */
export function isClean(report: CheckReport): boolean {
  return (
    report.wrongUserCounts.length === 0 &&
    report.wrongFavoriteCounts.length === 0 &&
    report.wrongAuthors.length === 0 &&
    report.staleOutbox.fanOuts === 0 &&
    report.staleOutbox.celebrityChanges === 0 &&
    report.wrongTimelines.length === 0
  );
}

export class GraphCheck {
  constructor(
    private readonly stores: CheckedGraph,
    private readonly timelines: CheckedTimelines,
  ) {}

  async run({ repair, timelineSample, timelineUserIds, onProgress = () => {} }: CheckOptions): Promise<CheckReport> {
    const report: CheckReport = {
      usersChecked: 0,
      wrongUserCounts: [],
      tweetsChecked: 0,
      wrongFavoriteCounts: [],
      wrongAuthors: [],
      staleOutbox: { fanOuts: 0, celebrityChanges: 0 },
      timelinesChecked: 0,
      wrongTimelines: [],
      repaired: repair,
    };
    await this.checkUsers(report, repair, onProgress);
    await this.checkTweets(report, repair, onProgress);
    report.staleOutbox = await this.stores.invariants.staleOutbox(Date.now() - OUTBOX_GRACE_MS);
    if (repair && (report.staleOutbox.fanOuts > 0 || report.staleOutbox.celebrityChanges > 0)) await this.timelines.settlePending(OUTBOX_GRACE_MS);
    await this.checkTimelines(report, repair, timelineUserIds ?? (await this.sampleUserIds(timelineSample)), onProgress);
    return report;
  }

  private async checkUsers(report: CheckReport, repair: boolean, onProgress: NonNullable<CheckOptions['onProgress']>): Promise<void> {
    for (let afterId = ''; ;) {
      const rows = await this.stores.invariants.userCounts(afterId, SCAN_PAGE);
      const wrong = rows.filter((row) => row.wrong);
      report.wrongUserCounts.push(...wrong.map(({ id, stored, counted }) => ({ id, stored, counted })));
      if (repair && wrong.length > 0) await this.stores.invariants.repairUserCounts(wrong.map((row) => row.id));
      report.usersChecked += rows.length;
      onProgress('users', report.usersChecked);
      const last = rows.at(-1);
      if (!last || rows.length < SCAN_PAGE) return;
      afterId = last.id;
    }
  }

  private async checkTweets(report: CheckReport, repair: boolean, onProgress: NonNullable<CheckOptions['onProgress']>): Promise<void> {
    for (let afterId = ''; ;) {
      const rows = await this.stores.invariants.tweets(afterId, SCAN_PAGE);
      const wrongCounts = rows.filter((row) => row.storedFavorites !== row.countedFavorites);
      report.wrongFavoriteCounts.push(...wrongCounts.map((row) => ({ id: row.id, stored: row.storedFavorites, counted: row.countedFavorites })));
      if (repair && wrongCounts.length > 0) await this.stores.invariants.repairTweetCounts(wrongCounts.map((row) => row.id));
      for (const row of rows) {
        if (row.postedBy.length !== 1 || row.postedBy[0] !== row.authorId)
          report.wrongAuthors.push({ id: row.id, authorId: row.authorId, postedBy: row.postedBy });
      }
      report.tweetsChecked += rows.length;
      onProgress('tweets', report.tweetsChecked);
      const last = rows.at(-1);
      if (!last || rows.length < SCAN_PAGE) return;
      afterId = last.id;
    }
  }

  /** Compares the newest items of sampled users' home timelines, as the cache serves them, with Neo4j's. */
  private async checkTimelines(
    report: CheckReport,
    repair: boolean,
    userIds: readonly string[],
    onProgress: NonNullable<CheckOptions['onProgress']>,
  ): Promise<void> {
    for (const userId of new Set(userIds)) {
      if (!(await this.timelineMatches(userId))) {
        report.wrongTimelines.push(userId);
        if (repair) await this.timelines.forgetHome(userId);
      }
      report.timelinesChecked++;
      onProgress('timelines', report.timelinesChecked);
    }
  }

  private async sampleUserIds(sample: number): Promise<string[]> {
    if (sample <= 0) return [];
    const userIds = await this.stores.invariants.sampleUserIds(randomUUID(), sample);
    // Past the last id: the rest from the start.
    return userIds.length < sample ? [...userIds, ...(await this.stores.invariants.sampleUserIds('', sample - userIds.length))] : userIds;
  }

  private async timelineMatches(userId: string): Promise<boolean> {
    const served = await this.timelines.page(userId, TIMELINE_DEPTH);
    // Deleted tweets stay in followers' feeds and are left out when read: so here too.
    const existing = await this.stores.tweets.findByIds(served.map((item) => item.tweetId));
    const servedIds = served.filter((_, index) => existing[index]).map((item) => item.tweetId);
    const definition = (await this.stores.tweets.homeTimelinePage(userId, TIMELINE_DEPTH)).map((entry) => entry.tweet.id);
    const expected = served.length < TIMELINE_DEPTH ? definition : definition.slice(0, servedIds.length);
    return servedIds.length === expected.length && servedIds.every((id, index) => id === expected[index]);
  }
}
