import { z } from 'zod';

/**
 * One publishable API key (`API_KEYS`, a JSON array). The key is sent by the
 * SDK in `X-Api-Key` (GraphQL and tiles) or as `?key=` on plain tile URLs.
 *
 * ```json
 * [{ "key": "pk_demo_0123456789abcdef", "name": "demo", "tilesets": ["countries", "toner"],
 *    "origins": ["https://maps.example.org"] }]
 * ```
 */
export const apiKeySchema = z.object({
  /** The secret-ish value (publishable: it lives in web pages; ≥ 16 characters). */
  key: z.string().min(16),
  /** Non-secret name for logs and metrics. */
  name: z.string().min(1),
  /** Source ids this key may read, or `"*"` for all. */
  tilesets: z.union([z.literal('*'), z.array(z.string().min(1)).min(1)]),
  /** Browser origins allowed to use the key; absent = any (server-side use). */
  origins: z.array(z.string().min(1)).optional(),
});

export type ApiKey = z.infer<typeof apiKeySchema>;

export const apiKeysSchema = z.array(apiKeySchema).superRefine((keys, ctx) => {
  for (const field of ['key', 'name'] as const) {
    const seen = new Set<string>();
    keys.forEach((k, i) => {
      if (seen.has(k[field])) ctx.addIssue({ code: 'custom', path: [i, field], message: `duplicate ${field}` });
      seen.add(k[field]);
    });
  }
});

/** `API_KEYS` as an environment string: JSON, then `apiKeysSchema`. */
export const apiKeysEnvSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'API_KEYS is not valid JSON' });
      return z.NEVER;
    }
  })
  .pipe(apiKeysSchema);
