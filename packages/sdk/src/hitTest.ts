import type { PaintItem, PixelPoint, TileFeature } from './prepareTile.js';

/**
 * Features under a point, topmost first, each once. `x`, `y` are tile pixels;
 * `tolerance` widens lines and points (in tile pixels) so thin things can be
 * clicked. Polygons use the even-odd rule, like the painter.
 */
export function hitTest(items: PaintItem[], x: number, y: number, tolerance = 3): TileFeature[] {
  const hits: TileFeature[] = [];
  for (let i = items.length - 1; i >= 0; i--) {
    const { rule, feature } = items[i]!;
    // Label-only rules draw no shape to point at; the feature's shape rule (if any) is tested instead.
    if (hits.includes(feature) || !(rule.fill || rule.line || rule.circle)) continue;
    const p = { x, y };
    let hit = false;
    if (feature.type === 'Polygon') hit = insideRings(feature.geometry, p) || nearLines(feature.geometry, p, tolerance, true);
    else if (feature.type === 'LineString') hit = nearLines(feature.geometry, p, (rule.lineWidth ?? 1) / 2 + tolerance, false);
    else hit = feature.geometry.flat().some((q) => Math.hypot(q.x - x, q.y - y) <= (rule.radius ?? 3) + tolerance);
    if (hit) hits.push(feature);
  }
  return hits;
}

function insideRings(rings: PixelPoint[][], p: PixelPoint): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i]!;
      const b = ring[j]!;
      if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
    }
  }
  return inside;
}

function nearLines(parts: PixelPoint[][], p: PixelPoint, distance: number, closed: boolean): boolean {
  for (const part of parts) {
    const n = closed ? part.length : part.length - 1;
    for (let i = 0; i < n; i++) {
      if (segmentDistance(p, part[i]!, part[(i + 1) % part.length]!) <= distance) return true;
    }
  }
  return false;
}

function segmentDistance(p: PixelPoint, a: PixelPoint, b: PixelPoint): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}
