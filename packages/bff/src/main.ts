import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startBff } from './start-bff.js';

// The entry point (`node dist/main.js`): configuration, clients, listen, and a
// graceful stop on SIGTERM (Kubernetes) or SIGINT (Ctrl-C).

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

const bff = await startBff({ config, log });

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1); // a second Ctrl-C does not wait
    stopping = true;
    log.info({ signal }, 'shutting down');
    bff.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
