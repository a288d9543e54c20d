import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Runs only the chart tests, without the workspace's global setup (which
// builds Martin and the tilesets, and which these tests do not need):
//   npx vitest run --config deploy/test/vitest.standalone.config.ts
export default defineConfig({
  test: {
    name: 'deploy',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    // A cold machine builds helm and the validator with Go first (up to ~20 minutes on 2 busy cores).
    hookTimeout: 1_800_000,
  },
});
