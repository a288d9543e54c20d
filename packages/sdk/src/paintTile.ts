import type { PaintItem, PixelPoint } from './prepareTile.js';

/** The part of `CanvasRenderingContext2D` the painter uses (a recording fake will do in tests). */
export type PaintContext = Pick<
  CanvasRenderingContext2D,
  'beginPath' | 'moveTo' | 'lineTo' | 'closePath' | 'arc' | 'fill' | 'stroke' | 'fillText' | 'strokeText' |
  'measureText' | 'fillStyle' | 'strokeStyle' | 'lineWidth' | 'lineJoin' | 'lineCap' | 'font' | 'textAlign' | 'textBaseline'
>;

/**
 * Draws paint items in order. Coordinates are tile pixels; scale the context
 * first for high-DPI canvases. Labels that would cross the tile's edge
 * (`size` px) are left out, because the neighbour tile cannot draw the rest.
 */
export function paintTile(ctx: PaintContext, items: PaintItem[], size = Infinity): void {
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  for (const { rule, feature } of items) {
    const { type, geometry } = feature;
    if (type === 'Polygon' && (rule.fill || rule.line)) {
      tracePath(ctx, geometry, true);
      if (rule.fill) {
        ctx.fillStyle = rule.fill;
        ctx.fill('evenodd');
      }
      if (rule.line) stroke(ctx, rule.line, rule.lineWidth ?? 1);
    } else if (type === 'LineString' && rule.line) {
      tracePath(ctx, geometry, false);
      stroke(ctx, rule.line, rule.lineWidth ?? 1);
    } else if (type === 'Point' && rule.circle) {
      ctx.beginPath();
      for (const p of geometry.flat()) {
        ctx.moveTo(p.x + (rule.radius ?? 3), p.y);
        ctx.arc(p.x, p.y, rule.radius ?? 3, 0, Math.PI * 2);
      }
      ctx.fillStyle = rule.circle;
      ctx.fill();
    }
    const text = rule.label ? feature.properties[rule.label] : undefined;
    if (text !== undefined && type !== 'Polygon') label(ctx, String(text), anchorOf(geometry, type), rule.labelColor ?? '#333', rule.font ?? '11px sans-serif', size);
  }
}

function tracePath(ctx: PaintContext, rings: PixelPoint[][], close: boolean): void {
  ctx.beginPath();
  for (const ring of rings) {
    ring.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
    if (close) ctx.closePath();
  }
}

function stroke(ctx: PaintContext, colour: string, width: number): void {
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.stroke();
}

/** A point's own position, or the middle vertex of a line's longest part. */
function anchorOf(geometry: PixelPoint[][], type: string): PixelPoint {
  if (type === 'Point') return geometry[0]![0]!;
  const part = geometry.reduce((a, b) => (b.length > a.length ? b : a));
  return part[Math.floor(part.length / 2)]!;
}

function label(ctx: PaintContext, text: string, at: PixelPoint, colour: string, font: string, size: number): void {
  ctx.font = font;
  const half = ctx.measureText(text).width / 2;
  if (at.x - half < 0 || at.x + half > size || at.y < 6 || at.y > size - 6) return;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  // A white halo keeps labels readable on any fill.
  ctx.strokeStyle = 'rgba(255,255,255,0.85)';
  ctx.lineWidth = 3;
  ctx.strokeText(text, at.x, at.y);
  ctx.fillStyle = colour;
  ctx.fillText(text, at.x, at.y);
}
