import { runTool } from './run-tool.js';

/**
 * Sets (replaces) rows of an MBTiles `metadata` table. Neither GDAL's MVT
 * driver nor tilemaker 2.2 can write `attribution` into an .mbtiles file
 * (tilemaker only puts its `filemetadata` into a directory's metadata.json),
 * and Martin copies this table into TileJSON, so the licence text goes here.
 * `extraSql` runs in the same transaction.
 */
export async function setMbtilesMetadata(file: string, entries: Record<string, string>, extraSql = ''): Promise<void> {
  const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const names = Object.keys(entries).map(quote).join(', ');
  const rows = Object.entries(entries).map(([k, v]) => `(${quote(k)}, ${quote(v)})`).join(',\n');
  // Delete then insert: GDAL's metadata table has no unique constraint on
  // `name` (tilemaker's has), so INSERT OR REPLACE could add duplicates.
  const sql = [
    '.bail on',
    'BEGIN;',
    `DELETE FROM metadata WHERE name IN (${names});`,
    `INSERT INTO metadata (name, value) VALUES ${rows};`,
    extraSql,
    'COMMIT;',
  ].join('\n');
  await runTool('sqlite3', [file], { input: sql });
}
