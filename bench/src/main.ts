import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ensureMartin } from '../../deploy/local/src/ensure-martin.js';
import { repoRoot } from '../../deploy/local/src/paths.js';
import { bffMemoryContender, bffRedisContender } from './contenders/bff.js';
import { martinContender } from './contenders/martin.js';
import { nginxContender, nginxNoSendfileContender } from './contenders/nginx.js';
import { nodeReferenceContender } from './contenders/node-reference.js';
import type { BenchEnv, Contender, RunningContender } from './contenders/types.js';
import type { BenchContext } from './context.js';
import { allowedCpus, pinSelf } from './launch.js';
import { checkLoadTools } from './load.js';
import { loadTilesets } from './load-tilesets.js';
import { machineInfo } from './machine.js';
import { parseOptions } from './options.js';
import { renderReport } from './report.js';
import type { BenchResults, ProfileFile } from './results.js';
import { runScenarios } from './run-scenarios.js';
import { runProfile } from './scenarios/profile.js';
import { smokeTest } from './smoke.js';
import { buildWorkload, writeWorkload } from './workload.js';

const RESULTS = join(repoRoot, 'bench', 'results');
const LATEST = join(RESULTS, 'latest.json');
const PROFILE = join(RESULTS, 'profile.json');
/** Hand-kept before/after figures of the BFF hot-path work; rendered into every report. */
const HOT_PATH = join(RESULTS, 'hot-path.json');
const REPORT = join(repoRoot, 'BENCHMARKS.md');
/** Ignored by git (`*.tmp.json`): regenerated from the seed on every run. */
const WORKLOAD = join(RESULTS, 'workload.tmp.json');

/** Progress with the time since the process started, so slow phases show where the minutes go. */
const log = (msg: string) => console.log(`${(performance.now() / 1000).toFixed(0).padStart(4)}s ${msg}`);
/** Everything started and not yet stopped, so Ctrl-C leaves no server behind. */
const live = new Set<RunningContender>();

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  checkLoadTools();
  const cpus = allowedCpus();
  const split = cpus.length >= 2;
  const genCpus = String(cpus[0] ?? 0);
  const serverCpus = String(split ? cpus[1] : (cpus[0] ?? 0));
  const pinning = split
    ? `load generator and harness on CPU ${genCpus}, every server process on CPU ${serverCpus} (taskset)`
    : 'a single CPU: generator and servers share it (figures understate the servers)';
  if (split) pinSelf(genCpus);
  const loadBefore = loadavg()[0]!;

  const martinBin = await ensureMartin(log);
  const tilesets = await loadTilesets(log);
  const workDir = mkdtempSync(join(tmpdir(), 'org-map-bench-'));
  const env: BenchEnv = { martinBin, tilesets, workDir, serverCpus, log };
  const workload = buildWorkload({ seed: options.seed, sessions: options.sessions });
  // Quick mode times the cold pass on the first (most popular) distinct tiles only.
  if (options.coldTiles) workload.distinct = workload.distinct.slice(0, options.coldTiles);
  writeWorkload(WORKLOAD, workload);
  log(`› workload: ${workload.stats.requests} requests, ${workload.stats.distinctTiles} distinct tiles (${relative(repoRoot, WORKLOAD)})`);

  const ctx: BenchContext = {
    env, options, workload, genCpus,
    headers: { 'Accept-Encoding': 'gzip' },
    async start(contender, opts) {
      const running = await contender.start(env, opts);
      live.add(running);
      const stop = running.stop;
      return { ...running, stop: async () => { live.delete(running); await stop(); } };
    },
  };
  try {
    const main: Contender[] = [martinContender, nginxContender, bffMemoryContender, bffRedisContender];
    const references: Contender[] = [nginxNoSendfileContender, nodeReferenceContender];
    const all = [...main, ...references];
    for (const id of options.only ?? []) {
      if (!all.some((c) => c.id === id)) throw new Error(`--only: unknown contender "${id}" (known: ${all.map((c) => c.id).join(', ')})`);
    }
    const chosen = options.only ? all.filter((c) => options.only!.includes(c.id)) : options.references ? all : main;
    const status: BenchResults['contenders'] = [];
    for (const c of chosen) {
      const skipped = c.unavailable() ?? (await smokeTest(ctx, c));
      if (skipped) log(`› ${c.id}: skipped (${skipped})`);
      status.push({ id: c.id, label: c.label, setup: c.setup, ...(skipped ? { skipped } : {}) });
    }
    const ready = chosen.filter((c) => !status.find((s) => s.id === c.id)?.skipped);

    if (options.scenarios.has('profile')) {
      const bff = ready.find((c) => c.id === 'bff-memory');
      log('› profiling the BFF warm-tile path');
      const result = await runProfile(ctx, bff);
      if ('profileFile' in result) {
        const kept = join(RESULTS, 'bff-warm-profile.tmp.json');
        copyFileSync(result.profileFile, kept);
        result.profileFile = relative(repoRoot, kept);
      }
      const file: ProfileFile = { date: new Date().toISOString(), git: machineInfo(martinBin, pinning).git, result };
      writeFileSync(PROFILE, JSON.stringify(file, null, 2) + '\n');
      // The report shows the last bench run and the last profile together.
      if (existsSync(LATEST)) writeFileSync(REPORT, renderReport(JSON.parse(readFileSync(LATEST, 'utf8')) as BenchResults, PROFILE, HOT_PATH));
      log(`› wrote ${relative(repoRoot, PROFILE)}${existsSync(LATEST) ? ` and ${relative(repoRoot, REPORT)}` : ''}`);
      return;
    }

    const machine = machineInfo(martinBin, pinning);
    machine.loadBefore = loadBefore;
    const results: BenchResults = {
      schema: 1,
      quick: options.quick,
      options: { ...options, scenarios: [...options.scenarios] },
      machine,
      workload: { file: relative(repoRoot, WORKLOAD), seed: options.seed, sessions: options.sessions, stats: workload.stats },
      contenders: status,
      skipped: {},
      wallClockS: 0,
    };
    await runScenarios(ctx, ready, results);
    results.machine.loadAfter = loadavg()[0]!;
    results.wallClockS = performance.now() / 1000;
    mkdirSync(RESULTS, { recursive: true });
    if (options.partial) {
      // A slice of a run: raw figures to an ignored file, the tables to the terminal.
      const json = join(RESULTS, 'partial.tmp.json');
      writeFileSync(json, JSON.stringify(results, null, 2) + '\n');
      console.log(`\n${renderReport(results, PROFILE, HOT_PATH)}`);
      log(`› partial run: wrote ${relative(repoRoot, json)}; latest.json and BENCHMARKS.md untouched`);
      return;
    }
    writeFileSync(LATEST, JSON.stringify(results, null, 2) + '\n');
    writeFileSync(REPORT, renderReport(results, PROFILE, HOT_PATH));
    log(`› wrote ${relative(repoRoot, LATEST)} and ${relative(repoRoot, REPORT)} in ${results.wallClockS.toFixed(0)} s`);
  } finally {
    await Promise.allSettled([...live].map((r) => r.stop()));
    if (!process.env.BENCH_KEEP_WORKDIR) rmSync(workDir, { recursive: true, force: true });
    log('› done');
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\n› ${signal}: stopping the servers…`);
    void Promise.allSettled([...live].map((r) => r.stop())).then(() => process.exit(130));
  });
}

main().catch((err: unknown) => {
  console.error(`✗ ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
