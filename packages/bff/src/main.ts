import cluster from 'node:cluster';
import { Registry } from 'prom-client';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

// The entry point (`node dist/main.js`): configuration, tracing, clients,
// listen, and a graceful stop on SIGTERM (Kubernetes) or SIGINT (Ctrl-C).
// With WORKERS > 1 this process becomes a node:cluster primary that only
// supervises; each worker runs everything below on the shared port.

let config;
try {
  config = loadConfig();
} catch (err) {
  // One clear line naming the setting, not a stack trace.
  console.error(err instanceof ConfigError ? `map-bff: invalid configuration: ${err.message}` : err);
  process.exit(78); // EX_CONFIG
}
const log = createLogger({ level: config.logLevel });

/** Asks a worker to stop gracefully (the same path as a signal, idempotent). */
const SHUTDOWN = 'map-bff:shutdown';

if (config.workers > 1 && cluster.isPrimary) {
  // Supervisor: forks the workers, replaces one that dies, and on a signal
  // asks each to drain and waits for all of them (no tracing or clients here).
  const wanted = config.workers;
  let stopping = false;
  let failed = false;
  const fork = () => cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (code !== 0) failed = true;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
      return;
    }
    log.error({ pid: worker.process.pid, code, signal }, 'worker exited; starting another');
    setTimeout(fork, 1000).unref();
  });
  for (let i = 0; i < wanted; i++) fork();
  log.info({ workers: wanted }, 'cluster primary started');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1); // a second Ctrl-C does not wait
      stopping = true;
      log.info({ signal }, 'shutting down workers');
      const workers = Object.values(cluster.workers ?? {});
      if (workers.length === 0) process.exit(0);
      // A message, not a signal: with Ctrl-C the workers also get SIGINT from the terminal, and must not count it twice.
      for (const w of workers) if (w?.isConnected()) w.send(SHUTDOWN);
      // Past the drain delay and the grace period, whoever is left is killed.
      setTimeout(() => {
        for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
        process.exit(1);
      }, config.shutdownDelayMs + config.shutdownGraceMs + 5000).unref();
    });
  }
} else {
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));

  // Tracing first, and only when configured: the instrumentations must patch
  // node:http, ioredis and graphql before `start-bff` imports them, hence the
  // dynamic imports.
  const tracing = config.tracing.exporter ? (await import('./tracing/start-tracing.js')).startTracing(config.tracing) : undefined;
  if (tracing) log.info({ exporter: config.tracing.exporter }, 'tracing on');
  const { startBff } = await import('./start-bff.js');
  const bff = await startBff({ config, log, registry: new Registry(), tracer: tracing?.tracer });

  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal: reason }, 'shutting down');
    bff.close().then(() => tracing?.shutdown()).then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      // A second signal does not wait; under a cluster primary, SIGINT from the terminal and the primary's message are one request.
      if (stopping && !cluster.isWorker) process.exit(1);
      stop(signal);
    });
  }
  if (cluster.isWorker) {
    process.on('message', (msg) => {
      if (msg === SHUTDOWN) stop('primary');
    });
  }
}
