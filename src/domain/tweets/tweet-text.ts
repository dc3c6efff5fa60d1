/**
 * Tweet text
 *
 * A tweet is 1 to 280 Unicode code points after NFC normalization and trimming, with at least one
 * visible character and its bidirectional controls balanced (domain/text.ts).
 */
import { badUserInput } from '../errors';
import { checkShownText, codePoints, normalizeText } from '../text';

export const MAX_TWEET_LENGTH = 280;

export function checkTweetText(text: string): string {
  const normalized = normalizeText(text);
  if (normalized.length === 0) throw badUserInput('text', 'text must not be empty or only whitespace.');
  checkShownText('text', normalized);
  const length = codePoints(normalized);
  if (length > MAX_TWEET_LENGTH) {
    throw badUserInput('text', `text must be at most ${MAX_TWEET_LENGTH} characters (it has ${length}).`);
  }
  return normalized;
}
