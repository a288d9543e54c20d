import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** Handles one tile request; return false to fall through to the default answer. */
export type TileBehaviour = (t: { source: string; z: number; x: number; y: number }, req: IncomingMessage, res: ServerResponse) => boolean | void | Promise<boolean | void>;

export interface FakeUpstream {
  url: string;
  /** Paths of every tile request received, in order. */
  tileRequests: string[];
  /** Overrides tile answers (faults); `undefined` restores the defaults. */
  behaviour: TileBehaviour | undefined;
  /** Changes the content of every vector tile (data changed upstream). */
  generation: number;
  close(): Promise<void>;
}

/** The identity bytes of a vector tile from the fake (not real MVT; the BFF treats bytes opaquely). */
export function vectorTile(z: number, x: number, y: number, generation = 0): Buffer {
  return Buffer.from(`\x1a\x10mvt ${z}/${x}/${y} gen ${generation} `.padEnd(400, 'pad '));
}
export const PNG_TILE = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 7)]);

/**
 * A test-only stand-in for Martin at the network edge, for the faults a real
 * Martin will not produce (lying encodings, hangs, 500s, truncated bodies).
 * Sources: `vec` (MVT z0–14, stored gzip like MBTiles; z5/0/0 is empty → 204)
 * and `img` (PNG z0–5).
 */
export async function startFakeUpstream(): Promise<FakeUpstream> {
  const state: Omit<FakeUpstream, 'url' | 'close'> = { tileRequests: [], behaviour: undefined, generation: 0 };
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/health') return void res.end('OK');
    if (path === '/catalog') return json(res, { tiles: { vec: { content_type: 'application/x-protobuf' }, img: { content_type: 'image/png' } } });
    const tj = /^\/(vec|img)$/.exec(path);
    if (tj) return json(res, { tilejson: '3.0.0', tiles: [`http://x/${tj[1]}/{z}/{x}/{y}`], minzoom: 0, maxzoom: tj[1] === 'vec' ? 14 : 5 });
    const m = /^\/(vec|img)\/(\d+)\/(\d+)\/(\d+)$/.exec(path);
    if (!m) return void res.writeHead(404).end();
    state.tileRequests.push(path);
    const t = { source: m[1]!, z: Number(m[2]), x: Number(m[3]), y: Number(m[4]) };
    if (state.behaviour && (await state.behaviour(t, req, res)) !== false) return;
    if (t.source === 'img') return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG_TILE);
    if (t.z === 5 && t.x === 0 && t.y === 0) return void res.writeHead(204).end();
    const gz = /gzip/.test(String(req.headers['accept-encoding']));
    const body = vectorTile(t.z, t.x, t.y, state.generation);
    res.writeHead(200, { 'content-type': 'application/x-protobuf', ...(gz ? { 'content-encoding': 'gzip' } : {}) });
    res.end(gz ? gzipSync(body) : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  });
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
