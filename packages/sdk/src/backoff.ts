/** Backoff settings for tile retries. */
export interface BackoffOptions {
  /** Delay cap for the first retry, in ms. */
  baseDelay: number;
  /** Upper bound of any delay, in ms. */
  maxDelay: number;
}

/**
 * Delay before retry number `attempt` (0 for the first retry): exponential
 * growth with "full jitter", a random delay in `[0, min(max, base·2^attempt))`.
 * Full jitter spreads the retries of many clients that failed together, so a
 * recovering server is not hit by synchronised waves (AWS Architecture Blog,
 * "Exponential Backoff And Jitter", 2015).
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const cap = Math.min(options.maxDelay, options.baseDelay * 2 ** attempt);
  return Math.floor(random() * cap);
}
