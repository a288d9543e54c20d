/** The demo's runtime settings, written by the local runner as `config.json` next to the files. */
export interface DemoConfig {
  bffUrl: string;
  apiKey?: string;
}

/** Loads and checks `./config.json`; a missing `bffUrl` is an error naming it. */
export async function loadConfig(url = './config.json'): Promise<DemoConfig> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`Could not load ${url}: HTTP ${response.status}`);
  const config = (await response.json()) as Partial<DemoConfig>;
  if (typeof config.bffUrl !== 'string' || config.bffUrl === '') throw new Error(`${url}: "bffUrl" is missing`);
  return { bffUrl: config.bffUrl, ...(typeof config.apiKey === 'string' && config.apiKey ? { apiKey: config.apiKey } : {}) };
}
