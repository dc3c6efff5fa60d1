/**
 * Celebrity policy
 *
 * The one place that says who is a celebrity: an author with more than `threshold` followers
 * (CELEBRITY_THRESHOLD). A celebrity's tweets are not fanned out to every follower's home feed;
 * readers merge them in at read time, and live feeds follow them through the author's channel.
 * Timelines, live feeds and the follow statements all ask this object, so the rule cannot drift.
 */
export class CelebrityPolicy {
  /** The fewest followers that make a celebrity; the Cypher statements take it as `$celebrityMinFollowers`. */
  readonly minFollowers: number;

  constructor(readonly threshold: number) {
    this.minFollowers = threshold + 1;
  }

  isCelebrity(followerCount: number): boolean {
    return followerCount >= this.minFollowers;
  }

  /** Whether the followee was a celebrity before an unfollow left it with `followerCountAfter`. */
  wasCelebrityBeforeUnfollow(followerCountAfter: number): boolean {
    return this.isCelebrity(followerCountAfter + 1);
  }
}
