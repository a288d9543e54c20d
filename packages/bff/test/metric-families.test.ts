import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createCounterFamily } from '../src/metrics/counter-family.js';
import { createHistogramFamily } from '../src/metrics/histogram-family.js';

// The hot-path series must print exactly what prom-client's own metrics print
// for the same observations, so Prometheus cannot tell them apart.

const BUCKETS = [0.0005, 0.001, 0.01, 1, 10];
const VALUES = [0, 0.0005, 0.0007, 0.001, 0.5, 1, 9.99, 10, 11, 120];

describe('createHistogramFamily', () => {
  it('prints the same buckets, sum and count as a prom-client Histogram (le is "less or equal")', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const fast = createHistogramFamily(ours, { name: 'h_seconds', help: 'h', labelNames: ['cache'], buckets: BUCKETS });
    const reference = new Histogram({ name: 'h_seconds', help: 'h', labelNames: ['cache'], buckets: BUCKETS, registers: [theirs] });
    for (const v of VALUES) {
      fast.slot({ cache: 'l1' }).observe(v);
      reference.labels('l1').observe(v);
    }
    fast.slot({ cache: 'miss' }).observe(0.02);
    reference.labels('miss').observe(0.02);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain('h_seconds_bucket{le="0.0005",cache="l1"} 2');
  });

  it('refuses buckets that do not ascend, naming the metric', () => {
    expect(() => createHistogramFamily(new Registry(), { name: 'bad_seconds', help: 'h', buckets: [1, 0.5] })).toThrow(/bad_seconds: buckets must ascend/);
  });
});

describe('createCounterFamily', () => {
  it('exposes a slot at 0 once made, then the running total at every scrape, like a prom-client Counter', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const fast = createCounterFamily(ours, { name: 'c_total', help: 'c', labelNames: ['route', 'status'] });
    const reference = new Counter({ name: 'c_total', help: 'c', labelNames: ['route', 'status'], registers: [theirs] });
    const ok = fast.slot({ route: 'tiles', status: '200' });
    reference.inc({ route: 'tiles', status: '200' }, 0);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    ok.inc();
    ok.inc(2);
    fast.slot({ route: 'tiles', status: '404' }).inc();
    reference.inc({ route: 'tiles', status: '200' }, 3);
    reference.inc({ route: 'tiles', status: '404' });
    expect(await ours.metrics()).toBe(await theirs.metrics());
    ok.inc();
    reference.inc({ route: 'tiles', status: '200' });
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(fast.slot({ route: 'tiles', status: '200' })).toBe(ok);
  });
});
