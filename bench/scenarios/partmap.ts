// Scenario 3: the cost of one status update to a 10,000-part map, against one frame (16 ms).
// Baseline: a naive list of 10,000 <span>s fed the same updates. Both are timed the same way
// (bench/page/measure.tsx), in React's production build with Profiler timings on.
import type { RenderTiming } from '../page/protocol';
import { oursMissing, withTab, type Context } from '../lib/context';
import { type Row, unavailable, verdict } from '../lib/table';
import { median, reason } from '../lib/util';

const FRAME_MS = 16;

const describe = (name: string, t: RenderTiming | string) =>
  typeof t === 'object'
    ? `${name}: median ${median(t.wallMs).toFixed(2)} ms, max ${Math.max(...t.wallMs).toFixed(2)} ms over ${t.wallMs.length} updates; ${t.domNodes} DOM elements`
    : `${name}: n/a (${t})`;

export async function runPartMap(context: Context): Promise<Row[]> {
  const args = { parts: 10_000, updates: 30, changesPerUpdate: 8 };
  const wallMetric = 'PartMap update @10k parts (flushSync+layout)';
  const actualMetric = 'PartMap update @10k parts (Profiler actual)';
  const target = `< ${FRAME_MS} ms`;
  return withTab(context, async (tab) => {
    let baseline: RenderTiming | string;
    try {
      baseline = await tab.baseline('naiveListRender', [args], 120_000);
    } catch (error) {
      baseline = reason(error);
    }
    const missing = await oursMissing(tab, ['PartMap']);
    let ours: RenderTiming | string;
    if (missing) ours = missing;
    else {
      try {
        ours = await tab.ours('partMapRender', [args], 120_000);
      } catch (error) {
        ours = reason(error);
      }
    }
    context.notes.push(
      `render (${args.changesPerUpdate} parts change per update): ${describe('PartMap', ours)}`,
      `render: ${describe('naive 10,000 <span>s', baseline)}`,
    );

    const row = (metric: string, pick: (t: RenderTiming) => number[]): Row => {
      const b = typeof baseline === 'object' && pick(baseline).length ? median(pick(baseline)) : undefined;
      const baseCell = b === undefined ? `n/a${typeof baseline === 'string' ? ` (${baseline})` : ''}` : `${b.toFixed(2)} ms naive spans`;
      if (typeof ours !== 'object') return unavailable(metric, ours, target, baseCell);
      if (pick(ours).length === 0) return unavailable(metric, 'not reported', target, baseCell);
      const o = median(pick(ours));
      return {
        metric,
        ours: `${o.toFixed(2)} ms`,
        baseline: baseCell,
        ratio: b === undefined ? '–' : `${(o / b).toFixed(2)}×`,
        target,
        met: verdict(o < FRAME_MS),
      };
    };
    return [row(wallMetric, (t) => t.wallMs), row(actualMetric, (t) => t.actualMs)];
  });
}
