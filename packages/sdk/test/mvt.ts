// A minimal Mapbox Vector Tile 2.1 encoder for tests, written from the spec
// (github.com/mapbox/vector-tile-spec, 2.1): tiles are built here so tests use
// real MVT bytes without shipping fixture files.
import { PbfWriter } from 'pbf';

export interface TestFeature {
  id?: number;
  type: 'Point' | 'LineString' | 'Polygon';
  /** Rings or parts in tile extent units. */
  geometry: Array<Array<[number, number]>>;
  properties?: Record<string, string | number | boolean>;
}

export type TestTile = Record<string, TestFeature[]>;

const TYPE = { Point: 1, LineString: 2, Polygon: 3 } as const;
const zigzag = (n: number): number => (n << 1) ^ (n >> 31);
const command = (id: number, count: number): number => (id & 0x7) | (count << 3);

function encodeGeometry(f: TestFeature): number[] {
  const out: number[] = [];
  let cx = 0;
  let cy = 0;
  const step = ([x, y]: [number, number]): void => {
    out.push(zigzag(x - cx), zigzag(y - cy));
    cx = x;
    cy = y;
  };
  if (f.type === 'Point') {
    const points = f.geometry.flat();
    out.push(command(1, points.length));
    points.forEach(step);
    return out;
  }
  for (const part of f.geometry) {
    out.push(command(1, 1));
    step(part[0]!);
    out.push(command(2, part.length - 1));
    part.slice(1).forEach(step);
    if (f.type === 'Polygon') out.push(command(7, 1));
  }
  return out;
}

/** Encodes layers of features (extent 4096) as MVT bytes. */
export function encodeTile(tile: TestTile, extent = 4096): Uint8Array {
  const pbf = new PbfWriter();
  for (const [name, features] of Object.entries(tile)) {
    pbf.writeMessage(3, (_: unknown, w: PbfWriter) => {
      w.writeVarintField(15, 2);
      w.writeStringField(1, name);
      const keys: string[] = [];
      const values: Array<string | number | boolean> = [];
      const index = <T>(list: T[], v: T): number => (list.includes(v) ? list.indexOf(v) : list.push(v) - 1);
      for (const f of features) {
        const tags = Object.entries(f.properties ?? {}).flatMap(([k, v]) => [index(keys, k), index(values, v)]);
        w.writeMessage(2, (_f: unknown, fw: PbfWriter) => {
          if (f.id !== undefined) fw.writeVarintField(1, f.id);
          fw.writePackedVarint(2, tags);
          fw.writeVarintField(3, TYPE[f.type]);
          fw.writePackedVarint(4, encodeGeometry(f));
        }, null);
      }
      for (const k of keys) w.writeStringField(3, k);
      for (const v of values) {
        w.writeMessage(4, (_v: unknown, vw: PbfWriter) => {
          if (typeof v === 'string') vw.writeStringField(1, v);
          else if (typeof v === 'boolean') vw.writeBooleanField(7, v);
          else if (Number.isInteger(v)) vw.writeSVarintField(6, v);
          else vw.writeDoubleField(3, v);
        }, null);
      }
      w.writeVarintField(5, extent);
    }, null);
  }
  return pbf.finish();
}
