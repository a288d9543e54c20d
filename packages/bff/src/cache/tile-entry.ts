import { ENCODINGS, type Encoding } from '../tiles/codec.js';

/** One cached tile variant. */
export interface TileEntry {
  /** 200, or 204 for an empty tile (cached as such, C01). */
  status: 200 | 204;
  contentType: string | null;
  encoding: Encoding;
  /** Hash of the decoded (identity) bytes: the ETag's base, equal for every variant. */
  hash: string;
  body: Uint8Array;
}

interface Header {
  s: 200 | 204;
  t: string | null;
  e: number;
  h: string;
}

const MAGIC = 0x54; // 'T', and the format version: bump when the layout changes.

/**
 * Serialises an entry as one value (a Redis string / an L1 buffer):
 * `[magic][u16 header length][JSON header][body]`. Keeping metadata and bytes
 * in one value means a reader never sees bytes without their encoding.
 */
export function encodeTileEntry(entry: TileEntry): Buffer {
  const header: Header = { s: entry.status, t: entry.contentType, e: ENCODINGS.indexOf(entry.encoding), h: entry.hash };
  const json = Buffer.from(JSON.stringify(header));
  const out = Buffer.allocUnsafe(3 + json.length + entry.body.byteLength);
  out[0] = MAGIC;
  out.writeUInt16BE(json.length, 1);
  json.copy(out, 3);
  out.set(entry.body, 3 + json.length);
  return out;
}

/** Parses a stored value; undefined for anything not written by `encodeTileEntry` (treated as a miss). */
export function decodeTileEntry(value: Uint8Array): TileEntry | undefined {
  if (value.byteLength < 3 || value[0] !== MAGIC) return undefined;
  const buf = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const length = buf.readUInt16BE(1);
  try {
    const h = JSON.parse(buf.subarray(3, 3 + length).toString('utf8')) as Header;
    const encoding = ENCODINGS[h.e];
    if ((h.s !== 200 && h.s !== 204) || !encoding || typeof h.h !== 'string') return undefined;
    return { status: h.s, contentType: h.t ?? null, encoding, hash: h.h, body: buf.subarray(3 + length) };
  } catch {
    return undefined;
  }
}
