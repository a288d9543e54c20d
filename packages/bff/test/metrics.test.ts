import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startBff, type RunningBff } from '../src/start-bff.js';
import { getRaw, startTestBff } from './tiles-support/bff.js';
import { startFakeUpstream, type FakeUpstream } from './tiles-support/fake-upstream.js';
import { delta, sample, scrape } from './tiles-support/metrics.js';

// /metrics after real traffic through the BFF, against Martin stand-ins at the
// network edge. Each test starts its own BFF, so its counters start at zero.

let primary: FakeUpstream;
let backup: FakeUpstream;
const started: RunningBff[] = [];
beforeAll(async () => {
  [primary, backup] = await Promise.all([startFakeUpstream(), startFakeUpstream()]);
});
afterEach(() => {
  primary.behaviour = undefined;
  backup.behaviour = undefined;
});
afterAll(async () => {
  await Promise.all(started.map((b) => b.close()));
  await Promise.all([primary?.close(), backup?.close()]);
});

async function bffWith(env: Record<string, string> = {}): Promise<RunningBff> {
  const bff = await startTestBff({ MARTIN_PRIMARY_URL: primary.url, ...env });
  started.push(bff);
  return bff;
}

describe('GET /metrics', () => {
  it('answers Prometheus text with the BFF series and process metrics, without URL labels', async () => {
    const bff = await bffWith();
    await getRaw(`${bff.url}/tiles/vec/2/1/1`);
    await getRaw(`${bff.url}/tiles/vec/2/1/1?v=whatever`);
    const { samples, text, contentType } = await scrape(bff.url);
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    for (const name of [
      'bff_http_requests_total',
      'bff_tile_duration_seconds',
      'bff_cache_hits_total',
      'bff_cache_misses_total',
      'bff_upstream_requests_total',
      'bff_upstream_failovers_total',
      'bff_upstream_circuit_state',
      'bff_redis_errors_total',
      'bff_coalesced_waits_total',
      'bff_rate_limit_rejections_total',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('# TYPE bff_tile_duration_seconds histogram');
    expect(sample(samples, 'bff_upstream_circuit_state', { upstream: 'primary', state: 'closed' })).toBe(1);
    expect(sample(samples, 'bff_upstream_circuit_state', { upstream: 'primary', state: 'open' })).toBe(0);
    expect(sample(samples, 'bff_rate_limit_rejections_total')).toBe(0);
    // Labels are route names and codes, never paths or query strings.
    const sampleLines = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(sampleLines.filter((l) => /\/tiles|vec|whatever/.test(l))).toEqual([]);
    expect(sample(samples, 'bff_http_requests_total', { route: 'tiles', method: 'GET', status: '200' })).toBe(2);
    expect((await getRaw(`${bff.url}/metrics`, {}, 'POST')).status).toBe(405);
  });

  it('one cold tile is an L1 miss and one Martin call; the second request for it is an L1 hit', async () => {
    const bff = await bffWith({ MARTIN_BACKUP_URL: '' });
    await getRaw(`${bff.url}/tiles/vec/0/0/0`); // metadata (catalog, TileJSON) now cached
    const before = (await scrape(bff.url)).samples;

    const cold = await getRaw(`${bff.url}/tiles/vec/3/2/2`);
    expect(cold.headers.get('x-cache')).toBe('miss');
    const mid = (await scrape(bff.url)).samples;
    expect(delta(before, mid, 'bff_cache_misses_total', { tier: 'l1' })).toBe(1);
    expect(delta(before, mid, 'bff_cache_hits_total', { tier: 'l1' })).toBe(0);
    expect(delta(before, mid, 'bff_upstream_requests_total', { upstream: 'primary', outcome: 'ok' })).toBe(1);
    expect(delta(before, mid, 'bff_tile_duration_seconds_count', { cache: 'miss' })).toBe(1);

    const warm = await getRaw(`${bff.url}/tiles/vec/3/2/2`);
    expect(warm.headers.get('x-cache')).toBe('l1');
    const after = (await scrape(bff.url)).samples;
    expect(delta(mid, after, 'bff_cache_hits_total', { tier: 'l1' })).toBe(1);
    expect(delta(mid, after, 'bff_cache_misses_total', { tier: 'l1' })).toBe(0);
    expect(delta(mid, after, 'bff_upstream_requests_total', { upstream: 'primary', outcome: 'ok' })).toBe(0);
    expect(delta(mid, after, 'bff_tile_duration_seconds_count', { cache: 'l1' })).toBe(1);
    expect(delta(before, after, 'bff_http_requests_total', { route: 'tiles', method: 'GET', status: '200' })).toBe(2);
    // No Redis: L2 is never asked, so it never misses.
    expect(sample(after, 'bff_cache_misses_total', { tier: 'l2' })).toBe(0);
    // The histogram is cumulative and ends in +Inf = count.
    const inf = sample(after, 'bff_tile_duration_seconds_bucket', { cache: 'l1', le: '+Inf' });
    expect(inf).toBe(sample(after, 'bff_tile_duration_seconds_count', { cache: 'l1' }));
    expect(sample(after, 'bff_tile_duration_seconds_bucket', { cache: 'l1', le: '10' })).toBe(inf);
    expect(sample(after, 'bff_tile_duration_seconds_sum', { cache: 'l1' })).toBeGreaterThan(0);
  });

  it('a primary failure that the backup answers counts one failover and the outcome per upstream', async () => {
    const bff = await bffWith({ MARTIN_BACKUP_URL: backup.url });
    await getRaw(`${bff.url}/tiles/vec/0/0/0`);
    const before = (await scrape(bff.url)).samples;
    primary.behaviour = (_t, _req, res) => void res.writeHead(500).end('boom');
    const res = await getRaw(`${bff.url}/tiles/vec/4/3/3`);
    expect(res.status).toBe(200);
    const after = (await scrape(bff.url)).samples;
    expect(delta(before, after, 'bff_upstream_failovers_total', { reason: 'error' })).toBe(1);
    expect(delta(before, after, 'bff_upstream_failovers_total', { reason: 'circuit_open' })).toBe(0);
    expect(delta(before, after, 'bff_upstream_requests_total', { upstream: 'primary', outcome: 'error' })).toBe(1);
    expect(delta(before, after, 'bff_upstream_requests_total', { upstream: 'backup', outcome: 'ok' })).toBe(1);
  });

  it('counts failovers past an open circuit, and shows the circuit open', async () => {
    const bff = await bffWith({ MARTIN_BACKUP_URL: backup.url });
    await getRaw(`${bff.url}/tiles/vec/0/0/0`);
    primary.behaviour = (_t, _req, res) => void res.writeHead(503).end();
    for (let i = 0; i < 5; i++) expect((await getRaw(`${bff.url}/tiles/vec/6/${i}/1`)).status).toBe(200); // 5 failures open it
    const before = (await scrape(bff.url)).samples;
    expect(sample(before, 'bff_upstream_circuit_state', { upstream: 'primary', state: 'open' })).toBe(1);
    expect(sample(before, 'bff_upstream_circuit_state', { upstream: 'backup', state: 'closed' })).toBe(1);
    expect((await getRaw(`${bff.url}/tiles/vec/6/9/1`)).status).toBe(200);
    const after = (await scrape(bff.url)).samples;
    expect(delta(before, after, 'bff_upstream_failovers_total', { reason: 'circuit_open' })).toBe(1);
    expect(delta(before, after, 'bff_upstream_requests_total', { upstream: 'primary', outcome: 'error' })).toBe(0);
  });

  it('counts requests that joined another fetch, upstream timeouts and 5xx answers by status', async () => {
    const bff = await bffWith({ MARTIN_BACKUP_URL: '', UPSTREAM_TIMEOUT_MS: '300' });
    await getRaw(`${bff.url}/tiles/vec/0/0/0`);
    primary.behaviour = async () => {
      await sleep(150);
      return false;
    };
    const all = await Promise.all(Array.from({ length: 20 }, () => getRaw(`${bff.url}/tiles/vec/7/5/5`)));
    expect(all.filter((r) => r.headers.get('x-cache') === 'coalesced')).toHaveLength(19);
    const mid = (await scrape(bff.url)).samples;
    expect(sample(mid, 'bff_coalesced_waits_total', { kind: 'single_flight' })).toBe(19);
    expect(sample(mid, 'bff_coalesced_waits_total', { kind: 'lease' })).toBe(0);
    expect(sample(mid, 'bff_tile_duration_seconds_count', { cache: 'coalesced' })).toBe(19);

    primary.behaviour = async () => {
      await sleep(1000);
      return false;
    };
    expect((await getRaw(`${bff.url}/tiles/vec/7/6/6`)).status).toBe(504);
    const after = (await scrape(bff.url)).samples;
    expect(delta(mid, after, 'bff_upstream_requests_total', { upstream: 'primary', outcome: 'timeout' })).toBe(1);
    expect(delta(mid, after, 'bff_http_requests_total', { route: 'tiles', method: 'GET', status: '504' })).toBe(1);
    expect(delta(mid, after, 'bff_tile_duration_seconds_count', { cache: 'none' })).toBe(1);
  });

  it('labels other routes by name: healthz, readyz, metrics, graphql, other', async () => {
    const bff = await bffWith();
    await getRaw(`${bff.url}/healthz`);
    await getRaw(`${bff.url}/readyz`);
    await getRaw(`${bff.url}/graphql?query=%7B__typename%7D`);
    await getRaw(`${bff.url}/no/such/thing`);
    await getRaw(`${bff.url}/metrics`);
    const { samples } = await scrape(bff.url);
    expect(sample(samples, 'bff_http_requests_total', { route: 'healthz', method: 'GET', status: '200' })).toBe(1);
    expect(sample(samples, 'bff_http_requests_total', { route: 'readyz', method: 'GET', status: '200' })).toBe(1);
    expect(sample(samples, 'bff_http_requests_total', { route: 'graphql', method: 'GET', status: '200' })).toBe(1);
    expect(sample(samples, 'bff_http_requests_total', { route: 'other', method: 'GET', status: '404' })).toBe(1);
    expect(sample(samples, 'bff_http_requests_total', { route: 'metrics', method: 'GET', status: '200' })).toBe(1);
  });
});

describe('request ids', () => {
  async function bffWithLogs(): Promise<{ bff: RunningBff; lines: Array<Record<string, unknown>> }> {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    });
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', MARTIN_PRIMARY_URL: primary.url, MARTIN_BACKUP_URL: '', UPSTREAM_TIMEOUT_MS: '300' });
    const bff = await startBff({ config, log: pino({ level: 'debug' }, sink) });
    started.push(bff);
    return { bff, lines };
  }

  it('keeps a sane incoming X-Request-Id, returns it, and puts it on every log line of the request', async () => {
    const { bff, lines } = await bffWithLogs();
    primary.behaviour = (_t, _req, res) => void res.writeHead(500).end();
    const res = await getRaw(`${bff.url}/tiles/vec/5/1/1`, { 'x-request-id': 'edge-42.a:b' });
    expect(res.status).toBe(502);
    expect(res.headers.get('x-request-id')).toBe('edge-42.a:b');
    const mine = lines.filter((l) => l.reqId === 'edge-42.a:b').map((l) => l.msg);
    expect(mine).toEqual(['tile: upstream failed', 'request failed']);
    expect(lines.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('tile:') && !l.reqId)).toEqual([]);
  });

  it('without X-Request-Id uses the trace id of a valid traceparent, else a new UUID; a bad id is replaced', async () => {
    const { bff } = await bffWithLogs();
    const traced = await getRaw(`${bff.url}/healthz`, { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
    expect(traced.headers.get('x-request-id')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const zero = await getRaw(`${bff.url}/healthz`, { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` });
    expect(zero.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    const bad = await getRaw(`${bff.url}/healthz`, { 'x-request-id': 'has spaces and "quotes"' });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    const a = await getRaw(`${bff.url}/healthz`);
    const b = await getRaw(`${bff.url}/healthz`);
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });
});
