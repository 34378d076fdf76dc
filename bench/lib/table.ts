// One row per figure: ours beside a baseline measured in the same run, the ratio, the target.

export interface Row {
  metric: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  /** 'yes' | 'NO' | 'n/a' (no target, or a side was not measured); a size row adds by how much, "NO (1.2 KB over)". */
  met: string;
}

export type Verdict = 'yes' | 'NO' | 'n/a';

export function verdict(ok: boolean | undefined): Verdict {
  return ok === undefined ? 'n/a' : ok ? 'yes' : 'NO';
}

/** A row whose figures could not be measured; the reason goes in the "ours" cell. */
export function unavailable(metric: string, why: string, target: string, baseline = '–'): Row {
  return { metric, ours: `n/a (${why})`, baseline, ratio: '–', target, met: 'n/a' };
}

const columns: { key: keyof Row; title: string }[] = [
  { key: 'metric', title: 'metric' },
  { key: 'ours', title: 'ours' },
  { key: 'baseline', title: 'baseline' },
  { key: 'ratio', title: 'ratio' },
  { key: 'target', title: 'target' },
  { key: 'met', title: 'met?' },
];

export function renderTable(rows: readonly Row[]): string {
  const widths = columns.map(({ key, title }) => Math.max(title.length, ...rows.map((row) => row[key].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(columns.map((c) => c.title)),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map((row) => line(columns.map((c) => row[c.key]))),
  ].join('\n');
}
