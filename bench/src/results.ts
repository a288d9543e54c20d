import type { MachineInfo } from './machine.js';
import type { BenchOptions } from './options.js';
import type { BudgetResult } from './scenarios/budget.js';
import type { FirstViewResult } from './scenarios/first-view.js';
import type { GraphqlResult } from './scenarios/graphql.js';
import type { ProfileResult } from './scenarios/profile.js';
import type { ScalingResult } from './scenarios/scaling.js';
import type { BundleResult } from './scenarios/sdk-bundle.js';
import type { TileResult } from './scenarios/tiles.js';
import type { WorkloadStats } from './workload.js';

/** `bench/results/latest.json`: everything one `npm run bench` measured. */
export interface BenchResults {
  schema: 1;
  quick: boolean;
  options: Omit<BenchOptions, 'scenarios'> & { scenarios: string[] };
  machine: MachineInfo;
  workload: { file: string; seed: number; sessions: number; stats: WorkloadStats };
  contenders: Array<{ id: string; label: string; setup: string; skipped?: string }>;
  tiles?: Record<string, TileResult>;
  scaling?: ScalingResult;
  budget?: BudgetResult;
  graphql?: GraphqlResult;
  sdk?: { bundle: BundleResult; firstView?: FirstViewResult };
  /** Scenario → why it did not run or failed. */
  skipped: Record<string, string>;
  wallClockS: number;
}

/** `bench/results/profile.json`: the last `--profile` run, kept apart so a bench run does not erase it. */
export interface ProfileFile {
  date: string;
  git: string;
  result: ProfileResult;
}
