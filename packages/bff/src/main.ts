import { Registry } from 'prom-client';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

// The entry point (`node dist/main.js`): configuration, tracing, clients,
// listen, and a graceful stop on SIGTERM (Kubernetes) or SIGINT (Ctrl-C).

let config;
try {
  config = loadConfig();
} catch (err) {
  // One clear line naming the setting, not a stack trace.
  console.error(err instanceof ConfigError ? `map-bff: invalid configuration: ${err.message}` : err);
  process.exit(78); // EX_CONFIG
}
const log = createLogger({ level: config.logLevel });
process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));

// Tracing first, and only when configured: the instrumentations must patch
// node:http, ioredis and graphql before `start-bff` imports them, hence the
// dynamic imports.
const tracing = config.tracing.exporter ? (await import('./tracing/start-tracing.js')).startTracing(config.tracing) : undefined;
if (tracing) log.info({ exporter: config.tracing.exporter }, 'tracing on');
const { startBff } = await import('./start-bff.js');
const bff = await startBff({ config, log, registry: new Registry(), tracer: tracing?.tracer });

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1); // a second Ctrl-C does not wait
    stopping = true;
    log.info({ signal }, 'shutting down');
    bff.close().then(() => tracing?.shutdown()).then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
