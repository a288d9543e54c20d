import { spawn } from 'node:child_process';

/**
 * Debian package that provides each external tool, so a missing tool fails
 * with an actionable message instead of a bare `spawn ENOENT`.
 */
const DEBIAN_PACKAGES: Record<string, string> = {
  tilemaker: 'tilemaker',
  ogr2ogr: 'gdal-bin',
  osmium: 'osmium-tool',
  sqlite3: 'sqlite3',
};

export interface ToolResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs an external tool found on PATH and resolves with its output.
 * Rejects with an Error naming the tool and its Debian package when the tool
 * is missing, and with the tail of stderr when it exits non-zero (tilemaker
 * and GDAL print the real reason last).
 */
export function runTool(tool: string, args: readonly string[], opts: { cwd?: string; input?: string } = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') {
        const pkg = DEBIAN_PACKAGES[tool] ?? tool;
        reject(new Error(`${tool} not found on PATH: install the Debian package '${pkg}' (apt-get install ${pkg})`));
      } else reject(e);
    });
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) return resolve({ stdout, stderr });
      const tail = (stderr || stdout).trim().split('\n').slice(-5).join('\n');
      reject(new Error(`${tool} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail}`));
    });
    // Write stdin only after listeners are set; ignore EPIPE from tools that do not read it.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}
