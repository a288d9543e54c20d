/** Every knob of a bench run, with its defaults in one place. */
export interface BenchOptions {
  quick: boolean;
  /** Seed of the workload PRNG; the same seed replays the same requests. */
  seed: number;
  /** Simulated map visits in the workload. */
  sessions: number;
  /** Repetitions of each headline figure; the report shows the median and spread. */
  reps: number;
  /** Seconds per timed load run (warm saturation, fixed rate, each scaling step). */
  durationS: number;
  /** Connections for the saturation runs (about ten browsers of six connections). */
  saturationConnections: number;
  /** Total request rate for the latency runs, well under every contender's saturation. */
  fixedRate: number;
  fixedConnections: number;
  /** Rate for the cold pass, so cold latency is Martin's work and not queueing. */
  coldRate: number;
  scalingConnections: number[];
  scalingReps: number;
  /** Cache budgets (MiB) for the memory-vs-budget scenario. */
  budgetsMb: number[];
  /** Contender ids to run (default: the four of the issue, plus the reference ones unless quick). */
  only?: string[];
  /** Also run the reference contenders (nginx without sendfile, the minimal Node cache). */
  references: boolean;
  /** Distinct tiles in the cold-latency pass (the first ones requested); absent means all. */
  coldTiles?: number;
  /** Requests sampled after the timed runs to count answers by cache tier. */
  mixSample: number;
  /** Scenarios to run (default: all except `profile`). */
  scenarios: Set<string>;
  /**
   * `--only` or `--scenarios` was given: the run is a slice, so it writes
   * `results/partial.tmp.*` and leaves latest.json and BENCHMARKS.md alone.
   */
  partial: boolean;
  /** Requests of the warm GraphQL catalog query per run. */
  graphqlRequests: number;
  /** Fresh-BFF repetitions of the GraphQL scenario (each a cold query plus the warm ones). */
  graphqlReps: number;
  /** Runs of the headless-browser first-view timing (cold and warm each). */
  browserRuns: number;
}

export const SCENARIOS = ['tiles', 'scaling', 'budget', 'graphql', 'sdk', 'profile'] as const;

const FULL: Omit<BenchOptions, 'quick' | 'scenarios' | 'partial'> = {
  seed: 20240611,
  sessions: 800,
  reps: 5,
  durationS: 10,
  saturationConnections: 64,
  fixedRate: 1000,
  fixedConnections: 16,
  coldRate: 500,
  scalingConnections: [1, 4, 16, 64, 256],
  scalingReps: 3,
  budgetsMb: [1, 4, 16, 64, 256],
  graphqlRequests: 500,
  graphqlReps: 5,
  browserRuns: 5,
  references: true,
  mixSample: 3000,
};

/** `--quick`: the same scenarios, smaller and shorter, well under three minutes on 2 cores. */
const QUICK: Partial<BenchOptions> = {
  sessions: 60,
  reps: 3,
  durationS: 1,
  coldRate: 1000,
  scalingConnections: [1, 16, 256],
  scalingReps: 1,
  budgetsMb: [1, 64],
  graphqlRequests: 100,
  graphqlReps: 2,
  browserRuns: 1,
  references: false,
  coldTiles: 600,
  mixSample: 500,
};

const USAGE = `usage: npm run bench -- [--quick] [--only=martin,nginx,bff-memory,bff-redis]
       [--scenarios=${SCENARIOS.join(',')}] [--profile] [--reps=N] [--duration=S] [--seed=N] [--sessions=N]`;

function int(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: expected a whole number, got "${raw}"\n${USAGE}`);
  return n;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const opts: BenchOptions = {
    ...FULL,
    ...(quick ? QUICK : {}),
    quick,
    scenarios: new Set(SCENARIOS.filter((s) => s !== 'profile')),
    partial: false,
  };
  for (const arg of argv) {
    const [flag, value = ''] = arg.split('=', 2) as [string, string?];
    switch (flag) {
      case '--quick': break;
      case '--only': opts.only = value.split(',').filter(Boolean); opts.partial = true; break;
      case '--scenarios': opts.scenarios = new Set(value.split(',').filter(Boolean)); opts.partial = true; break;
      // Profiling is its own run: a profiler slows the BFF, so no other figure is taken with it.
      case '--profile': opts.scenarios = new Set(['profile']); break;
      case '--reps': opts.reps = Math.max(1, int('reps', value)); break;
      case '--duration': opts.durationS = Math.max(1, int('duration', value)); break;
      case '--seed': opts.seed = int('seed', value); break;
      case '--sessions': opts.sessions = Math.max(1, int('sessions', value)); break;
      case '--help': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    }
  }
  for (const s of opts.scenarios) {
    if (!(SCENARIOS as readonly string[]).includes(s)) throw new Error(`--scenarios: unknown scenario "${s}"\n${USAGE}`);
  }
  return opts;
}
