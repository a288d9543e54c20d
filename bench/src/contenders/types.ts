import type { ServerProcess } from '../memory.js';
import type { Tile } from '../tile-math.js';
import type { TilesetFiles } from '../../../deploy/local/src/tilesets/index.js';

/** What every contender needs from the harness. */
export interface BenchEnv {
  martinBin: string;
  tilesets: TilesetFiles;
  /** A scratch folder for configs, caches and logs; each start gets a fresh subfolder. */
  workDir: string;
  /** `taskset` CPU list for server processes (the generator gets the other core). */
  serverCpus: string;
  log: (msg: string) => void;
}

export interface StartOptions {
  /**
   * The contender's cache budget in MiB where it has one (the BFF's L1, Martin's
   * own tile cache); absent means the contender's default.
   */
  cacheMb?: number;
  /** Extra Node flags for Node contenders (`--cpu-prof` when profiling). */
  nodeArgs?: string[];
  /** Extra environment for the front end (CORS origins for the demo, …). */
  env?: NodeJS.ProcessEnv;
}

/**
 * How long a stop waits after SIGTERM before SIGKILL. Figures are read before
 * stopping, so a slow graceful shutdown (Martin's takes about a second) would
 * only lengthen the run; the profiler run waits longer, since Node writes the
 * profile on a clean exit.
 */
export const STOP_GRACE_MS = 500;

/** A started contender: fresh processes with empty caches. */
export interface RunningContender {
  baseUrl: string;
  /** The URL path of a tile on this contender (Martin: `/{id}/z/x/y`, fronts: `/tiles/{id}/z/x/y`). */
  tilePath(tile: Tile): string;
  /** The Martin instances it calls, for counting upstream requests. */
  martinUrls: string[];
  /** Processes whose memory and CPU count towards this contender. */
  processes(): ServerProcess[];
  /** The BFF's GraphQL endpoint, when it has one. */
  graphqlUrl?: string;
  stop(): Promise<void>;
}

/**
 * One thing under test. Each is a module of its own so a contender that cannot
 * run here (a missing binary, a BFF that does not build yet) is skipped with
 * its reason, and the others still run.
 */
export interface Contender {
  /** Stable id used in results and `--only`. */
  id: string;
  label: string;
  /** One sentence on how it is set up, for the report. */
  setup: string;
  /** Why it cannot run on this machine now, or undefined when it can. */
  unavailable(): string | undefined;
  start(env: BenchEnv, opts?: StartOptions): Promise<RunningContender>;
}
