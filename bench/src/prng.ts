/**
 * A seeded PRNG (mulberry32: 32-bit state, good enough statistical quality for
 * simulating users, and identical on every machine and Node version, which
 * `Math.random` is not). The workload depends only on the seed.
 */
export type Random = () => number;

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max]. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Exponentially distributed with the given mean (think times, inter-arrival gaps). */
export function randomExp(random: Random, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

/** Picks an item with probability proportional to its weight. */
export function pickWeighted<T>(random: Random, items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let r = random() * total;
  for (const item of items) {
    r -= weight(item);
    if (r < 0) return item;
  }
  return items[items.length - 1]!;
}

/**
 * Picks index `i` (0-based rank) with probability ∝ 1/(i+1)^s: the Zipf law
 * that place and tile popularity on real web maps roughly follows.
 */
export function pickZipf<T>(random: Random, ranked: readonly T[], s: number): T {
  return pickWeighted(random, ranked.map((item, i) => ({ item, w: 1 / (i + 1) ** s })), (e) => e.w).item;
}
