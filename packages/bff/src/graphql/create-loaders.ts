import DataLoader from 'dataloader';
import type { MetadataStore, SourceMeta } from '../metadata/types.js';
import { forbidden, upstreamUnavailable } from './errors.js';
import { canReadTileset, type Principal } from './principal.js';

export interface Loaders {
  /** Source ids in the catalog (one key: `'catalog'`). */
  sourceIds: DataLoader<'catalog', string[]>;
  /** SourceMeta by id (`a,b` for composites), null when unknown. */
  sources: DataLoader<string, SourceMeta | null>;
}

export interface LoaderOptions {
  metadata: MetadataStore;
  /** The request's caller: every key is checked against it inside the batch. */
  principal: Principal;
  /** The request's signal: a client that goes away stops waiting. */
  signal?: AbortSignal;
  /** Where upstream failures are reported (their messages never reach clients). */
  onUpstreamError?: (err: unknown, key: string) => void;
}

/**
 * DataLoaders for ONE request, made in the context factory. They dedupe and
 * batch within the request; the MetadataStore under them is the shared
 * cache (memory + Redis) that spares Martin across requests.
 *
 * Error policy (case C15): within one request a failed key stays failed
 * (DataLoader memoises the rejection, so a query naming a tileset twice
 * gets one upstream try and the same error twice). Nothing outlives the
 * request: loaders are dropped with it and the store never stores failures,
 * so the next request asks Martin again.
 *
 * Authorisation (case C16) happens inside the batch function, closed over
 * this request's principal, so no other caller's result can be handed out.
 */
export function createLoaders({ metadata, principal, signal, onUpstreamError }: LoaderOptions): Loaders {
  const upstream = (err: unknown, key: string) => {
    // The client went away: cancellation, not an upstream failure (Yoga drops aborted requests quietly).
    if (signal?.aborted) return err instanceof Error ? err : new Error(String(err));
    onUpstreamError?.(err, key);
    return upstreamUnavailable();
  };
  return {
    sourceIds: new DataLoader<'catalog', string[]>(async (keys) => {
      try {
        const ids = await metadata.sourceIds(signal);
        return keys.map(() => ids);
      } catch (err) {
        return keys.map((k) => upstream(err, k));
      }
    }),
    sources: new DataLoader<string, SourceMeta | null>((ids) =>
      Promise.all(
        ids.map(async (id) => {
          if (!canReadTileset(principal, id)) return forbidden(`Not allowed to read tileset "${id}".`, { tileset: id });
          try {
            return await metadata.source(id, signal);
          } catch (err) {
            return upstream(err, id);
          }
        }),
      ),
    ),
  };
}
