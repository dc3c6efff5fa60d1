/**
 * A value a test needs and has every reason to expect: returned typed as present, or a failure
 * that says what was missing (where a non-null assertion would let `undefined` through).
 */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value == null) throw new Error(`Expected ${what}, found ${String(value)}.`);
  return value;
}

/** `count` of `T`, as a tuple when `count` is a literal (so `const [ada, grace] = ...` needs no check), else an array. */
export type Several<T, Count extends number, Gathered extends T[] = []> = number extends Count
  ? T[]
  : Gathered['length'] extends Count
    ? Gathered
    : Several<T, Count, [...Gathered, T]>;
