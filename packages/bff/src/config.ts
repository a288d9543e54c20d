import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { apiKeysEnvSchema } from './graphql/api-keys.js';

// Every setting the BFF reads, validated once at start-up. A bad value stops
// the process with an error naming the variable and the value, instead of
// surfacing later as a confusing runtime failure (STYLE habit 5).

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.enum(['on', 'off', 'true', 'false', '1', '0']).transform((v) => v === 'on' || v === 'true' || v === '1');
const httpUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));
/** Unset and empty both mean "not configured". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const schema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: int(0, 65535).default(8080),
  // Processes serving on the port (node:cluster): a number, or `auto` for the cores this process may use.
  WORKERS: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('1')).transform((raw, ctx): number | 'auto' => {
    const v = raw.trim().toLowerCase();
    if (v === 'auto') return 'auto';
    const n = Number(v);
    if (!/^\d+$/.test(v) || !Number.isInteger(n) || n < 1 || n > 256) {
      ctx.addIssue({ code: 'custom', message: 'expected a whole number from 1 to 256, or "auto" (one per available core)' });
      return z.NEVER;
    }
    return n;
  }),
  HOST: z.string().min(1).default('0.0.0.0'),
  MARTIN_PRIMARY_URL: httpUrl.default('http://127.0.0.1:3000'),
  // Unset → the local default; set but empty → no backup.
  MARTIN_BACKUP_URL: z.union([z.literal(''), httpUrl]).default('http://127.0.0.1:3001'),
  UPSTREAM_TIMEOUT_MS: int(100, 120_000).default(10_000),
  BFF_RETRIES: flag.default(true),
  REDIS_URL: optional(z.url({ protocol: /^rediss?$/ })),
  REDIS_COMMAND_TIMEOUT_MS: int(10, 10_000).default(250),
  CACHE_MEMORY_MB: int(1, 65_536).default(256),
  TILE_TTL_SECONDS: int(1, 30 * 86_400).default(3600),
  TILE_MAX_AGE_SECONDS: int(0, 86_400).default(60),
  TILE_STALE_WHILE_REVALIDATE_SECONDS: int(0, 7 * 86_400).default(600),
  TILE_VERSIONED_MAX_AGE_SECONDS: int(0, 365 * 86_400).default(7 * 86_400),
  MAX_TILE_BYTES: int(1024, 256 * 1024 * 1024).default(4 * 1024 * 1024),
  CORS_ORIGINS: z.string().default('*'),
  PUBLIC_URL: optional(httpUrl),
  TRUST_PROXY: flag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_GRACE_MS: int(0, 120_000).default(10_000),
  SHUTDOWN_DELAY_MS: int(0, 120_000).default(0),
  METADATA_TTL_SECONDS: int(1, 86_400).default(60),
  // JSON {"sourceId": "attribution"} for sources whose metadata has none.
  TILESET_ATTRIBUTION: optional(
    z.string().transform((raw, ctx) => {
      try {
        return z.record(z.string().min(1), z.string().min(1)).parse(JSON.parse(raw));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected a JSON object of source id → attribution text' });
        return z.NEVER;
      }
    }),
  ),
  // GraphQL: unset limits take the GraphQL module's defaults (graphql/graphql-config.ts).
  GRAPHQL_INTROSPECTION: optional(flag),
  OPERATOR_TOKEN: optional(z.string().min(24, 'must be at least 24 characters')),
  API_KEYS: optional(apiKeysEnvSchema),
  REQUIRE_API_KEY: optional(flag),
  BUILD_VERSION: optional(z.string()),
  GRAPHQL_MAX_DEPTH: optional(int(1, 100)),
  GRAPHQL_MAX_INTROSPECTION_DEPTH: optional(int(1, 100)),
  GRAPHQL_MAX_ALIASES: optional(int(0, 1000)),
  GRAPHQL_MAX_TOKENS: optional(int(50, 100_000)),
  GRAPHQL_MAX_COST: optional(int(10, 1_000_000)),
  GRAPHQL_BATCH_LIMIT: optional(int(0, 100)),
  MAX_BODY_BYTES: optional(int(1024, 100 * 1024 * 1024)),
  // OpenTelemetry (standard variable names; the SDK reads the rest itself, e.g. OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER).
  OTEL_SDK_DISABLED: optional(flag),
  OTEL_TRACES_EXPORTER: optional(z.enum(['otlp', 'console', 'none'])),
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(z.url({ protocol: /^https?$/ })),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optional(z.url({ protocol: /^https?$/ })),
});

function parseOrigins(raw: string): '*' | string[] {
  const list = raw.split(',').map((o) => o.trim()).filter(Boolean);
  if (list.includes('*')) return '*';
  for (const origin of list) {
    // An origin is scheme://host[:port], nothing else: a path or trailing slash would never match.
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new ConfigError('CORS_ORIGINS', raw, `"${origin}" is not an origin like https://example.com`);
  }
  return list;
}

/** A bad setting: names the variable and the value it had. */
export class ConfigError extends Error {
  constructor(readonly setting: string, readonly value: unknown, reason: string) {
    super(`${setting}=${JSON.stringify(value)}: ${reason}`);
    this.name = 'ConfigError';
  }
}

