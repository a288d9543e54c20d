// The GraphQL module's public surface for the composition root.
export { createYogaServer, type GraphqlServer } from './yoga.js';
export type { GraphqlDeps, CacheTierStats, GraphqlLogger } from './graphql-deps.js';
export { graphqlConfigSchema, graphqlLimitsSchema, type GraphqlConfig, type GraphqlConfigInput } from './graphql-config.js';
export { apiKeySchema, apiKeysSchema, apiKeysEnvSchema, type ApiKey } from './api-keys.js';
export { createAuthenticator, secretEquals, type Authenticator } from './authenticate.js';
export { canReadTileset, ANONYMOUS, type Principal } from './principal.js';
export { registerGraphqlInstrumentation } from './register-instrumentation.js';
