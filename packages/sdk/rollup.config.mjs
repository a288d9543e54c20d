// Builds the SDK three ways, with output paths read from package.json:
// - ESM (`exports[*].import`, one file per subpath) for bundlers: Leaflet and the MVT decoder stay
//   external (peer and regular dependencies), so apps do not ship them twice.
// - A minified IIFE (`unpkg`) for a <script> tag: global `OrgMap`, expects the
//   global `L` from Leaflet's own script, and bundles @mapbox/vector-tile + pbf.
// - One bundled `.d.ts` (`exports["."].types`) via rollup-plugin-dts.
import { readFileSync } from 'node:fs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
// Entry points named after their export subpath: `.` → index, `./client` → client.
const entries = Object.keys(pkg.exports).filter((k) => k !== './package.json');
const nameOf = (k) => (k === '.' ? 'index' : k.slice(2));
const input = Object.fromEntries(entries.map((k) => [nameOf(k), `src/${nameOf(k)}.ts`]));
const outDir = (file) => file.slice(0, file.lastIndexOf('/'));
const ts = () =>
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    compilerOptions: { noEmit: false, declaration: false, sourceMap: true, outDir: 'dist' },
  });
const banner = `/*! ${pkg.name} ${pkg.version} | ${pkg.license} */`;

export default [
  {
    input,
    external: [...Object.keys(pkg.peerDependencies), ...Object.keys(pkg.dependencies)].map((d) => new RegExp(`^${d}(/|$)`)),
    plugins: [ts()],
    output: { dir: outDir(pkg.exports['.'].import), format: 'es', sourcemap: true, banner, entryFileNames: '[name].js', chunkFileNames: 'shared/[name]-[hash].js' },
  },
  {
    input: input.index,
    external: ['leaflet'],
    plugins: [nodeResolve({ browser: true }), ts(), terser({ format: { comments: /^!/ } })],
    output: {
      file: pkg.unpkg,
      format: 'iife',
      name: 'OrgMap',
      exports: 'named',
      globals: { leaflet: 'L' },
      sourcemap: true,
      banner,
    },
  },
  {
    input,
    external: [/^leaflet/, /^@mapbox\//, /^pbf/],
    plugins: [dts({ tsconfig: './tsconfig.json' })],
    output: { dir: outDir(pkg.exports['.'].types), format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'shared/[name]-[hash].d.ts' },
  },
];
