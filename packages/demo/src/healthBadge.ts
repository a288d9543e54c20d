import { type MapClient, isAbortError } from '@org/map-sdk';

/**
 * Keeps the health badge up to date from the BFF's `health` query. The badge
 * gets `data-status` = the reported status (`ok`, `degraded`, ...) or
 * `unreachable`, and a tooltip listing the upstreams.
 */
export function startHealthBadge(badge: HTMLElement, client: MapClient, everyMs = 30_000): () => void {
  const controller = new AbortController();
  const check = async (): Promise<void> => {
    try {
      const health = await client.health({ signal: controller.signal });
      badge.dataset.status = health.status;
      badge.textContent = `BFF ${health.status} · v${health.version}`;
      badge.title = health.upstreams.map((u) => `${u.name}: ${u.state}${u.latencyMs == null ? '' : ` (${Math.round(u.latencyMs)} ms)`}`).join('\n');
    } catch (error) {
      if (isAbortError(error)) return;
      badge.dataset.status = 'unreachable';
      badge.textContent = 'BFF unreachable';
      badge.title = error instanceof Error ? error.message : String(error);
    }
  };
  void check();
  const timer = setInterval(() => void check(), everyMs);
  return () => {
    clearInterval(timer);
    controller.abort();
  };
}
