import fc from 'fast-check';

import { checkTweetText, MAX_TWEET_LENGTH } from '../../../src/domain/tweets/tweet-text';

it('normalizes to NFC and trims', () => {
  expect(checkTweetText('  e\u0301  ')).toBe('é');
});

it('counts code points, not UTF-16 units', () => {
  expect(checkTweetText('😀'.repeat(MAX_TWEET_LENGTH))).toHaveLength(MAX_TWEET_LENGTH * 2);
  expect(() => checkTweetText('😀'.repeat(MAX_TWEET_LENGTH + 1))).toThrow('text must be at most 280 characters (it has 281).');
});

it('accepts any 1 to 280 code points that are not all whitespace, unchanged once normalized', () => {
  const visible = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: MAX_TWEET_LENGTH }).filter((text) => text.trim() === text && text.length > 0);
  fc.assert(fc.property(visible, (text) => expect(checkTweetText(text)).toBe(text.normalize('NFC'))));
});

it('rejects whitespace of every kind', () => {
  expect(() => checkTweetText(' \t\n\u2003\u00a0')).toThrow('text must not be empty or only whitespace.');
});
