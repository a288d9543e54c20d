import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// Output paths come from package.json (`main`), so the two cannot drift.
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { main: string };

export default defineConfig({
  entry: { main: 'src/main.ts' },
  outDir: pkg.main.replace(/^\.\//, '').replace(/\/[^/]+$/, ''),
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  // Dependencies stay in node_modules; only our source is bundled.
  skipNodeModulesBundle: true,
  banner: { js: '#!/usr/bin/env node' },
});
