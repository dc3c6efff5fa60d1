/**
 * Text
 *
 * How user-written text is stored and measured: Unicode NFC, trimmed, counted in code points (as
 * people count characters: an emoji is one).
 */
export function normalizeText(text: string): string {
  return text.normalize('NFC').trim();
}

export function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
