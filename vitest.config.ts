import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One config for the whole workspace. Packages resolve each other's source,
// so nothing has to be built before tests run.
const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));
// Builds Martin (cached outside the clone) and the tilesets, and hands their
// paths to the tests through `inject(...)`. Only the projects that run real
// processes need it; the cached builds make repeated calls cheap.
const realProcesses = [src('./deploy/local/test/global-setup.ts')];
const require = createRequire(src('./packages/bff/package.json'));
const alias = [
  { find: '@org/map-sdk', replacement: src('./packages/sdk/src/index.ts') },
  { find: '@org/map-bff', replacement: src('./packages/bff/src/index.ts') },
  { find: '@org/map-local', replacement: src('./deploy/local/src/index.ts') },
  // graphql 16 ships CJS (`main`) and ESM (`module`). Vite would pick the ESM
  // copy for our sources while Yoga, loaded by Node, gets the CJS one: two
  // realms, and `instanceof GraphQLError` fails. Pin the one Node loads.
  { find: /^graphql$/, replacement: require.resolve('graphql') },
];

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'sdk', root: src('./packages/sdk'), include: ['test/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: { name: 'bff', globalSetup: realProcesses, root: src('./packages/bff'), include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        resolve: { alias },
        test: { name: 'demo', root: src('./packages/demo'), include: ['test/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: { name: 'local', globalSetup: realProcesses, root: src('./deploy/local'), include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000 },
      },
      {
        resolve: { alias },
        test: { name: 'deploy', root: src('./deploy/test'), include: ['**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 1_800_000 },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e', globalSetup: realProcesses, root: src('./tests/e2e'), include: ['**/*.test.ts'], environment: 'node',
          testTimeout: 90_000, hookTimeout: 300_000, fileParallelism: false,
        },
      },
    ],
  },
});
