import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBff } from '../src/start-bff.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startBff } from '../src/start-bff.js';
import { getRaw, startTestBff } from './tiles-support/bff.js';
import { startFakeUpstream, type FakeUpstream } from './tiles-support/fake-upstream.js';

// W3C trace context from the client through the BFF to Martin, with a tracer
// provider registered in-process and spans kept in memory. No instrumentation
// is loaded here, so this is the BFF's own propagation: what still joins the
// trace to Martin's when the http instrumentation could not patch node:http.

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let up: FakeUpstream;
let traced: RunningBff;
let plain: RunningBff;
const seen: Array<string | undefined> = [];

beforeAll(async () => {
  provider.register(); // AsyncLocalStorage context manager, W3C propagators
  up = await startFakeUpstream();
  up.behaviour = (_t, req) => {
    seen.push(req.headers.traceparent as string | undefined);
    return false;
  };
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', MARTIN_PRIMARY_URL: up.url, MARTIN_BACKUP_URL: '' });
  traced = await startBff({ config, log: createLogger({ level: 'silent' }), tracer: provider.getTracer('test') });
  plain = await startTestBff({ MARTIN_PRIMARY_URL: up.url });
});
afterEach(() => {
  exporter.reset();
  seen.length = 0;
});
afterAll(async () => {
  await Promise.all([traced?.close(), plain?.close()]);
  await up?.close();
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';
const parse = (tp: string | undefined) => /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/.exec(tp ?? '');
const byName = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

describe('trace context', () => {
  it("continues the client's trace and passes it on to Martin under the fetch span", async () => {
    const res = await getRaw(`${traced.url}/tiles/vec/3/4/4`, { traceparent: `00-${TRACE_ID}-${CLIENT_SPAN}-01` });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(1);
    const sent = parse(seen[0]);
    expect(sent, String(seen[0])).not.toBeNull();
    expect(sent![1]).toBe(TRACE_ID);

    const spans = exporter.getFinishedSpans();
    expect(spans.every((s) => s.spanContext().traceId === TRACE_ID)).toBe(true);
    const [server] = byName(spans, 'GET /tiles/{source}/{z}/{x}/{y}');
    expect(server, spans.map((s) => s.name).join(', ')).toBeDefined();
    expect(parentOf(server!)).toBe(CLIENT_SPAN);
    expect(server!.attributes).toMatchObject({ 'http.route': '/tiles/{source}/{z}/{x}/{y}', 'bff.tile.source': 'vec', 'bff.tile.z': 3, 'bff.tile.cache': 'miss', 'http.response.status_code': 200 });
    // No attribute carries the URL (a query string could hold anything a client put there).
    expect(JSON.stringify(server!.attributes)).not.toContain('/tiles/vec');

    const fetches = byName(spans, 'martin fetch').filter((s) => s.attributes['url.path'] === '/vec/3/4/4');
    expect(fetches).toHaveLength(1);
    expect(fetches[0]!.attributes).toMatchObject({ 'bff.upstream': 'primary', 'http.response.status_code': 200 });
    // Martin's parent is the fetch span, which sits under the tile request.
    expect(sent![2]).toBe(fetches[0]!.spanContext().spanId);
    const lookups = byName(spans, 'tile cache lookup');
    expect(lookups.map((s) => s.attributes['bff.cache.hit'])).toEqual(['none']);
    expect(lookups.every((s) => parentOf(s) === server!.spanContext().spanId)).toBe(true);
  });

  it('starts a new trace when the client sent none, and a warm tile makes no Martin call', async () => {
    await getRaw(`${traced.url}/tiles/vec/3/5/5`);
    expect(parse(seen[0])).not.toBeNull();
    exporter.reset();
    const warm = await getRaw(`${traced.url}/tiles/vec/3/5/5`);
    expect(warm.headers.get('x-cache')).toBe('l1');
    expect(seen).toHaveLength(1);
    const spans = exporter.getFinishedSpans();
    expect(byName(spans, 'tile cache lookup').map((s) => s.attributes['bff.cache.hit'])).toEqual(['l1']);
    expect(byName(spans, 'martin fetch')).toEqual([]);
  });

  it('sends no traceparent when tracing is off', async () => {
    const res = await getRaw(`${plain.url}/tiles/vec/3/6/6`, { traceparent: `00-${TRACE_ID}-${CLIENT_SPAN}-01` });
    expect(res.status).toBe(200);
    expect(seen).toEqual([undefined]);
  });
});
