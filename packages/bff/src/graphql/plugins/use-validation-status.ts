import type { Plugin } from 'graphql-yoga';

type Ext = { http?: { status?: number; spec?: boolean } };

/**
 * Every document the server refuses (syntax error, unknown field, a limit,
 * introspection when off) answers HTTP 400, also to `Accept: application/json`
 * clients, for which Yoga follows the GraphQL-over-HTTP spec's allowance and
 * answers 200 (it marks those errors `http.spec`). Proxies, logs and alerts
 * then count a client error as one; the body is the same GraphQL error list.
 *
 * Done when the result is processed, because Yoga's own parse hook runs
 * after user plugins and would set `spec` back.
 */
export function useValidationStatus(): Plugin {
  return {
    onResultProcess({ result }) {
      for (const single of Array.isArray(result) ? result : [result]) {
        const errors = (single as { errors?: ReadonlyArray<{ extensions?: unknown }> }).errors ?? [];
        for (const error of errors) {
          const http = (error.extensions as Ext | undefined)?.http;
          if (http?.spec && http.status === 400) http.spec = false;
        }
      }
    },
  };
}
