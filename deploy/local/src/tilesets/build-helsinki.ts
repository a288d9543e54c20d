import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dropDanglingRefs } from './drop-dangling-refs.js';
import { openMapTilesConfig, readTilemakerExample } from './openmaptiles-config.js';
import { runTool } from './run-tool.js';
import { setMbtilesMetadata } from './set-mbtiles-metadata.js';

/** OpenStreetMap data is ODbL 1.0, which requires this credit. */
export const HELSINKI_ATTRIBUTION = '© OpenStreetMap contributors';

const META = {
  name: 'Helsinki centre',
  description: 'Central Helsinki from OpenStreetMap in the OpenMapTiles schema (tilemaker), z10-14',
};

/**
 * Writes central Helsinki as vector MBTiles in the OpenMapTiles schema to
 * `outFile`, from the OSM extract `pbf`, with Debian's tilemaker and its
 * packaged OpenMapTiles config and Lua profile.
 */
export async function buildHelsinki(pbf: string, outFile: string, workDir: string, log: (msg: string) => void): Promise<void> {
  const { config, dropped } = await openMapTilesConfig(workDir, META);
  const configFile = join(workDir, 'config.json');
  const processFile = join(workDir, 'process.lua');
  await writeFile(configFile, JSON.stringify(config, null, 2));
  await writeFile(processFile, await readTilemakerExample('process-openmaptiles.lua'));
  log(`tilesets: helsinki: layers without their shapefile left out: ${dropped.join(', ') || 'none'}`);

  // The rewritten file loses the PBF header's bounding box, so read it from
  // the original and hand it to tilemaker, which writes it as `bounds`.
  const bbox = await headerBbox(pbf);
  const clean = join(workDir, 'clean.osm.pbf');
  const stats = await dropDanglingRefs(pbf, clean, workDir);
  log(
    `tilesets: helsinki: dropped dangling references: ${stats.wayRefs} way node refs, ${stats.ways} ways, ` +
      `${stats.members} relation members, ${stats.relations} relations`,
  );

  log('tilesets: helsinki: running tilemaker');
  await runTool('tilemaker', [
    '--input', clean,
    '--output', outFile,
    '--config', configFile,
    '--process', processFile,
    '--bbox', bbox.join(','),
  ], { cwd: workDir });

  // tilemaker derives `center` from the bbox (zoom 12); only the attribution
  // and our name/description need setting.
  await setMbtilesMetadata(outFile, { ...META, attribution: HELSINKI_ATTRIBUTION });
}

/**
 * The PBF header's bounding box (where the extract was clipped), else the
 * bounding box of its nodes, as [west, south, east, north].
 */
async function headerBbox(pbf: string): Promise<number[]> {
  const { stdout } = await runTool('osmium', ['fileinfo', '--extended', '--json', pbf]);
  const info = JSON.parse(stdout) as { header?: { boxes?: number[][] }; data?: { bbox?: number[] } };
  const box = info.header?.boxes?.[0] ?? info.data?.bbox;
  if (!box || box.length !== 4) throw new Error(`${pbf}: no bounding box in the file; tilemaker needs one`);
  return box;
}
