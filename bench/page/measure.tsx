// Render cost of one status update: the same simulated part list and the same measurement for
// PartMap and for the naive baseline. Each bundle compiles its own copy of this file against
// the same React build (react-dom/client is aliased to react-dom/profiling, see bench/lib/page.ts).
import { Profiler, useState, type ComponentType } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { PartSnapshot } from '../../src/core/types';
import type { RenderArgs, RenderTiming } from './protocol';
import { nextFrame, simulatedParts } from './shared';

const WARMUP = 5;

export type PartsView = ComponentType<{ parts: readonly PartSnapshot[] }>;

export async function measureRenders(View: PartsView, args: RenderArgs): Promise<RenderTiming> {
  const container = document.createElement('div');
  document.body.append(container);
  const sim = simulatedParts(args.parts, args.changesPerUpdate);
  let setParts: ((parts: readonly PartSnapshot[]) => void) | undefined;
  let actual = -1;
  function Host() {
    const [parts, set] = useState<readonly PartSnapshot[]>(sim.initial);
    setParts = set;
    return (
      <Profiler id="bench" onRender={(_id, _phase, actualDuration) => { actual = actualDuration; }}>
        <View parts={parts} />
      </Profiler>
    );
  }
  const root = createRoot(container);
  const timing: RenderTiming = { wallMs: [], actualMs: [], domNodes: 0 };
  try {
    flushSync(() => root.render(<Host />));
    await nextFrame();
    for (let i = 0; i < WARMUP + args.updates; i++) {
      const next = sim.step();
      actual = -1;
      const started = performance.now();
      flushSync(() => setParts?.(next));
      // Reading layout makes the browser do the style and layout work this update caused.
      void container.offsetHeight;
      const wall = performance.now() - started;
      if (i >= WARMUP) {
        timing.wallMs.push(wall);
        if (actual >= 0) timing.actualMs.push(actual);
      }
      await nextFrame();
    }
    timing.domNodes = container.getElementsByTagName('*').length;
  } finally {
    root.unmount();
    container.remove();
  }
  return timing;
}
