import type { Spread } from './stats.js';

/** A number for a table: thousands grouped, fewer decimals as it grows. */
export function num(x: number | undefined, decimals?: number): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  const d = decimals ?? (Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : Math.abs(x) >= 1 ? 2 : 3);
  const [int, frac] = Math.abs(x).toFixed(d).split('.') as [string, string?];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${x < 0 ? '−' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** `median (min–max)`; just the median when there was one run or no spread. */
export function med(s: Spread | undefined, decimals?: number): string {
  if (!s || s.n === 0) return '–';
  if (s.n === 1 || s.min === s.max) return num(s.median, decimals);
  return `${num(s.median, decimals)} <sub>(${num(s.min, decimals)}–${num(s.max, decimals)})</sub>`;
}

export function pct(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(x < 0.1 ? 1 : 0)} %`;
}

export function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A ratio of medians with its direction spelled out, e.g. `1.23× (higher is better)`. */
export function ratio(a: Spread | undefined, b: Spread | undefined): string {
  if (!a || !b || !Number.isFinite(a.median) || !Number.isFinite(b.median) || b.median === 0) return '–';
  return `${(a.median / b.median).toFixed(2)}×`;
}
