import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '../src/start-stack.js';

// The first complete path of the product (issue 2's "done when"): real Martin
// primary and backup on real tilesets, the built BFF in front, the demo site.
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    workDir: mkdtempSync(join(tmpdir(), 'stack-')),
    martinBin: inject('martinBin'),
    tilesets: inject('tilesets'),
  });
});

afterAll(async () => {
  await stack?.stop();
});

async function graphql<T>(query: string): Promise<T> {
  const res = await fetch(`${stack.bff.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: T; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

describe('the local stack', () => {
  it('lists the three real tilesets through GraphQL, with BFF tile URLs', async () => {
    const data = await graphql<{ tilesets: Array<{ id: string; format: string; minzoom: number; maxzoom: number; tileUrl: string; attribution: string | null }> }>(
      '{ tilesets { id format minzoom maxzoom tileUrl attribution } }',
    );
    const byId = Object.fromEntries(data.tilesets.map((t) => [t.id, t]));
    expect(Object.keys(byId).sort()).toEqual(expect.arrayContaining(['countries', 'helsinki', 'toner']));
    expect(byId.countries!.format).toBe('MVT');
    expect(byId.helsinki!.format).toBe('MVT');
    expect(byId.toner!.format).toBe('PNG');
    for (const t of data.tilesets) {
      expect(t.tileUrl.startsWith(`${stack.bff.url}/tiles/${t.id}/{z}/{x}/{y}`)).toBe(true);
      expect(t.tileUrl).not.toContain(stack.primary.url);
    }
    expect(byId.helsinki!.attribution).toMatch(/OpenStreetMap/);
    expect(byId.countries!.attribution).toMatch(/Natural Earth/);
    // The PMTiles has no metadata: the runner's TILESET_ATTRIBUTION fills it in.
    expect(byId.toner!.attribution).toMatch(/Stamen Design.*CC BY 3\.0/);
  });

  it('serves a Helsinki tile byte-identical (after decoding) to the same tile from Martin', async () => {
    const path = 'helsinki/14/9327/4742';
    const [fromBff, fromMartin] = await Promise.all([
      fetch(`${stack.bff.url}/tiles/${path}`, { headers: { 'accept-encoding': 'gzip' } }),
      fetch(`${stack.primary.url}/${path}`, { headers: { 'accept-encoding': 'identity' } }),
    ]);
    expect(fromBff.status).toBe(200);
    expect(fromMartin.status).toBe(200);
    expect(fromBff.headers.get('vary')?.toLowerCase()).toContain('accept-encoding');
    // fetch() decodes gzip transparently; compare decoded bytes.
    const a = Buffer.from(await fromBff.arrayBuffer());
    const raw = Buffer.from(await fromMartin.arrayBuffer());
    const b = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
    expect(a.length).toBeGreaterThan(100);
    expect(a.equals(b)).toBe(true);
  });

  it('answers a malformed tile path with a JSON 4xx, never a 500', async () => {
    for (const bad of ['helsinki/14/abc/1', 'helsinki/3/9/2', 'helsinki/-1/0/0', 'helsinki/14/08829/5334']) {
      const res = await fetch(`${stack.bff.url}/tiles/${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/json/);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBeTruthy();
    }
    expect((await fetch(`${stack.bff.url}/healthz`)).status).toBe(200);
  });

  it('serves the demo with a config.json that points at the BFF', async () => {
    const page = await fetch(stack.demoUrl + '/');
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    const config = (await (await fetch(`${stack.demoUrl}/config.json`)).json()) as { bffUrl: string };
    expect(config.bffUrl).toBe(stack.bff.url);
  });
});
