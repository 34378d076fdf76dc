// Against Uppy with SMH glue on loopback: one large file (MiB/s) and a batch of 300 files of
// 200 KB to 3 MB (files per second), ours at its defaults beside @uppy/core + @uppy/aws-s3 at
// theirs, the glue calling SMH's begin and confirm (bench/page/uppyGlue.ts).
import type { ManyResult, UploadResult } from '../page/protocol';
import { oursMissing, withTab, type Context } from '../lib/context';
import { batchSizes, best, describeFigure, manyFigure, oneFigure, type Outcome, ratioRow, settle } from '../lib/rivals';
import { type Row, unavailable } from '../lib/table';
import { formatBytes, GiB, MiB, reason } from '../lib/util';

/** Each uploader runs this many times; the best run counts. */
const ROUNDS = 2;

const list = <T>(outcomes: Outcome<T>[], figure: (r: T) => { value: number }) =>
  outcomes.map((r) => (typeof r === 'string' ? `failed (${r})` : figure(r).value.toFixed(1))).join(', ');

export async function runUppy(context: Context): Promise<Row[]> {
  const size = context.quick ? 64 * MiB : GiB;
  const count = context.quick ? 30 : 300;
  const metrics = {
    one: `Uppy ${formatBytes(size)}: ours / Uppy+SMH glue`,
    many: `Uppy ${count} files 200 KB–3 MB: ours / Uppy+SMH glue`,
  };
  let emulator;
  try {
    emulator = await context.emulator();
  } catch (error) {
    return [unavailable(metrics.one, reason(error), '> 1.00×'), unavailable(metrics.many, reason(error), '> 1.00×')];
  }
  const { target } = emulator;
  const cosHost = new URL(target.cosUrl).host;
  const sizes = batchSizes(count);
  const timeout = 120_000 + (size / (2 * MiB)) * 1000;
  const id = (kind: string) => `bench-${context.runId}-${kind}`;

  return withTab(context, async (tab) => {
    const missing = await oursMissing(tab, ['createSmhClient', 'createUpload', 'createUploadQueue']);
    const runs = {
      oursOne: [] as Outcome<UploadResult>[],
      uppyOne: [] as Outcome<ManyResult>[],
      oursMany: [] as Outcome<ManyResult>[],
      uppyMany: [] as Outcome<ManyResult>[],
    };
    const step = async <T>(into: Outcome<T>[], run: () => Promise<T>) => {
      into.push(await settle(run));
      await tab.gc().catch(() => undefined);
    };
    const oursOne = (round: number) =>
      step(runs.oursOne, () =>
        missing ? Promise.reject(new Error(missing)) : tab.ours('upload', [{ target, sizeBytes: size, name: `${id(`ours-one-${round}`)}.bin` }], timeout),
      );
    const uppyOne = (round: number) =>
      step(runs.uppyOne, () => tab.baseline('uppyMany', [{ target, cosHost, files: { sizes: [size], prefix: id(`uppy-one-${round}`) } }], timeout));
    const oursMany = (round: number) =>
      step(runs.oursMany, () =>
        missing
          ? Promise.reject(new Error(missing))
          : tab.ours('uploadMany', [{ target, cosHost, files: { sizes, prefix: id(`ours-many-${round}`) } }], 600_000),
      );
    const uppyMany = (round: number) =>
      step(runs.uppyMany, () => tab.baseline('uppyMany', [{ target, cosHost, files: { sizes, prefix: id(`uppy-many-${round}`) } }], 600_000));

    // Alternate the order between rounds, so drift on a shared machine favours neither side.
    for (let round = 1; round <= ROUNDS; round++) {
      const order = [oursOne, uppyOne, oursMany, uppyMany];
      for (const run of round % 2 ? order : order.toReversed()) await run(round);
    }

    const bestOf = {
      oursOne: best(runs.oursOne, oneFigure),
      uppyOne: best(runs.uppyOne, oneFigure),
      oursMany: best(runs.oursMany, manyFigure),
      uppyMany: best(runs.uppyMany, manyFigure),
    };
    context.notes.push(
      `uppy ${formatBytes(size)}: ours runs ${list(runs.oursOne, oneFigure)} MiB/s` +
        (typeof bestOf.oursOne === 'object' ? ` (${formatBytes(bestOf.oursOne.partSize)} parts, up to ${bestOf.oursOne.peakInFlight ?? bestOf.oursOne.concurrency} in flight)` : '') +
        `; Uppy runs ${list(runs.uppyOne, oneFigure)} MiB/s (${size > 100 * MiB ? `multipart, ${formatBytes(Math.max(5 * MiB, Math.ceil(size / 10_000)))} parts one after another` : 'one simple PUT: Uppy goes multipart only above 100 MiB'})`,
      `uppy ${count} files: ours runs ${list(runs.oursMany, manyFigure)} files/s; Uppy runs ${list(runs.uppyMany, manyFigure)} files/s`,
    );
    for (const [who, r] of [['ours', bestOf.oursMany], ['Uppy', bestOf.uppyMany]] as const) {
      if (typeof r === 'object') context.notes.push(`uppy ${count} files, ${who} best run ${describeFigure(manyFigure(r))}: ${r.requests ?? ''}`);
    }
    return [
      ratioRow(metrics.one, bestOf.oursOne, oneFigure, bestOf.uppyOne, oneFigure, 'Uppy', 1, true),
      ratioRow(metrics.many, bestOf.oursMany, manyFigure, bestOf.uppyMany, manyFigure, 'Uppy', 1, true),
    ];
  });
}
