import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBff } from '../src/start-bff.js';
import { getRaw, startTestBff } from './tiles-support/bff.js';
import { startFakeUpstream, type FakeUpstream } from './tiles-support/fake-upstream.js';

// Probes and health with a primary and a backup Martin stand-in, neither failing.

let primary: FakeUpstream;
let backup: FakeUpstream;
let bff: RunningBff;
beforeAll(async () => {
  [primary, backup] = await Promise.all([startFakeUpstream(), startFakeUpstream()]);
  bff = await startTestBff({ MARTIN_PRIMARY_URL: primary.url, MARTIN_BACKUP_URL: backup.url });
});
afterAll(async () => {
  await bff?.close();
  await Promise.all([primary?.close(), backup?.close()]);
});

type Upstream = { name: string; latencyMs: number | null; reachable?: boolean };

describe('/readyz', () => {
  it('reports the latency of each probe, the backup included, before any failover', async () => {
    const ready = await getRaw(`${bff.url}/readyz`);
    expect(ready.status).toBe(200);
    const upstreams: Upstream[] = JSON.parse(ready.body.toString()).upstreams;
    expect(backup.tileRequests).toEqual([]); // the backup never served anything
    for (const name of ['primary', 'backup']) {
      const u = upstreams.find((x) => x.name === name)!;
      expect(u.reachable, name).toBe(true);
      expect(u.latencyMs, name).toEqual(expect.any(Number));
    }
  });

  it('GraphQL health shows the probed backup latency too', async () => {
    await getRaw(`${bff.url}/readyz`);
    const res = await fetch(`${bff.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { upstreams { name state latencyMs } } }' }),
    });
    const upstreams: Upstream[] = (await res.json()).data.health.upstreams;
    expect(upstreams.find((u) => u.name === 'backup')!.latencyMs).toEqual(expect.any(Number));
  });
});
