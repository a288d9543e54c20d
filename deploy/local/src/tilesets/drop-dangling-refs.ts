import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runTool } from './run-tool.js';

export interface DanglingRefStats {
  /** Way node refs removed because the node is not in the file. */
  wayRefs: number;
  /** Ways removed because fewer than two of their nodes are in the file. */
  ways: number;
  /** Relation members removed because the object is not in the file (or was removed). */
  members: number;
  /** Relations removed because no member was left. */
  relations: number;
}

/**
 * Copies an OSM PBF extract to `output` without references to objects that
 * are not in it. Extracts clipped by a bounding box keep ways and relations
 * that cross the edge with all their refs, and tilemaker 2.2 aborts on the
 * first one ("Could not find node with id …"); its `--skip-integrity` flag
 * does not help, the abort happens while scanning relations.
 *
 * osmium-tool converts PBF to and from OPL (one object per line, fields
 * separated by spaces, values %-escaped, so splitting is safe); the filtering
 * itself is done here, so the input file is never edited.
 * Pass 1 learns which objects survive, pass 2 writes them.
 */
export async function dropDanglingRefs(input: string, output: string, workDir: string): Promise<DanglingRefStats> {
  const rawOpl = join(workDir, 'raw.opl');
  const cleanOpl = join(workDir, 'clean.opl');
  // `osmium sort` guarantees nodes, then ways, then relations, which pass 1 relies on.
  await runTool('osmium', ['sort', '--no-progress', '-O', '-o', rawOpl, input]);

  const nodes = new Set<number>();
  const ways = new Set<number>();
  const relMembers = new Map<number, string[]>();
  const stats: DanglingRefStats = { wayRefs: 0, ways: 0, members: 0, relations: 0 };
  for await (const line of lines(rawOpl)) {
    const id = Number(line.slice(1, line.indexOf(' ')));
    if (line[0] === 'n') nodes.add(id);
    else if (line[0] === 'w' && keptRefs(field(line, 'N'), nodes).length >= 2) ways.add(id);
    else if (line[0] === 'r') relMembers.set(id, field(line, 'M'));
  }

  // A relation whose members are all gone is dropped; that may empty a parent
  // relation in turn, so repeat until nothing changes (relations are few).
  const relations = new Set(relMembers.keys());
  const present = (m: string) => {
    const id = Number(m.slice(1, m.indexOf('@')));
    return m[0] === 'n' ? nodes.has(id) : m[0] === 'w' ? ways.has(id) : relations.has(id);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of relations) {
      if (!relMembers.get(id)!.some(present)) { relations.delete(id); changed = true; }
    }
  }

  const out = createWriteStream(cleanOpl);
  for await (const line of lines(rawOpl)) {
    const id = Number(line.slice(1, line.indexOf(' ')));
    let kept = line;
    if (line[0] === 'w') {
      const refs = field(line, 'N');
      if (!ways.has(id)) { stats.ways++; continue; }
      const keep = keptRefs(refs, nodes);
      stats.wayRefs += refs.length - keep.length;
      kept = replaceField(line, 'N', keep);
    } else if (line[0] === 'r') {
      const members = relMembers.get(id)!;
      if (!relations.has(id)) { stats.relations++; continue; }
      const keep = members.filter(present);
      stats.members += members.length - keep.length;
      kept = replaceField(line, 'M', keep);
    }
    if (!out.write(kept + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  await runTool('osmium', ['cat', '--no-progress', '-O', '-o', output, cleanOpl]);
  return stats;
}

function lines(file: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
}

/** The comma-separated list of the OPL field starting with `key` (`N` way nodes, `M` members). */
function field(line: string, key: string): string[] {
  const f = line.split(' ').find((p) => p[0] === key);
  return f && f.length > 1 ? f.slice(1).split(',') : [];
}

function replaceField(line: string, key: string, values: string[]): string {
  return line.split(' ').map((p) => (p[0] === key ? key + values.join(',') : p)).join(' ');
}

function keptRefs(refs: string[], nodes: Set<number>): string[] {
  return refs.filter((r) => nodes.has(Number(r.slice(1))));
}
