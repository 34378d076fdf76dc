// Scenario 2: peak JS heap above idle while our engine uploads a large file, against the bytes
// it may hold by design (concurrency × partSize). Sampled from the driver through CDP
// (Runtime.getHeapUsage, main thread) every ~50 ms, so a busy page cannot skip samples.
import { oursMissing, withTab, type Context } from '../lib/context';
import { type Row, unavailable, verdict } from '../lib/table';
import { formatBytes, GiB, median, MiB, reason, sleep } from '../lib/util';

const SAMPLE_MS = 50;
/** Pinned (the engine may otherwise grow to its ceiling) so "concurrency" has one meaning here. */
const CONCURRENCY = 4;
const LIMIT = 4;

export async function runMemory(context: Context): Promise<Row[]> {
  const size = context.quick ? 128 * MiB : 2 * GiB;
  const metric = `peak JS heap above idle, ${formatBytes(size)} upload`;
  const target = `< ${LIMIT}× c×partSize`;
  let emulator;
  try {
    emulator = await context.emulator();
  } catch (error) {
    return [unavailable(metric, reason(error), target)];
  }
  const { target: smh } = emulator;
  const name = `bench-${context.runId}-memory.bin`;
  return withTab(context, async (tab) => {
    const missing = await oursMissing(tab, ['createSmhClient', 'createUpload']);
    if (missing) return [unavailable(metric, missing, target)];
    await tab.ours('prepareFile', [size, name], 120_000);
    await tab.gc();
    await sleep(300);
    await tab.gc();
    const idleSamples: number[] = [];
    for (let i = 0; i < 10; i++) {
      idleSamples.push(await tab.heapUsed());
      await sleep(SAMPLE_MS);
    }
    const idle = median(idleSamples);

    await tab.ours('startUpload', [{ target: smh, sizeBytes: size, name, concurrency: CONCURRENCY, maxConcurrency: CONCURRENCY }], 10_000);
    const deadline = Date.now() + 60_000 + (size / (2 * MiB)) * 1000;
    let peak = idle;
    let samples = 0;
    let state = await tab.ours('uploadDone', [], 10_000);
    while (!state.done && Date.now() < deadline) {
      peak = Math.max(peak, await tab.heapUsed());
      samples++;
      await sleep(SAMPLE_MS);
      if (samples % 10 === 0) state = await tab.ours('uploadDone', [], 10_000);
    }
    if (!state.done) state = await tab.ours('uploadDone', [], 10_000);
    if (!state.done) return [unavailable(metric, 'upload did not finish in time', target)];
    if (!state.result) return [unavailable(metric, state.error ?? 'upload failed', target)];

    const bound = state.result.concurrency * state.result.partSize;
    const above = Math.max(0, peak - idle);
    const ratio = above / bound;
    context.notes.push(
      `heap: idle ${formatBytes(idle)}, peak ${formatBytes(peak)} over ${samples} samples; ` +
        `${state.result.concurrency} × ${formatBytes(state.result.partSize)} parts = ${formatBytes(bound)}; ` +
        `upload took ${(state.result.ms / 1000).toFixed(1)} s`,
    );
    return [
      {
        metric,
        ours: formatBytes(above),
        baseline: `${formatBytes(bound)} (c×partSize)`,
        ratio: `${ratio.toFixed(2)}×`,
        target,
        met: verdict(ratio < LIMIT),
      },
    ];
  });
}
