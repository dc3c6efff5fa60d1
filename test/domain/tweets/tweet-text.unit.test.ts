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

it('keeps what real writing needs, unchanged: ZWJ in emoji, ZWNJ in Persian, LRM and RLM, variation selectors, balanced isolates', () => {
  for (const text of ['👩\u200d💻 at work', 'می\u200cخواهم', 'שלום\u200e 123\u200f', '\u2764\ufe0f', 'He said \u2067שלום\u2069 twice']) {
    expect(checkTweetText(text)).toBe(text);
  }
});

it.each(['\u200b', '\u2060\ufeff', '\u202e', '\u2067\u2069', ' \u200b\u200d\ufe0f '])('rejects text with no visible character %j', (text) => {
  expect(() => checkTweetText(text)).toThrow('text must have at least one visible character.');
});

it('rejects an unbalanced bidi control, naming it', () => {
  expect(() => checkTweetText('invoice\u202eexe.pdf')).toThrow('text opens a right-to-left override (U+202E) and does not close it.');
  expect(() => checkTweetText('done\u2069')).toThrow('text has a pop directional isolate (U+2069) that closes nothing.');
});
