import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A child process of the local stack, started and waited for until ready. */
export interface Service {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process ends. */
  readonly exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after a grace period. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServiceOptions {
  name: string;
  command: string;
  args: string[];
  url: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Polled until true; the default GETs `healthUrl` and wants a 2xx. */
  ready?: () => Promise<boolean>;
  healthUrl?: string;
  /** Appends the process output here; otherwise it is discarded. */
  logFile?: string;
  timeoutMs?: number;
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Starts a process and resolves once it answers its readiness check. */
export async function startService(opts: ServiceOptions): Promise<Service> {
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keepTail);
  child.stderr!.on('data', keepTail);
  if (opts.logFile) {
    mkdirSync(dirname(opts.logFile), { recursive: true });
    const log = createWriteStream(opts.logFile, { flags: 'a' });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
  }
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (err) => resolve(String(err)));
  });
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5000): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
  const service: Service = { name: opts.name, url: opts.url, child, exited, stop };

  const ready = opts.ready ?? (() => httpOk(opts.healthUrl ?? opts.url));
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let done = false;
  void exited.then(() => (done = true));
  while (!done && Date.now() < deadline) {
    if (await ready()) return service;
    await sleep(100);
  }
  await stop(1000);
  const why = done ? `exited (${await exited})` : `was not ready within ${opts.timeoutMs ?? 30_000} ms`;
  throw new Error(`${opts.name} ${why}. Last output:\n${output.trim()}`);
}
