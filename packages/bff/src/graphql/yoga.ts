import { createSchema, createYoga, type YogaServerInstance } from 'graphql-yoga';
import { createAuthenticator } from './authenticate.js';
import { createContextFactory, type GraphqlContext, type GraphqlUserContext } from './context.js';
import { typeDefs } from './generated/type-defs.js';
import { graphqlConfigSchema } from './graphql-config.js';
import type { GraphqlDeps } from './graphql-deps.js';
import { useCors } from './plugins/use-cors.js';
import { useIntrospection } from './plugins/use-introspection.js';
import { useIntrospectionDepth } from './plugins/use-introspection-depth.js';
import { useLimits } from './plugins/use-limits.js';
import { useValidationStatus } from './plugins/use-validation-status.js';
import { resolvers } from './resolvers/resolvers.js';

export type GraphqlServer = YogaServerInstance<object, GraphqlUserContext>;

/**
 * The configured GraphQL server for `/graphql`. Mount it for every path that
 * is not a tile or a probe: it is a node:http request listener
 * (`yoga(req, res)`) and answers `yoga.fetch(request)` in tests.
 *
 * The configuration is validated here, once; a bad value throws a TypeError
 * naming it. Per request, the context factory authenticates the caller and
 * makes that request's DataLoaders.
 */
export function createYogaServer(deps: GraphqlDeps): GraphqlServer {
  const parsed = graphqlConfigSchema.safeParse(deps.config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TypeError(`createYogaServer: config.${issue.path.join('.')}: ${issue.message}`);
  }
  const config = parsed.data;
  const { config: _raw, ...clients } = deps;
  const log = deps.logger;

  return createYoga<object, GraphqlUserContext>({
    schema: createSchema<GraphqlContext>({ typeDefs, resolvers }),
    graphqlEndpoint: '/graphql',
    context: createContextFactory(clients, config, createAuthenticator(config)),
    // Masking on, also outside production: unexpected errors are logged and
    // answered "Unexpected error." with no stack or message.
    maskedErrors: { isDev: false },
    batching: config.limits.batchLimit > 0 ? { limit: config.limits.batchLimit } : false,
    maxRequestBodySize: config.limits.maxBodyBytes,
    cors: false,
    graphiql: config.introspection,
    landingPage: false,
    // Probes are the tile engineer's /healthz and /readyz.
    healthCheckEndpoint: '/graphql/health',
    logging: log
      ? {
          debug: () => {},
          info: () => {},
          warn: (...args: unknown[]) => log.warn({ args: args.map(String) }, 'graphql'),
          error: (...args: unknown[]) => log.error({ err: args[0], args: args.slice(1).map(String) }, 'graphql: unexpected error'),
        }
      : false,
    plugins: [
      useCors(config.corsOrigins),
      useIntrospection(config.introspection),
      useLimits(config.limits),
      useIntrospectionDepth(config.limits.maxIntrospectionDepth ?? config.limits.maxDepth),
      useValidationStatus(),
    ],
  });
}
