// The smallest sensible Node tile cache: node:http, a Map, bytes kept exactly
// as Martin sent them (gzip stays gzip), one upstream fetch per cold tile
// (concurrent misses share it). No validation, auth, metrics or LRU bound:
// it is the ceiling a Node front end can reach on this machine, so the BFF's
// distance from it is the cost of what the BFF adds, not of Node.
import http from 'node:http';

const upstream = new URL(process.env.UPSTREAM_URL);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const cache = new Map();
const pending = new Map();

function fetchTile(path) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: upstream.hostname, port: upstream.port, path, agent, headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const headers = { vary: 'Accept-Encoding', 'cache-control': 'public, max-age=60' };
        for (const h of ['content-type', 'content-encoding', 'etag']) if (res.headers[h]) headers[h] = res.headers[h];
        resolve({ status: res.statusCode, headers, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

http.createServer((req, res) => {
  const path = req.url.startsWith('/tiles/') ? req.url.slice(6) : req.url;
  const send = (t) => {
    res.writeHead(t.status, t.headers);
    res.end(t.status === 204 ? undefined : t.body);
  };
  const hit = cache.get(path);
  if (hit) return send(hit);
  let flight = pending.get(path);
  if (!flight) {
    flight = fetchTile(path).finally(() => pending.delete(path));
    pending.set(path, flight);
  }
  flight.then((t) => {
    if (t.status === 200 || t.status === 204) cache.set(path, t);
    send(t);
  }, () => {
    res.writeHead(502, { 'cache-control': 'no-store' });
    res.end();
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
