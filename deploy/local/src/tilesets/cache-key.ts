import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This pipeline's own source folder: a change to any file in it must rebuild. */
const PIPELINE_DIR = dirname(fileURLToPath(import.meta.url));

export interface CacheKeyInputs {
  /** Input files, hashed by content (sha256): mtimes change on copies and checkouts, contents do not. */
  files: readonly string[];
  /** Other things the output depends on: tool versions, package versions, settings. */
  values: Record<string, string>;
}

/**
 * A short, stable key for one tileset build: sha256 over the named values,
 * the contents of the input files and the contents of the pipeline's own
 * source files. Same inputs give the same key, so a finished build under
 * `tilesets/<key>/` can be reused as it is; any change gives a new folder.
 */
export async function cacheKey(inputs: CacheKeyInputs): Promise<string> {
  const hash = createHash('sha256');
  for (const [name, value] of Object.entries(inputs.values).sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(`value ${name}=${value}\n`);
  }
  for (const file of inputs.files) hash.update(`file ${await sha256File(file)}\n`);
  const sources = (await readdir(PIPELINE_DIR)).filter((f) => /\.[cm]?[jt]s$/.test(f)).sort();
  for (const f of sources) hash.update(`source ${f} ${await sha256File(join(PIPELINE_DIR, f))}\n`);
  // 16 hex digits (64 bits) is plenty to tell a handful of builds apart and keeps paths short.
  return hash.digest('hex').slice(0, 16);
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}
