/** Median with spread: every figure in the report is one of these over repeated runs. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Interquartile range (q3 − q1); 0 with fewer than 4 runs. */
  iqr: number;
  n: number;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function spread(values: readonly number[]): Spread {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return { median: NaN, min: NaN, max: NaN, iqr: NaN, n: 0 };
  return {
    median: quantile(v, 0.5),
    min: v[0]!,
    max: v[v.length - 1]!,
    iqr: v.length >= 4 ? quantile(v, 0.75) - quantile(v, 0.25) : 0,
    n: v.length,
  };
}

/** A run result with every number replaced by its spread over the runs. */
export type Summarised<T> = T extends number ? Spread : T extends object ? { [K in keyof T]: Summarised<T[K]> } : T;

/**
 * Summarises repeated runs of the same shape field by field, so a scenario
 * returns plain numbers per run and the report still shows medians and spreads.
 */
export function summarise<T>(runs: readonly T[]): Summarised<T> {
  const first = runs[0];
  if (typeof first === 'number') return spread(runs as unknown as number[]) as Summarised<T>;
  if (first === null || typeof first !== 'object') return first as Summarised<T>;
  // Keys are the union over runs: a share map (cache tiers) may gain a key in
  // one run only, and a number absent from a run counts as 0 there.
  const keys = new Set(runs.flatMap((r) => Object.keys(r as object)));
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const values = runs.map((r) => (r as Record<string, unknown>)[key]);
    const numeric = values.some((v) => typeof v === 'number');
    out[key] = summarise(numeric ? values.map((v) => v ?? 0) : values);
  }
  return out as Summarised<T>;
}