/** Loads and checks the configuration from environment variables (default `process.env`). */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const setting = String(issue.path[0]);
    throw new ConfigError(setting, env[setting], issue.message);
  }
  const e = parsed.data;
  const workers = e.WORKERS === 'auto' ? Math.max(1, availableParallelism()) : e.WORKERS;
  const production = e.NODE_ENV === 'production';
  const corsOrigins = parseOrigins(e.CORS_ORIGINS);
  const otlpEndpoint = e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_ENDPOINT;
  const traceExporter = e.OTEL_SDK_DISABLED || e.OTEL_TRACES_EXPORTER === 'none' ? null : (e.OTEL_TRACES_EXPORTER ?? (otlpEndpoint ? 'otlp' : null));
  return {
    production,
    port: e.PORT,
    /**
     * Serving processes. Above 1, `main.ts` runs a node:cluster primary that
     * only supervises: each worker has its own L1 cache and single flight
     * (the Redis lease, when configured, coalesces across all of them).
     */
    workers,
    host: e.HOST,
    upstream: {
      primaryUrl: e.MARTIN_PRIMARY_URL,
      backupUrl: e.MARTIN_BACKUP_URL || undefined,
      /** One deadline for primary + backup together. */
      timeoutMs: e.UPSTREAM_TIMEOUT_MS,
      /** Off when the mesh (Istio) owns retries: one attempt per request. */
      retries: e.BFF_RETRIES,
    },
    redis: { url: e.REDIS_URL, commandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS },
    cache: { memoryBytes: e.CACHE_MEMORY_MB * 1024 * 1024, tileTtlSeconds: e.TILE_TTL_SECONDS },
    tiles: {
      maxBytes: e.MAX_TILE_BYTES,
      maxAgeSeconds: e.TILE_MAX_AGE_SECONDS,
      staleWhileRevalidateSeconds: e.TILE_STALE_WHILE_REVALIDATE_SECONDS,
      versionedMaxAgeSeconds: e.TILE_VERSIONED_MAX_AGE_SECONDS,
    },
    corsOrigins,
    publicUrl: e.PUBLIC_URL,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    /** Readiness fails this long before the listener closes, so endpoints drop the pod first. */
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    metadata: { ttlSeconds: e.METADATA_TTL_SECONDS, attribution: e.TILESET_ATTRIBUTION },
    /**
     * Traces are on only when asked for: an OTLP endpoint, or OTEL_TRACES_EXPORTER
     * (`otlp`, `console`). Off, the SDK is not even loaded.
     */
    tracing: { exporter: traceExporter as 'otlp' | 'console' | null, serviceVersion: e.BUILD_VERSION ?? 'dev' },
    /** In the shape of the GraphQL module's `GraphqlConfigInput`, which validates it again. */
    graphql: {
      publicUrl: e.PUBLIC_URL,
      trustProxy: e.TRUST_PROXY,
      corsOrigins: corsOrigins === '*' ? ['*'] : corsOrigins,
      introspection: e.GRAPHQL_INTROSPECTION ?? !production,
      operatorToken: e.OPERATOR_TOKEN,
      apiKeys: e.API_KEYS,
      requireApiKey: e.REQUIRE_API_KEY,
      buildVersion: e.BUILD_VERSION,
      limits: {
        maxDepth: e.GRAPHQL_MAX_DEPTH,
        maxIntrospectionDepth: e.GRAPHQL_MAX_INTROSPECTION_DEPTH,
        maxAliases: e.GRAPHQL_MAX_ALIASES,
        maxTokens: e.GRAPHQL_MAX_TOKENS,
        maxCost: e.GRAPHQL_MAX_COST,
        batchLimit: e.GRAPHQL_BATCH_LIMIT,
        maxBodyBytes: e.MAX_BODY_BYTES,
      },
    },
  };
}

export type Config = ReturnType<typeof loadConfig>;
