/**
 * Text
 *
 * How user-written text is stored, measured and checked before anyone sees it: Unicode NFC,
 * trimmed, counted in code points (as people count characters: an emoji is one); it must show at
 * least one visible character, and its bidirectional controls must be balanced.
 *
 * Visible means a code point that is not whitespace, not a control or format character (zero-width
 * space, word joiner, ZWJ, LRM, the bidi controls), not a mark on its own (a combining accent, a
 * variation selector), not default-ignorable (the Hangul fillers) and not the blank braille pattern.
 * Those characters stay where real writing needs them (ZWJ in 👩‍💻, ZWNJ in می‌خواهم, LRM and RLM,
 * the selector in ❤️); they only cannot be all there is. Unassigned code points count as visible,
 * so an emoji newer than this runtime's Unicode data is not refused.
 *
 * Unbalanced bidirectional controls are refused, not removed: an embedding or override
 * (U+202A–U+202E) that a pop (U+202C) does not close, an isolate (U+2066–U+2068) that U+2069 does
 * not close, or a pop that closes nothing. Such a control is what turns "gpj.exe" into a name that
 * reads "exe.jpg", and it leaks into whatever is shown after the text where a page forgets to
 * isolate it. Removing it would silently store something other than what the writer saw in the
 * field; refusing, with the character named, lets them see why and fix it. The pairs follow the
 * bidi algorithm (UAX #9): a pop closes only the latest control still open, U+202C only an
 * embedding opened inside the same isolate, and the end of a line (or of the text) closes nothing:
 * anything still open there is unbalanced. Balanced pairs are kept as written.
 */
import { badUserInput } from './errors';

export function normalizeText(text: string): string {
  return text.normalize('NFC').trim();
}

export function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Throws BAD_USER_INPUT naming `field` when `text` (already normalized, not empty) shows nothing
 * or leaves a bidirectional control unbalanced.
 */
export function checkShownText(field: string, text: string): void {
  if (!hasVisibleCharacter(text)) throw badUserInput(field, `${field} must have at least one visible character.`);
  const unbalanced = unbalancedBidiControl(text);
  if (unbalanced) throw badUserInput(field, `${field} ${unbalanced}`);
}

/** A code point that shows something on its own (see the module comment). */
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Cs}\p{M}\p{Default_Ignorable_Code_Point}\u2800]/u;

export function hasVisibleCharacter(text: string): boolean {
  return VISIBLE.test(text);
}

/** The controls that open an embedding or override (closed by U+202C), each with its name. */
const EMBEDDINGS = new Map([
  ['\u202a', 'a left-to-right embedding (U+202A)'],
  ['\u202b', 'a right-to-left embedding (U+202B)'],
  ['\u202d', 'a left-to-right override (U+202D)'],
  ['\u202e', 'a right-to-left override (U+202E)'],
]);
/** The controls that open an isolate (closed by U+2069), each with its name. */
const ISOLATES = new Map([
  ['\u2066', 'a left-to-right isolate (U+2066)'],
  ['\u2067', 'a right-to-left isolate (U+2067)'],
  ['\u2068', 'a first-strong isolate (U+2068)'],
]);
const POP_DIRECTIONAL_FORMATTING = '\u202c';
const POP_DIRECTIONAL_ISOLATE = '\u2069';
/** The characters of bidi class B: each ends a paragraph, and every embedding and isolate open in it. */
const PARAGRAPH_SEPARATORS = new Set(['\n', '\r', '\u001c', '\u001d', '\u001e', '\u0085', '\u2029']);

/**
 * The first unbalanced bidirectional control in `text`, as the rest of a sentence after the field's
 * name ("opens a right-to-left override (U+202E) and does not close it."), or undefined when every
 * control is balanced.
 */
export function unbalancedBidiControl(text: string): string | undefined {
  const open: string[] = [];
  for (const char of text) {
    if (PARAGRAPH_SEPARATORS.has(char)) {
      if (open.length > 0) break;
    } else if (EMBEDDINGS.has(char) || ISOLATES.has(char)) open.push(char);
    else if (char === POP_DIRECTIONAL_FORMATTING) {
      if (!EMBEDDINGS.has(open.at(-1) ?? '')) return 'has a pop directional formatting (U+202C) that closes nothing.';
      open.pop();
    } else if (char === POP_DIRECTIONAL_ISOLATE) {
      if (!open.some((control) => ISOLATES.has(control))) return 'has a pop directional isolate (U+2069) that closes nothing.';
      const latest = open.pop() ?? '';
      if (EMBEDDINGS.has(latest)) return neverClosed(latest);
    }
  }
  const unclosed = open.at(-1);
  return unclosed === undefined ? undefined : neverClosed(unclosed);
}

function neverClosed(control: string): string {
  return `opens ${EMBEDDINGS.get(control) ?? ISOLATES.get(control)} and does not close it.`;
}
