/**
 * User-written text must show something, and its bidirectional controls must be balanced; what
 * real writing needs (ZWJ, ZWNJ, LRM and RLM, variation selectors, balanced isolates) is kept.
 */
import fc from 'fast-check';

import { DomainError } from '../../src/domain/errors';
import { checkShownText, hasVisibleCharacter, unbalancedBidiControl } from '../../src/domain/text';

/** What real writing needs, each exactly as written. */
const REAL_WRITING = {
  'an emoji ZWJ sequence': '👩\u200d💻',
  'a family of four': '👨\u200d👩\u200d👧\u200d👦',
  'Persian with ZWNJ': 'می\u200cخواهم',
  'LRM between Hebrew and a number': 'שלום\u200e 123',
  'RLM after Arabic punctuation': 'مرحبا!\u200f',
  'a variation selector (❤️)': '\u2764\ufe0f',
  'a keycap': '1\ufe0f\u20e3',
  'a flag of tags (England)': '\u{1f3f4}\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}',
  'a right-to-left isolate closed by PDI': 'He said \u2067שלום\u2069 twice',
  'an override closed by PDF': '\u202eabc\u202c def',
  'an embedding inside an isolate, both closed': '\u2068a\u202bb\u202cc\u2069',
  'balanced controls on each of two lines': '\u2066a\u2069\n\u202ab\u202c',
  'an accent on a letter': 'e\u0301',
};

describe('hasVisibleCharacter', () => {
  it.each(Object.entries(REAL_WRITING))('finds one in %s', (_, text) => {
    expect(hasVisibleCharacter(text)).toBe(true);
  });

  it.each([
    ['zero-width space', '\u200b'],
    ['word joiner and byte-order mark', '\u2060\ufeff'],
    ['right-to-left override', '\u202e'],
    ['balanced bidi controls', '\u2067\u2069\u202a\u202c'],
    ['LRM and RLM', '\u200e\u200f'],
    ['ZWJ and ZWNJ', '\u200d\u200c'],
    ['a soft hyphen', '\u00ad'],
    ['a variation selector', '\ufe0f'],
    ['a combining accent', '\u0301'],
    ['a Hangul filler', '\u3164'],
    ['a blank braille pattern', '\u2800'],
    ['a tag character', '\u{e0041}'],
    ['a lone surrogate', '\ud800'],
    ['whitespace and controls', ' \t\n\u00a0\u2003\u0000\u007f'],
  ])('finds none in %s', (_, text) => {
    expect(hasVisibleCharacter(text)).toBe(false);
  });

  it('counts a character newer than this runtime as visible', () => {
    expect(hasVisibleCharacter('\u{3fffd}')).toBe(true);
  });
});

describe('unbalancedBidiControl', () => {
  it.each(Object.entries(REAL_WRITING))('finds nothing wrong in %s', (_, text) => {
    expect(unbalancedBidiControl(text)).toBeUndefined();
  });

  it.each([
    ['a lone RLO', 'abc\u202e', 'opens a right-to-left override (U+202E) and does not close it.'],
    ['an LRE never closed', '\u202adef', 'opens a left-to-right embedding (U+202A) and does not close it.'],
    ['an RLE never closed', '\u202bdef', 'opens a right-to-left embedding (U+202B) and does not close it.'],
    ['an LRO never closed', '\u202ddef', 'opens a left-to-right override (U+202D) and does not close it.'],
    ['an LRI never closed', 'a\u2066b', 'opens a left-to-right isolate (U+2066) and does not close it.'],
    ['an RLI never closed', 'a\u2067b', 'opens a right-to-left isolate (U+2067) and does not close it.'],
    ['an FSI never closed', 'a\u2068b', 'opens a first-strong isolate (U+2068) and does not close it.'],
    ['a PDF that closes nothing', 'a\u202cb', 'has a pop directional formatting (U+202C) that closes nothing.'],
    ['a PDI that closes nothing', 'a\u2069b', 'has a pop directional isolate (U+2069) that closes nothing.'],
    ['a PDF before its opener', '\u202ca\u202e', 'has a pop directional formatting (U+202C) that closes nothing.'],
    ['a PDF inside an isolate, for an override outside it', '\u202e\u2067a\u202c\u2069', 'has a pop directional formatting (U+202C) that closes nothing.'],
    ['a PDI closing an isolate with an override still open in it', '\u2067\u202ea\u2069', 'opens a right-to-left override (U+202E) and does not close it.'],
    ['a PDI with only an override open', '\u202ea\u2069', 'has a pop directional isolate (U+2069) that closes nothing.'],
    ['an override closed only on the next line', '\u202ea\nb\u202c', 'opens a right-to-left override (U+202E) and does not close it.'],
    ['an isolate closed only after a paragraph separator', '\u2067a\u2029b\u2069', 'opens a right-to-left isolate (U+2067) and does not close it.'],
    ['an open isolate after a balanced one', '\u2066a\u2069 \u2067b', 'opens a right-to-left isolate (U+2067) and does not close it.'],
  ])('names %s', (_, text, problem) => {
    expect(unbalancedBidiControl(text)).toBe(problem);
  });

  it('finds nothing wrong in text without bidi controls', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((text) => !/[\u202a-\u202e\u2066-\u2069]/.test(text)),
        (text) => expect(unbalancedBidiControl(text)).toBeUndefined(),
      ),
    );
  });
});

describe('checkShownText', () => {
  it('accepts what real writing needs', () => {
    for (const text of Object.values(REAL_WRITING)) expect(() => checkShownText('text', text)).not.toThrow();
  });

  it('refuses invisible text with BAD_USER_INPUT naming the field', () => {
    expect(refusal('text', '\u200b')).toEqual({ code: 'BAD_USER_INPUT', field: 'text', message: 'text must have at least one visible character.' });
    expect(refusal('displayName', '\u202e')).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'displayName',
      message: 'displayName must have at least one visible character.',
    });
  });

  it('refuses an unbalanced bidi control with BAD_USER_INPUT naming the field and the character', () => {
    expect(refusal('displayName', 'gpj\u202eexe.txt')).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'displayName',
      message: 'displayName opens a right-to-left override (U+202E) and does not close it.',
    });
  });
});

function refusal(field: string, text: string): Pick<DomainError, 'code' | 'field' | 'message'> | undefined {
  try {
    checkShownText(field, text);
    return undefined;
  } catch (error) {
    const { code, field: at, message } = error as DomainError;
    return { code, field: at, message };
  }
}
