import { z } from 'zod';
import { apiKeysSchema } from './api-keys.js';

const httpUrl = z.url({ protocol: /^https?$/ }).refine((u) => !/[?#]/.test(u), 'must have no query string or fragment');

/**
 * Limits against abusive operations. Defaults fit the SDK's queries with
 * room to spare (its deepest query is 4 levels, ~60 tokens).
 */
export const graphqlLimitsSchema = z.object({
  /** Deepest selection nesting. */
  maxDepth: z.number().int().min(1).default(8),
  /**
   * Deepest nesting of introspection (`__schema`, `__type`) selections;
   * default `maxDepth`. graphql-js's full introspection query (GraphiQL's
   * docs) needs 15.
   */
  maxIntrospectionDepth: z.number().int().min(1).optional(),
  /** Aliases per operation (aliases multiply work cheaply for the caller). */
  maxAliases: z.number().int().min(0).default(15),
  /** Lexer tokens per document. */
  maxTokens: z.number().int().min(50).default(1000),
  /** graphql-armor cost (objects 2, scalars 1, × 1.5 per depth level). */
  maxCost: z.number().int().min(10).default(5000),
  maxDirectives: z.number().int().min(0).default(10),
  /** Operations in one batched POST (a JSON array); 0 disables batching. */
  batchLimit: z.number().int().min(0).default(5),
  /** Request body bytes; larger → 413. */
  maxBodyBytes: z.number().int().min(1024).default(64 * 1024),
  /** Sources in one `composite(ids:)` (Martin's own cap is 128). */
  maxCompositeIds: z.number().int().min(1).max(128).default(16),
});

/**
 * The GraphQL part of the BFF's configuration, validated once in
 * `createYogaServer`. Environment variables are read by the BFF's
 * `config.ts` (one place for every setting), which builds this shape.
 */
export const graphqlConfigSchema = z.object({
  /** Public base URL of the BFF (`https://maps.example.org`, path prefix allowed); tile URLs start with it. */
  publicUrl: httpUrl.transform((u) => u.replace(/\/+$/, '')).optional(),
  /** Believe `Forwarded` / `X-Forwarded-Proto|Host` (first value) when no publicUrl is set. */
  trustProxy: z.boolean().default(false),
  /** Browser origins allowed by CORS (exact, e.g. `https://maps.example.org`); `*` = any, without credentials. */
  corsOrigins: z.array(z.string().min(1)).default([]),
  /** Schema introspection; default: on unless NODE_ENV=production. */
  introspection: z.boolean().default(process.env.NODE_ENV !== 'production'),
  /** Bearer token of operators (purge). Absent: operator mutations are refused. */
  operatorToken: z.string().min(24).optional(),
  apiKeys: apiKeysSchema.default([]),
  /** Refuse callers without an API key or operator token. */
  requireApiKey: z.boolean().default(false),
  /** Reported by `health.version`. */
  buildVersion: z.string().min(1).default('dev'),
  limits: graphqlLimitsSchema.default(graphqlLimitsSchema.parse({})),
});

export type GraphqlConfig = z.output<typeof graphqlConfigSchema>;
export type GraphqlConfigInput = z.input<typeof graphqlConfigSchema>;
