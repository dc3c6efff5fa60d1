/**
 * Deterministic randomness
 *
 * A small seeded generator (mulberry32) and the draws the seed graph needs. Every user's choices
 * come from a stream of their own (`streamFor(seed, purpose, index)`), so any slice of the graph can
 * be generated again without the rest: a resumed seed regenerates exactly the batches it skipped.
 */

export type Random = () => number;

/** A generator of numbers in [0, 1) from a 32-bit state. */
export function mulberry32(state: number): Random {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The stream for one purpose ('follows', 'tweets', ...) of one user, under one seed. */
export function streamFor(seed: number, purpose: string, index: number): Random {
  let hash = 2166136261 ^ seed;
  for (const char of `${purpose}:${index}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return mulberry32(Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) ^ index);
}

/** A standard normal draw (Box-Muller). */
export function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A log-normal count with the given mean and spread (sigma of the underlying normal). */
export function logNormalCount(random: Random, mean: number, sigma: number): number {
  return Math.round(Math.exp(Math.log(mean) - (sigma * sigma) / 2 + sigma * normal(random)));
}

/** Draws indices in proportion to fixed weights: a binary search over their running sums. */
export class WeightedIndex {
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    for (let index = 0; index < weights.length; index++) this.cumulative[index] = total += weights[index]!;
  }

  draw(random: Random): number {
    const target = random() * this.cumulative[this.cumulative.length - 1]!;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.cumulative[middle]! <= target) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** A UUIDv7 for the given millisecond whose other bits come from `random`: ordered by time, reproducible. */
export function uuidV7At(ms: number, random: Random): string {
  const hex = (value: number, digits: number) => Math.floor(value).toString(16).padStart(digits, '0');
  const time = hex(ms, 12);
  const word = () => hex(random() * 0x10000, 4);
  const variant = hex(0x8000 | (random() * 0x4000), 4);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex(random() * 0x1000, 3)}-${variant}-${word()}${word()}${word()}`;
}
