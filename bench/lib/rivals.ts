// What the rows against Uppy, on the home link and for many files share: the batch of files, the
// best-of-runs pick, and a row that sets ours beside one baseline.
import type { ManyResult, UploadResult } from '../page/protocol';
import { type Row, unavailable, verdict } from './table';
import { formatBytes, mibPerSecond, reason } from './util';

/**
 * `count` sizes from 200 KB to 3 MB (KB = 1000 bytes), spread evenly by the golden ratio so any
 * prefix of the list is a fair mix too: about 1.6 MB on average, 480 MB for 300 files.
 */
export function batchSizes(count: number): number[] {
  return Array.from({ length: count }, (_, i) => 200_000 + Math.round(2_800_000 * ((i * 0.6180339887498949) % 1)));
}

/** A measurement, or why there is none. */
export type Outcome<T> = T | string;

export async function settle<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return await run();
  } catch (error) {
    return reason(error);
  }
}

/** Files per second of a batch run, MiB/s of a single-file run. */
export interface Figure {
  value: number;
  unit: 'files/s' | 'MiB/s';
  /** What the cell shows after the value (total time, shape). */
  detail: string;
}

export const manyFigure = (r: ManyResult): Figure => ({
  value: r.files / (r.ms / 1000),
  unit: 'files/s',
  detail: `${(r.ms / 1000).toFixed(1)} s, ${formatBytes(r.bytes)}`,
});

export const oneFigure = (r: UploadResult | ManyResult): Figure => ({
  value: mibPerSecond(r.bytes, r.ms),
  unit: 'MiB/s',
  detail: `${(r.ms / 1000).toFixed(1)} s`,
});

export const describeFigure = (f: Figure) => `${f.value.toFixed(1)} ${f.unit} (${f.detail})`;

/** The better of several runs (noise on a shared machine only slows a run); a measurement beats a failure. */
export function best<T>(runs: readonly Outcome<T>[], figure: (r: T) => Figure): Outcome<T> {
  let chosen: Outcome<T> = runs[0] ?? 'not run';
  for (const run of runs) {
    if (typeof run === 'string') continue;
    if (typeof chosen === 'string' || figure(run).value > figure(chosen).value) chosen = run;
  }
  return chosen;
}

/** ours ÷ baseline against `min`, "> min×" when `strict` (ahead of), else "≥ min×". */
export function ratioRow<T, U>(
  metric: string,
  ours: Outcome<T>,
  oursFigure: (r: T) => Figure,
  base: Outcome<U>,
  baseFigure: (r: U) => Figure,
  baseName: string,
  min: number,
  strict: boolean,
): Row {
  const goal = strict ? `> ${min.toFixed(2)}×` : `≥ ${min.toFixed(2)}×`;
  const b = typeof base === 'string' ? undefined : baseFigure(base);
  const baseline = b ? `${describeFigure(b)} ${baseName}` : `n/a (${base as string})`;
  if (typeof ours === 'string') return unavailable(metric, ours, goal, baseline);
  const o = oursFigure(ours);
  const ratio = b ? o.value / b.value : undefined;
  return {
    metric,
    ours: describeFigure(o),
    baseline,
    ratio: ratio === undefined ? '–' : `${ratio.toFixed(2)}×`,
    target: goal,
    met: verdict(ratio === undefined ? undefined : strict ? ratio > min : ratio >= min),
  };
}
