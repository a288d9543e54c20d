import { fileURLToPath } from 'node:url';
import { freePort } from '../../../deploy/local/src/free-port.js';
import { startPinned } from '../launch.js';
import { startBenchMartin } from './martin.js';
import { STOP_GRACE_MS, type Contender } from './types.js';

const SERVER = fileURLToPath(new URL('./node-reference-server.mjs', import.meta.url));

/**
 * A reference, not a product: the throughput ceiling of a minimal Node cache
 * in front of Martin on this machine (see node-reference-server.mjs). It tells
 * whether a BFF target is out of Node's reach or only out of the BFF's.
 */
export const nodeReferenceContender: Contender = {
  id: 'node-ref',
  label: 'reference: minimal Node cache',
  setup: 'not a product: node:http + a Map + single-flight, no validation, auth, metrics or LRU (bench/src/contenders/node-reference-server.mjs)',
  unavailable: () => undefined,
  async start(env) {
    const martin = await startBenchMartin(env, 'martin-behind-node-ref');
    try {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const node = await startPinned(env.serverCpus, {
        name: 'node-ref',
        command: process.execPath,
        args: [SERVER],
        url,
        healthUrl: `${url}/catalog`,
        env: { PORT: String(port), UPSTREAM_URL: martin.url },
      });
      return {
        baseUrl: url,
        tilePath: (t) => `/tiles/${t.source}/${t.z}/${t.x}/${t.y}`,
        martinUrls: [martin.url],
        processes: () => [{ role: 'node-ref', pid: node.child.pid! }, { role: 'martin', pid: martin.child.pid! }],
        stop: async () => {
          await Promise.all([node.stop(STOP_GRACE_MS), martin.stop(STOP_GRACE_MS)]);
        },
      };
    } catch (err) {
      await martin.stop(STOP_GRACE_MS);
      throw err;
    }
  },
};
