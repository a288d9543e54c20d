import { GraphQLInstrumentation, type GraphQLInstrumentationConfig } from '@opentelemetry/instrumentation-graphql';

/**
 * Traces GraphQL parse, validate and resolvers with OpenTelemetry. Call it at
 * the entry point before anything imports `graphql` (it patches the module
 * as it loads), after the tracer provider is registered. Variable values are
 * not recorded: they may hold ids a tenant considers private.
 */
export function registerGraphqlInstrumentation(config: GraphQLInstrumentationConfig = {}): GraphQLInstrumentation {
  return new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true, allowValues: false, depth: 4, ...config });
}
