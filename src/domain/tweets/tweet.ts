/** A tweet as the domain hands it out: text, author id and stored favorite count. */
import type { TweetRecord } from '../../store/records';

export type Tweet = TweetRecord;
