import { getRaw } from './bff.js';

/** The samples of a Prometheus text exposition, as `name{a="1",b="2"}` (labels sorted) → value. */
export type Samples = Map<string, number>;

export function parseMetrics(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels = [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => `${k}="${v}"`).sort();
    samples.set(`${m[1]}{${labels.join(',')}}`, Number(m[3]));
  }
  return samples;
}

/** One sample's value; a series that is not exposed is undefined (not 0), so tests can tell. */
export function sample(samples: Samples, name: string, labels: Record<string, string> = {}): number | undefined {
  const key = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).sort().join(',');
  return samples.get(`${name}{${key}}`);
}

export async function scrape(bffUrl: string): Promise<{ samples: Samples; text: string; contentType: string | null }> {
  const res = await getRaw(`${bffUrl}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  const text = res.body.toString('utf8');
  return { samples: parseMetrics(text), text, contentType: res.headers.get('content-type') };
}

/** What changed between two scrapes for the given series (missing counts as 0). */
export function delta(before: Samples, after: Samples, name: string, labels: Record<string, string> = {}): number {
  return (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
}
