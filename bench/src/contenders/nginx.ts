import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../../deploy/local/src/free-port.js';
import { processTree } from '../memory.js';
import { freshDir, startPinned } from '../launch.js';
import { startBenchMartin } from './martin.js';
import { nginxConfig } from './nginx-config.js';
import { STOP_GRACE_MS, type Contender } from './types.js';

function nginxBin(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().split('\n')[0] : undefined;
}

interface NginxVariant {
  id: string;
  label: string;
  setup: string;
  sendfile: boolean;
}

/** The Debian nginx with Martin's recommended proxy_cache setup in front of one Martin. */
function createNginxContender(v: NginxVariant): Contender {
  return {
    id: v.id,
    label: v.label,
    setup: v.setup,
    unavailable: () => (nginxBin() ? undefined : 'nginx is not installed (Debian: apt-get install nginx)'),
    async start(env) {
      const martin = await startBenchMartin(env, 'martin-behind-nginx');
      try {
        const prefix = freshDir(env.workDir, 'nginx');
        const port = await freePort();
        const conf = join(prefix, 'nginx.conf');
        // As root the workers would switch to `nobody` and could not write the
        // cache in our temp folder; keep them as the user that made it.
        const user = process.getuid?.() === 0 ? 'root root' : undefined;
        writeFileSync(conf, nginxConfig({ prefix, port, martin: new URL(martin.url).host, user, sendfile: v.sendfile }));
        const url = `http://127.0.0.1:${port}`;
        const nginx = await startPinned(env.serverCpus, {
          name: 'nginx',
          command: nginxBin()!,
          // -e: the error log before the config is read, else nginx tries /var/log/nginx.
          args: ['-p', prefix, '-c', conf, '-e', join(prefix, 'error.log')],
          url,
          healthUrl: `${url}/nginx-ready`,
          logFile: join(prefix, 'stdout.log'),
        });
        return {
          baseUrl: url,
          tilePath: (t) => `/tiles/${t.source}/${t.z}/${t.x}/${t.y}`,
          martinUrls: [martin.url],
          processes: () => [
            ...processTree(nginx.child.pid!).map((pid) => ({ role: 'nginx', pid })),
            { role: 'martin', pid: martin.child.pid! },
          ],
          stop: async () => {
            // Together: the figures are taken, so the order no longer matters.
            await Promise.all([nginx.stop(STOP_GRACE_MS), martin.stop(STOP_GRACE_MS)]);
          },
        };
      } catch (err) {
        await martin.stop(STOP_GRACE_MS);
        throw err;
      }
    },
  };
}

export const nginxContender = createNginxContender({
  id: 'nginx',
  label: 'nginx proxy_cache → Martin',
  setup: 'Debian nginx 1 worker, proxy_cache as in the Martin docs (cache lock, revalidate, 1 h), Debian defaults (sendfile, tcp_nopush), cache on local disk',
  sendfile: true,
});

export const nginxNoSendfileContender = createNginxContender({
  id: 'nginx-nosendfile',
  label: 'nginx, sendfile off',
  setup: 'the same nginx with sendfile and tcp_nopush off, to separate their ~40 ms loopback stalls from the rest',
  sendfile: false,
});

/** `nginx -v` prints to stderr. */
export function nginxVersion(): string | undefined {
  const bin = nginxBin();
  if (!bin) return undefined;
  const r = spawnSync(bin, ['-v'], { encoding: 'utf8' });
  return /nginx\/(\S+)/.exec(r.stderr ?? '')?.[1];
}
