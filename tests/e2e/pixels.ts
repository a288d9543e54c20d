import { PNG } from 'pngjs';

export interface PixelStats {
  /** Distinct colours, quantised to 5 bits per channel so JPEG/antialias noise does not count. */
  colours: number;
  /** Share of pixels that differ from the most common colour (the background). */
  nonBackground: number;
}

/** Colour statistics of a PNG screenshot: proof that a map drew something. */
export function pixelStats(png: Buffer): PixelStats {
  const img = PNG.sync.read(png);
  const counts = new Map<number, number>();
  for (let i = 0; i < img.data.length; i += 4) {
    const key = ((img.data[i]! >> 3) << 10) | ((img.data[i + 1]! >> 3) << 5) | (img.data[i + 2]! >> 3);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = img.width * img.height;
  const background = Math.max(...counts.values());
  return { colours: counts.size, nonBackground: (total - background) / total };
}
