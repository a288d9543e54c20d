// Builds the static demo into dist/: app.js (the demo, with Leaflet and the
// SDK bundled from the SDK's *source*, so no SDK build is needed for it),
// index.html, app.css, Leaflet's CSS and images, and the script-tag example
// with leaflet.js and the SDK's IIFE build (that one comes from the SDK's
// dist/, which `pnpm -r build` makes first).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const leafletDist = join(dirname(require.resolve('leaflet/package.json')), 'dist');
const sdkDir = join(here, '../sdk');
const sdkIife = join(sdkDir, JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')).unpkg);

/** Resolves `@org/map-sdk` to the SDK's source, like the workspace's tsconfig paths and vitest alias do, and `./x.js` to `./x.ts`. */
const sdkSource = () => ({
  name: 'sdk-source',
  resolveId(id, importer) {
    if (id === '@org/map-sdk') return join(sdkDir, 'src/index.ts');
    // Leaflet's `main` is a UMD file; its ES module build has real named exports.
    if (id === 'leaflet') return join(leafletDist, 'leaflet-src.esm.js');
    // TypeScript sources import each other as `./x.js` (ESM style); the file is `./x.ts`.
    if (importer?.endsWith('.ts') && id.startsWith('.') && id.endsWith('.js')) {
      const candidate = join(dirname(importer), id.replace(/\.js$/, '.ts'));
      if (existsSync(candidate)) return candidate;
    }
    return null;
  },
});

/**
 * Strips types file by file (the code is written for `isolatedModules`), for
 * the demo and the SDK source alike; `pnpm check` does the type checking.
 */
const transpileTs = () => ({
  name: 'transpile-ts',
  transform(code, id) {
    if (!id.endsWith('.ts')) return null;
    const out = ts.transpileModule(code, {
      fileName: id,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: true, verbatimModuleSyntax: true },
    });
    return { code: out.outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ''), map: out.sourceMapText };
  },
});

/** Copies the static files into the output. */
const statics = () => ({
  name: 'statics',
  buildStart() {
    for (const f of ['src/index.html', 'src/script-tag.html', 'src/app.css']) this.addWatchFile(join(here, f));
  },
  generateBundle() {
    const emit = (fileName, path) => this.emitFile({ type: 'asset', fileName, source: readFileSync(path) });
    emit('index.html', join(here, 'src/index.html'));
    emit('script-tag.html', join(here, 'src/script-tag.html'));
    emit('app.css', join(here, 'src/app.css'));
    emit('leaflet.css', join(leafletDist, 'leaflet.css'));
    emit('leaflet.js', join(leafletDist, 'leaflet.js'));
    for (const image of readdirSync(join(leafletDist, 'images'))) emit(`images/${image}`, join(leafletDist, 'images', image));
    if (!existsSync(sdkIife)) this.error(`${sdkIife} is missing: build @org/map-sdk first (pnpm -r build does this in order)`);
    emit('map-sdk.iife.min.js', sdkIife);
  },
});

export default {
  input: 'src/main.ts',
  plugins: [
    sdkSource(),
    nodeResolve({ browser: true }),
    transpileTs(),
    terser(),
    statics(),
  ],
  output: { file: 'dist/app.js', format: 'es', sourcemap: true },
};
