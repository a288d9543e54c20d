/**
 * Process-wide coalescing of concurrent work by key: while a call for a key
 * is in flight, later callers get the same promise instead of starting their
 * own (C14: 200 requests for one cold tile → one Martin fetch). The entry is
 * dropped when the call settles, so a failure is shared by everyone waiting
 * at that moment but never remembered: the next caller tries again.
 */
export interface SingleFlight {
  run<T>(key: string, work: () => Promise<T>): { promise: Promise<T>; joined: boolean };
  /** Calls in flight now (for metrics and tests). */
  size(): number;
}

export function createSingleFlight(): SingleFlight {
  const inflight = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, work: () => Promise<T>) {
      const existing = inflight.get(key);
      if (existing) return { promise: existing as Promise<T>, joined: true };
      // `work` runs detached from any one caller: a caller that gives up
      // (client disconnect, its own timeout) must not cancel it for the rest.
      const promise = Promise.resolve()
        .then(work)
        .finally(() => inflight.delete(key));
      inflight.set(key, promise);
      return { promise, joined: false };
    },
    size: () => inflight.size,
  };
}
