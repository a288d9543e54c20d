/**
 * A deadline as an abort signal, with a timer that is cleared when the work
 * ends. `AbortSignal.timeout` (and `AbortSignal.any` over it) cannot be
 * cleared: every call would leave a timer behind that fires long after the
 * answer, building a DOMException nobody reads. Here the common case (the
 * work finishes in time) costs one setTimeout/clearTimeout pair.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  /** The timer fired (as opposed to the parent aborting). */
  readonly expired: boolean;
  /** Clears the timer and stops following the parent. Call it when the work ends, however it ends. */
  dispose(): void;
}

export function createDeadline(ms: number, parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    // The same reason `AbortSignal.timeout` gives, so callers can tell a timeout from an abort.
    controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError'));
  }, ms);
  // A deadline alone must not keep the process alive (as with AbortSignal.timeout).
  timer.unref?.();
  const onParentAbort = () => controller.abort(parent!.reason);
  if (parent) {
    if (parent.aborted) controller.abort(parent.reason);
    else parent.addEventListener('abort', onParentAbort, { once: true });
  }
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
