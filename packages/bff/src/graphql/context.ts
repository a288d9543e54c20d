import type { YogaInitialContext } from 'graphql-yoga';
import type { Authenticator } from './authenticate.js';
import { createLoaders, type Loaders } from './create-loaders.js';
import type { GraphqlConfig } from './graphql-config.js';
import type { GraphqlDeps } from './graphql-deps.js';
import type { Principal } from './principal.js';
import { publicBaseUrl } from './public-url.js';

/** What the context factory adds for each request. */
export interface GraphqlUserContext {
  principal: Principal;
  loaders: Loaders;
  /** The BFF's public base URL for this request (no trailing slash). */
  publicUrl: string;
  config: GraphqlConfig;
  deps: Omit<GraphqlDeps, 'config'>;
}

/** What every resolver gets. Everything here belongs to one request. */
export type GraphqlContext = YogaInitialContext & GraphqlUserContext;

/** Yoga's context factory: authenticate, then make this request's loaders. */
export function createContextFactory(deps: Omit<GraphqlDeps, 'config'>, config: GraphqlConfig, authenticate: Authenticator) {
  return ({ request }: YogaInitialContext): GraphqlUserContext => {
    const principal = authenticate(request);
    const loaders = createLoaders({
      metadata: deps.metadata,
      principal,
      signal: request.signal,
      onUpstreamError: (err, key) => deps.logger?.warn({ err: String(err), key }, 'graphql: metadata upstream failed'),
    });
    return { principal, loaders, publicUrl: publicBaseUrl(request, config), config, deps };
  };
}
