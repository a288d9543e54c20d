import { createServer } from 'node:net';

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Fails before anything starts when a fixed port is taken (often a previous
 * `npm start` still running), naming the setting that moves it.
 */
export async function assertPortsFree(ports: Record<string, number>): Promise<void> {
  const taken: string[] = [];
  for (const [setting, port] of Object.entries(ports)) {
    if (!(await isFree(port))) taken.push(`${setting}=${port}`);
  }
  if (taken.length > 0) {
    throw new Error(
      `port(s) already in use: ${taken.join(', ')}. Stop what uses them (another npm start?) or choose other ports with those settings.`,
    );
  }
}
