import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.upstream).toEqual({ primaryUrl: 'http://127.0.0.1:3000', backupUrl: 'http://127.0.0.1:3001', timeoutMs: 10_000, retries: true });
    expect(c.redis.url).toBeUndefined();
    expect(c.corsOrigins).toBe('*');
    expect(c.graphql.introspection).toBe(true);
    expect(c.workers).toBe(1);
  });

  it('WORKERS: a count, or auto for the available cores', () => {
    expect(loadConfig({ WORKERS: '2' }).workers).toBe(2);
    expect(loadConfig({ WORKERS: 'auto' }).workers).toBe(availableParallelism());
    expect(loadConfig({ WORKERS: '' }).workers).toBe(1);
    for (const bad of ['0', '-1', '1.5', 'many', ' ', '257', '0x2']) {
      expect(() => loadConfig({ WORKERS: bad })).toThrow(/^WORKERS=.*whole number from 1 to 256, or "auto"/);
    }
  });

  it('reads settings and switches', () => {
    const c = loadConfig({
      PORT: '9000', MARTIN_BACKUP_URL: '', BFF_RETRIES: 'off', REDIS_URL: 'redis://127.0.0.1:6379',
      CORS_ORIGINS: 'https://a.example, https://b.example:8443', NODE_ENV: 'production', CACHE_MEMORY_MB: '16',
    });
    expect(c.port).toBe(9000);
    expect(c.upstream.backupUrl).toBeUndefined();
    expect(c.upstream.retries).toBe(false);
    expect(c.redis.url).toBe('redis://127.0.0.1:6379');
    expect(c.corsOrigins).toEqual(['https://a.example', 'https://b.example:8443']);
    expect(c.graphql.introspection).toBe(false);
    expect(c.cache.memoryBytes).toBe(16 * 1024 * 1024);
  });

  it('names the setting and the value in its error', () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: 'eighty' }, /^PORT="eighty"/],
      [{ MARTIN_PRIMARY_URL: 'ftp://x' }, /^MARTIN_PRIMARY_URL="ftp:\/\/x"/],
      [{ BFF_RETRIES: 'maybe' }, /^BFF_RETRIES="maybe"/],
      [{ UPSTREAM_TIMEOUT_MS: '5' }, /^UPSTREAM_TIMEOUT_MS="5"/],
      [{ CORS_ORIGINS: 'https://a.example/' }, /^CORS_ORIGINS=/],
      [{ REDIS_URL: 'localhost:6379' }, /^REDIS_URL=/],
    ];
    for (const [env, message] of bad) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    }
  });
});
