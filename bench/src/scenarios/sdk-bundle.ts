import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { repoRoot } from '../../../deploy/local/src/paths.js';

export interface BundleFile {
  file: string;
  bytes: number;
  gzipBytes: number;
  brotliBytes: number;
}

export type BundleResult = { files: BundleFile[] } | { skipped: string };

/**
 * Sizes of the SDK's built JavaScript as a visitor downloads it: raw, gzip -9
 * and brotli q11 (what a CDN would serve). Source maps and type declarations
 * are not downloaded by browsers, so they are left out.
 */
export function measureSdkBundle(): BundleResult {
  const dist = join(repoRoot, 'packages', 'sdk', 'dist');
  if (!existsSync(dist)) return { skipped: `no ${relative(repoRoot, dist)} (pnpm --filter @org/map-sdk build)` };
  const files = readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(m|c)?js$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  if (files.length === 0) return { skipped: `no JavaScript in ${relative(repoRoot, dist)}` };
  return {
    files: files.map((path) => {
      const bytes = readFileSync(path);
      return {
        file: relative(dist, path),
        bytes: bytes.length,
        gzipBytes: gzipSync(bytes, { level: 9 }).length,
        brotliBytes: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
    }),
  };
}
