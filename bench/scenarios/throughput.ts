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

type Kind = 'ours' | 'rawN' | 'raw8' | 'cos' | 'cosMatched';

/** Each uploader runs this many times at full size; the best run counts (noise only slows). */
const ROUNDS = 2;

async function settle<T>(run: () => Promise<T>): Promise<T | string> {
  try {
    return await run();
  } catch (error) {
    return reason(error);
  }
}

const speed = (r: Outcome) => (typeof r === 'object' ? mibPerSecond(r.bytes, r.ms) : undefined);

/** The faster measurement; a measurement beats a failure. */
const faster = (a: Outcome, b: Outcome): Outcome =>
  typeof b === 'object' && (typeof a !== 'object' || speed(b)! > speed(a)!) ? b : a;

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
    const runs: Record<Kind, Outcome[]> = { ours: [], rawN: [], raw8: [], cos: [], cosMatched: [] };
    let partSize = FALLBACK_PART_SIZE;
    let concurrency = 4;
    const run = async (kind: Kind, round: number) => {
      const sizeBytes = size;
      const id = name(`${kind}-${round}`);
      const outcome: Outcome = await (async () => {
        switch (kind) {
          case 'ours':
            return missing ?? settle(() => tab.ours('upload', [{ target, sizeBytes, name: id }], timeout));
          case 'rawN':
          case 'raw8': {
            const n = kind === 'raw8' ? 8 : concurrency;
            return settle(() => tab.baseline('rawUpload', [{ target, sizeBytes, partSize, concurrency: n, name: id }], timeout));
          }
          case 'cos':
            return settle(() => tab.baseline('cosUpload', [{ cos: cosSdk, sizeBytes, name: id }], timeout));
          case 'cosMatched':
            return settle(() => tab.baseline('cosUpload', [{ cos: cosSdk, sizeBytes, name: id, partSize, concurrency }], timeout));
        }
      })();
      runs[kind].push(outcome);
      // Blob data and finished requests are only released once the page collects them.
      await tab.gc().catch(() => undefined);
      return outcome;
    };

    // Round 1 starts with ours, to learn its part size and how many parts it keeps in flight;
    // the baselines then use the same. Round 2 runs in reverse order, so drift on a shared
    // machine (other work starting or stopping) does not favour one side.
    const first = await run('ours', 1);
    if (typeof first === 'object') {
      partSize = first.partSize;
      concurrency = inFlight(first);
    }
    const order: Kind[] = ['rawN', ...(concurrency === 8 ? [] : (['raw8'] as Kind[])), 'cos', 'cosMatched'];
    for (const kind of order) await run(kind, 1);
    for (let round = 2; round <= ROUNDS; round++) {
      for (const kind of order.toReversed()) await run(kind, round);
      await run('ours', round);
    }

    const best = (kind: Kind): Outcome => runs[kind].reduce<Outcome>(faster, runs[kind][0] ?? 'not run');
    const list = (kind: Kind) => runs[kind].map((r) => (typeof r === 'object' ? speed(r)!.toFixed(1) : 'failed')).join(', ');
    const titles: Record<Kind, string> = {
      ours: 'ours',
      rawN: `raw fetch N=${concurrency}`,
      raw8: 'raw fetch N=8',
      cos: 'cos-js-sdk-v5 defaults',
      cosMatched: 'cos-js-sdk-v5 matched',
    };
    for (const kind of ['ours', ...order] as Kind[]) {
      context.notes.push(`throughput ${label}: ${titles[kind]} best ${describe(best(kind))}; runs ${list(kind)} MiB/s`);
    }
    if (typeof first !== 'object') {
      context.notes.push(`throughput: baselines used a ${formatBytes(FALLBACK_PART_SIZE)} part size (ours did not run).`);
    }

    const ours = best('ours');
    // The practical limit is the faster of the raw runs.
    const rawBest = faster(best('rawN'), best('raw8'));
    const cosDefault = best('cos');
    const cosMatched = best('cosMatched');
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
