// Scenario 1: MiB/s of one upload to the emulator on loopback: ours (createUpload) against
// raw parallel fetch PUTs of the same parts (the practical limit) and against Tencent's
// cos-js-sdk-v5 sliceUploadFile to the emulator's COS side.
import type { UploadResult } from '../page/protocol';
import { oursMissing, withTab, type Context } from '../lib/context';
import { type Row, unavailable, verdict } from '../lib/table';
import { formatBytes, GiB, MiB, mibPerSecond, reason } from '../lib/util';

/** Part size for the baselines when our engine could not tell us its plan. */
const FALLBACK_PART_SIZE = 8 * MiB;

/** A measurement, or why there is none. */
type Outcome = UploadResult | string;

async function settle<T>(run: () => Promise<T>): Promise<T | string> {
  try {
    return await run();
  } catch (error) {
    return reason(error);
  }
}

const speed = (r: Outcome) => (typeof r === 'object' ? mibPerSecond(r.bytes, r.ms) : undefined);

const inFlight = (r: UploadResult) => r.peakInFlight ?? r.concurrency;

const describe = (r: Outcome) =>
  typeof r === 'object'
    ? `${speed(r)!.toFixed(1)} MiB/s (${formatBytes(r.partSize)} parts, ${r.peakInFlight === undefined ? `${r.concurrency}` : `up to ${r.peakInFlight}`} in flight, ${r.parts} parts, ${(r.ms / 1000).toFixed(1)} s)`
    : `n/a (${r})`;

const shape = (r: Outcome) => (typeof r === 'object' ? `(${formatBytes(r.partSize)} × ${inFlight(r)})` : '');

export async function runThroughput(context: Context): Promise<Row[]> {
  const size = context.quick ? 64 * MiB : GiB;
  const label = formatBytes(size);
  const metrics = {
    vsFetch: `throughput ${label}: ours / raw fetch`,
    vsCos: `throughput ${label}: ours / COS SDK defaults`,
    vsCosMatched: `throughput ${label}: ours / COS SDK matched`,
  };
  let emulator;
  try {
    emulator = await context.emulator();
  } catch (error) {
    const why = reason(error);
    return [
      unavailable(metrics.vsFetch, why, '≥ 0.90×'),
      unavailable(metrics.vsCos, why, '> 1.00×'),
      unavailable(metrics.vsCosMatched, why, '> 1.00×'),
    ];
  }
  const { target, cosSdk } = emulator;
  // Generous: 60 s plus 2 MiB/s, far below anything loopback should do.
  const timeout = 60_000 + (size / (2 * MiB)) * 1000;
  const name = (kind: string) => `bench-${context.runId}-${kind}.bin`;

  return withTab(context, async (tab) => {
    // Warm the connections, the emulator's code paths and the disk before anything counts.
    await settle(() =>
      tab.baseline('rawUpload', [{ target, sizeBytes: 16 * MiB, partSize: 4 * MiB, concurrency: 4, name: name('warmup') }], 60_000),
    );

    const missing = await oursMissing(tab, ['createSmhClient', 'createUpload']);
    const ours: Outcome =
      missing ?? (await settle(() => tab.ours('upload', [{ target, sizeBytes: size, name: name('ours') }], timeout)));
    const partSize = typeof ours === 'object' ? ours.partSize : FALLBACK_PART_SIZE;
    // N for the raw and matched runs: as many parts in flight as ours reached.
    const concurrency = typeof ours === 'object' ? inFlight(ours) : 4;

    const raw = (n: number) =>
      settle(() => tab.baseline('rawUpload', [{ target, sizeBytes: size, partSize, concurrency: n, name: name(`fetch${n}`) }], timeout));
    const rawAtOurs = await raw(concurrency);
    const rawAt8 = concurrency === 8 ? rawAtOurs : await raw(8);
    const cosDefault = await settle(() => tab.baseline('cosUpload', [{ cos: cosSdk, sizeBytes: size, name: name('cos') }], timeout));
    const cosMatched = await settle(() =>
      tab.baseline('cosUpload', [{ cos: cosSdk, sizeBytes: size, name: name('cos-matched'), partSize, concurrency }], timeout),
    );

    context.notes.push(
      `throughput ${label}: ours ${describe(ours)}`,
      `throughput ${label}: raw fetch N=${concurrency} ${describe(rawAtOurs)}`,
      ...(rawAt8 !== rawAtOurs ? [`throughput ${label}: raw fetch N=8 ${describe(rawAt8)}`] : []),
      `throughput ${label}: cos-js-sdk-v5 defaults ${describe(cosDefault)}`,
      `throughput ${label}: cos-js-sdk-v5 matched ${describe(cosMatched)}`,
    );
    if (typeof ours !== 'object') {
      context.notes.push(`throughput: baselines used a ${formatBytes(FALLBACK_PART_SIZE)} part size (ours did not run).`);
    }

    // The practical limit is the faster of the two raw runs.
    const rawBest = [rawAtOurs, rawAt8].reduce<Outcome>(
      (best, r) => (typeof r === 'object' && (typeof best !== 'object' || speed(r)! > speed(best)!) ? r : best),
      rawAtOurs,
    );
    const row = (metric: string, base: Outcome, baseName: string, min: number, strict: boolean): Row => {
      const o = speed(ours);
      const b = speed(base);
      const baseline = b === undefined ? `n/a (${base as string})` : `${b.toFixed(1)} MiB/s ${baseName}`;
      const goal = strict ? `> ${min.toFixed(2)}×` : `≥ ${min.toFixed(2)}×`;
      if (o === undefined) return unavailable(metric, ours as string, goal, baseline);
      const ratio = b === undefined ? undefined : o / b;
      return {
        metric,
        ours: `${o.toFixed(1)} MiB/s`,
        baseline,
        ratio: ratio === undefined ? '–' : `${ratio.toFixed(2)}×`,
        target: goal,
        met: verdict(ratio === undefined ? undefined : strict ? ratio > min : ratio >= min),
      };
    };
    return [
      row(metrics.vsFetch, rawBest, `fetch ${shape(rawBest)}`, 0.9, false),
      row(metrics.vsCos, cosDefault, shape(cosDefault), 1, true),
      row(metrics.vsCosMatched, cosMatched, shape(cosMatched), 1, true),
    ];
  });
}
