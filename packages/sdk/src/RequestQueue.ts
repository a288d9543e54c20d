import { abortError } from './abort.js';

interface Waiter {
  start: () => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * Bounded concurrency: at most `limit` tasks run at once, the rest wait in
 * FIFO order. A waiting task whose signal aborts leaves the queue at once and
 * rejects with an `AbortError`, so tiles that scrolled away never start.
 */
export class RequestQueue {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  /** @param limit Tasks that may run at once; a positive integer. */
  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new TypeError(`RequestQueue: limit must be a positive integer, got ${String(limit)}`);
    }
  }

  /** Number of tasks running now. */
  get running(): number {
    return this.active;
  }

  /** Number of tasks waiting for a slot. */
  get pending(): number {
    return this.waiting.length;
  }

  /** Runs `task` when a slot is free; the slot is released when its promise settles. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        this.active++;
        task().then(resolve, reject).finally(() => {
          this.active--;
          this.next();
        });
      };
      if (this.active < this.limit) return start();
      const waiter: Waiter = {
        start,
        signal,
        onAbort: () => {
          const i = this.waiting.indexOf(waiter);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(abortError(signal));
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private next(): void {
    const waiter = this.waiting.shift();
    if (!waiter) return;
    waiter.signal?.removeEventListener('abort', waiter.onAbort);
    waiter.start();
  }
}
