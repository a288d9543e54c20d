import { Counter, type Registry } from 'prom-client';

/**
 * One labelled series of a counter. The hot path adds to a plain number;
 * prom-client only sees the total when Prometheus scrapes. A prom-client
 * child (`counter.labels(…).inc()`) re-hashes and re-validates its labels on
 * every call, several hundred ns on the tile route; this is one addition.
 */
export class CounterSlot {
  value = 0;

  inc(by = 1): void {
    this.value += by;
  }
}

export interface CounterFamily<L extends string> {
  /** The series for these label values, made on first use and the same object after (bind it once, keep it). */
  slot(labels: Readonly<Record<L, string>>): CounterSlot;
}

export interface CounterFamilyOptions<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

/**
 * A prom-client `Counter` fed from `CounterSlot`s: at each scrape its
 * `collect` adds what every slot gained since the last one, so the exposed
 * series stay ordinary monotonic counters. A slot's series is exposed (at 0)
 * from the moment it is made, so `rate()` sees its first increment.
 */
export function createCounterFamily<L extends string>(registry: Registry, opts: CounterFamilyOptions<L>): CounterFamily<L> {
  const labelNames = opts.labelNames ?? [];
  const series: Array<{ labels: Readonly<Record<L, string>>; slot: CounterSlot; reported: number }> = [];
  const byKey = new Map<string, CounterSlot>();
  const counter: Counter<L> = new Counter<L>({
    name: opts.name,
    help: opts.help,
    labelNames,
    registers: [registry],
    collect() {
      for (const s of series) {
        const delta = s.slot.value - s.reported;
        if (delta > 0) {
          counter.inc(s.labels, delta);
          s.reported += delta;
        }
      }
    },
  });
  return {
    slot(labels) {
      const key = labelNames.map((n) => labels[n]).join('\u0000');
      let slot = byKey.get(key);
      if (slot) return slot;
      slot = new CounterSlot();
      byKey.set(key, slot);
      series.push({ labels: { ...labels }, slot, reported: 0 });
      counter.inc(labels, 0);
      return slot;
    },
  };
}
