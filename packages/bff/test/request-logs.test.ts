import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startBff, type RunningBff } from '../src/start-bff.js';
import { startFakeUpstream, type FakeUpstream } from './tiles-support/fake-upstream.js';

let up: FakeUpstream;
let bff: RunningBff;
const lines: string[] = [];

beforeAll(async () => {
  up = await startFakeUpstream();
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', MARTIN_PRIMARY_URL: up.url, MARTIN_BACKUP_URL: '' });
  bff = await startBff({ config, log: pino({ level: 'debug' }, sink) });
});

afterAll(async () => {
  await bff?.close();
  await up?.close();
});

describe('request logs', () => {
  it('carry the request id and path but never a key from the query string', async () => {
    const tile = await fetch(`${bff.url}/tiles/vec/1/0/0?key=pk_secret_in_query`, { headers: { 'x-request-id': 'req-123' } });
    expect(tile.status).toBe(200);
    expect(tile.headers.get('x-request-id')).toBe('req-123');
    const gql = await fetch(`${bff.url}/graphql?query=%7B__typename%7D&key=pk_secret_in_query`);
    expect(gql.status).toBe(200);
    const requestLogs = lines.map((l) => JSON.parse(l) as { msg: string; url?: string; reqId?: string }).filter((l) => l.msg === 'request');
    expect(requestLogs.map((l) => l.url)).toEqual(expect.arrayContaining(['/tiles/vec/1/0/0', '/graphql']));
    expect(requestLogs.find((l) => l.url === '/tiles/vec/1/0/0')?.reqId).toBe('req-123');
    expect(lines.join('')).not.toContain('pk_secret_in_query');
  });
});
