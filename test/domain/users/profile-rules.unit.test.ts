/**
 * A display name, and a bio that is not empty, follow a tweet's text rule: something visible,
 * bidirectional controls balanced, what real writing needs kept as written.
 */
import { checkBio, checkDisplayName } from '../../../src/domain/users/profile-rules';

it('keeps ZWJ in emoji, ZWNJ in Persian, RLM and variation selectors, unchanged', () => {
  for (const name of ['Ada 👩\u200d💻', 'می\u200cخواهم', 'מרים\u200f', 'Grace \u2764\ufe0f', '\u2067مريم\u2069 (Maryam)'])
    expect(checkDisplayName(name)).toBe(name);
});

it.each(['\u202e', '\u200b', '\u2060\ufeff', '\u3164', '\u200e\u200f'])('rejects a display name with no visible character %j', (name) => {
  expect(() => checkDisplayName(name)).toThrow('displayName must have at least one visible character.');
});

it('rejects an unbalanced bidi control, naming it', () => {
  expect(() => checkDisplayName('Admin\u202e')).toThrow('displayName opens a right-to-left override (U+202E) and does not close it.');
  expect(() => checkDisplayName('\u202cAdmin')).toThrow('displayName has a pop directional formatting (U+202C) that closes nothing.');
});

it('still rejects an empty name and one over 50 characters', () => {
  expect(() => checkDisplayName('  ')).toThrow('displayName must not be empty.');
  expect(() => checkDisplayName('n'.repeat(51))).toThrow('displayName must be at most 50 characters.');
});

it('clears a bio with an empty one, and holds a bio that is not empty to the same rule', () => {
  expect(checkBio('')).toBe('');
  expect(checkBio('  ')).toBe('');
  expect(checkBio('شاعر \u2067Rumi\u2069 fan')).toBe('شاعر \u2067Rumi\u2069 fan');
  expect(() => checkBio('\u200b')).toThrow('bio must have at least one visible character.');
  expect(() => checkBio('gpj.\u202eexe')).toThrow('bio opens a right-to-left override (U+202E) and does not close it.');
});
