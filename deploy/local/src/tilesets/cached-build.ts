import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface CachedBuildOptions {
  /** Folder holding one sub-folder per key, e.g. `<cacheDir>/tilesets`. */
  root: string;
  /** Cache key of this build's inputs (see `cacheKey`). */
  key: string;
  /** File name of the result inside `<root>/<key>/`. */
  file: string;
  /** Progress lines. */
  log: (msg: string) => void;
  /** Writes the result to `outFile`; `workDir` is scratch space removed afterwards. */
  build: (outFile: string, workDir: string) => Promise<void>;
}

/**
 * Returns `<root>/<key>/<file>`, building it first unless it exists.
 *
 * The build runs in a fresh `<root>/.<key>.tmp-XXXXXX/` folder that is renamed
 * to `<root>/<key>/` only after it succeeded. rename(2) within one file system
 * is atomic, so `<key>/` either holds a finished tileset or does not exist: an
 * interrupted or failed build never leaves a half-written file that a later
 * call would reuse. Leftover `.tmp-` folders from a killed process are never
 * read; deleting `<root>` is always safe.
 */
export async function cachedBuild(opts: CachedBuildOptions): Promise<string> {
  const dir = join(opts.root, opts.key);
  const outFile = join(dir, opts.file);
  if (existsSync(outFile)) {
    opts.log(`tilesets: ${opts.file} cache hit (${dir})`);
    return outFile;
  }
  await mkdir(opts.root, { recursive: true });
  const tmp = await mkdtemp(join(opts.root, `.${opts.key}.tmp-`));
  try {
    const workDir = join(tmp, 'work');
    await mkdir(workDir);
    await opts.build(join(tmp, opts.file), workDir);
    await rm(workDir, { recursive: true, force: true });
    // mkdtemp makes the folder 0700; Martin may run as another user (containers).
    await chmod(tmp, 0o755);
    try {
      await rename(tmp, dir);
    } catch (e) {
      // Another process finished the same build first: its result is as good as ours.
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !existsSync(outFile)) throw e;
    }
    opts.log(`tilesets: ${opts.file} built (${dir})`);
    return outFile;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
