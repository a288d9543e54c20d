import type { Metric, Registry } from 'prom-client';

/** One labelled series of a histogram: counts per bucket, kept in a typed array. */
export class HistogramSlot {
  /** Non-cumulative: counts[i] is the number of observations in (bounds[i-1], bounds[i]]; the last cell is above every bound. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    const b = this.bounds;
    let i = 0;
    while (i < b.length && value > b[i]!) i++;
    this.counts[i]!++;
  }
}

export interface HistogramFamily<L extends string> {
  slot(labels: Readonly<Record<L, string>>): HistogramSlot;
}

export interface HistogramFamilyOptions<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
  /** Upper bounds, ascending, in the metric's unit. */
  buckets: readonly number[];
}

type Value = { value: number; labels: Record<string, string | number>; metricName: string };

/**
 * A histogram with the same exposition as prom-client's (`_bucket{le}`,
 * `_sum`, `_count`), registered as a metric of `registry`. prom-client's own
 * `observe` hashes the labels and builds an object per call (about 1 µs
 * with labels); here an observation is a short loop over the bounds.
 */
export function createHistogramFamily<L extends string>(registry: Registry, opts: HistogramFamilyOptions<L>): HistogramFamily<L> {
  const bounds = [...opts.buckets];
  for (let i = 1; i < bounds.length; i++) {
    if (!(bounds[i]! > bounds[i - 1]!)) throw new TypeError(`${opts.name}: buckets must ascend, got ${bounds.join(', ')}`);
  }
  const labelNames = opts.labelNames ?? [];
  const series: Array<{ labels: Readonly<Record<L, string>>; slot: HistogramSlot }> = [];
  const byKey = new Map<string, HistogramSlot>();

  const values = (): Value[] => {
    const out: Value[] = [];
    for (const { labels, slot } of series) {
      let cumulative = 0;
      for (let i = 0; i < bounds.length; i++) {
        cumulative += slot.counts[i]!;
        out.push({ value: cumulative, labels: { le: bounds[i]!, ...labels }, metricName: `${opts.name}_bucket` });
      }
      out.push({ value: slot.count, labels: { le: '+Inf', ...labels }, metricName: `${opts.name}_bucket` });
      out.push({ value: slot.sum, labels: { ...labels }, metricName: `${opts.name}_sum` });
      out.push({ value: slot.count, labels: { ...labels }, metricName: `${opts.name}_count` });
    }
    return out;
  };
  // The shape the registry reads from every metric (`get()`, as in prom-client's
  // own metrics); a histogram without a series would print only HELP and TYPE.
  const metric = {
    name: opts.name,
    help: opts.help,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => ({ name: opts.name, help: opts.help, type: 'histogram', aggregator: 'sum', values: values() }),
    reset() {
      for (const { slot } of series) {
        slot.counts.fill(0);
        slot.sum = 0;
        slot.count = 0;
      }
    },
  };
  registry.registerMetric(metric as unknown as Metric);

  return {
    slot(labels) {
      const key = labelNames.map((n) => labels[n]).join('\u0000');
      let slot = byKey.get(key);
      if (!slot) {
        slot = new HistogramSlot(bounds);
        byKey.set(key, slot);
        series.push({ labels: { ...labels }, slot });
      }
      return slot;
    },
  };
}
