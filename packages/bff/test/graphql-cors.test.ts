import { describe, expect, it } from 'vitest';
import { graphqlServer, query } from './support/graphql-server.js';

const preflight = (origin: string) => ({
  method: 'OPTIONS',
  headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
});

describe('GraphQL CORS', () => {
  it('C18: a preflight from an allowed origin with credentials gets 204 echoing the exact origin, Vary: Origin', async () => {
    const { yoga } = graphqlServer({ corsOrigins: ['https://maps.example.org', 'https://demo.example.org'], requireApiKey: true });
    const res = await yoga.fetch('http://bff.test/graphql', preflight('https://demo.example.org'));
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://demo.example.org');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/content-type.*authorization/);
    expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
  });

  it('C18: a preflight from a disallowed origin gets no allow-origin header', async () => {
    const { yoga } = graphqlServer({ corsOrigins: ['https://maps.example.org'] });
    const res = await yoga.fetch('http://bff.test/graphql', preflight('https://evil.example'));
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
  });

  it('C18: the same origin rules apply to the actual response', async () => {
    const { yoga } = graphqlServer({ corsOrigins: ['https://maps.example.org'] });
    const good = await query(yoga, '{ __typename }', undefined, { origin: 'https://maps.example.org' });
    expect(good.headers.get('access-control-allow-origin')).toBe('https://maps.example.org');
    expect(good.headers.get('vary')).toMatch(/\bOrigin\b/);
    const bad = await query(yoga, '{ __typename }', undefined, { origin: 'https://evil.example' });
    expect(bad.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers * without credentials when any origin is allowed', async () => {
    const { yoga } = graphqlServer({ corsOrigins: ['*'] });
    const res = await yoga.fetch('http://bff.test/graphql', preflight('https://anyone.example'));
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
