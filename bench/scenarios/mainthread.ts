// Main-thread cost: long tasks (over 50 ms) and total blocking time while a large file uploads
// with `crc64` and `integrityCheck` on (CRC-64 and MD5 of every part), against a raw-fetch upload
// of the same parts; then the same while 300 thumbnails are made (ours through the preview export,
// the baseline as plain `<img>` of object URLs). Observed in the page with
// PerformanceObserver({ type: 'longtask', buffered: true }).
import type { MainThreadResult } from '../page/protocol';
import { oursMissing, withTab, type Context } from '../lib/context';
import { type Outcome, settle } from '../lib/rivals';
import { type Row, unavailable, verdict } from '../lib/table';
import { formatBytes, GiB, MiB, reason } from '../lib/util';

const countCell = (r: MainThreadResult) => String(r.longTasks.count);
const tbtCell = (r: MainThreadResult) => `${r.longTasks.totalBlockingMs.toFixed(0)} ms`;
const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : '–');

export async function runMainThread(context: Context): Promise<Row[]> {
  const size = context.quick ? 64 * MiB : GiB;
  const thumbnails = context.quick ? 30 : 300;
  const label = `${formatBytes(size)} crc64+integrityCheck`;
  const metric = (what: string, withThumbs: boolean) => `main thread ${label}${withThumbs ? ` + ${thumbnails} thumbnails` : ''}: ${what}`;
  const rowsFor = (withThumbs: boolean) => ({ count: metric('long tasks > 50 ms', withThumbs), tbt: metric('total blocking time', withThumbs) });
  let emulator;
  try {
    emulator = await context.emulator();
  } catch (error) {
    const why = reason(error);
    return [false, true].flatMap((t) => [unavailable(rowsFor(t).count, why, '0'), unavailable(rowsFor(t).tbt, why, '–')]);
  }
  const { target } = emulator;
  const timeout = 180_000 + (size / (2 * MiB)) * 1000;
  const name = (kind: string) => `bench-${context.runId}-main-${kind}.bin`;

  return withTab(context, async (tab) => {
    const missing = await oursMissing(tab, ['createSmhClient', 'createUpload']);
    const preview = await tab.ours('previewExport', [], 10_000).catch(() => undefined);
    const rows: Row[] = [];
    let partSize = 8 * MiB;
    let concurrency = 4;
    for (const withThumbs of [false, true]) {
      const count = withThumbs ? thumbnails : 0;
      const oursWhy = missing ?? (withThumbs && !preview ? 'not built yet: useFilePreview/FilePreview' : undefined);
      const ours: Outcome<MainThreadResult> = oursWhy
        ? oursWhy
        : await settle(() => tab.ours('mainThread', [{ target, sizeBytes: size, name: name(`ours-${count}`), thumbnails: count }], timeout));
      await tab.gc().catch(() => undefined);
      if (typeof ours === 'object') {
        partSize = ours.upload.partSize;
        concurrency = ours.upload.peakInFlight ?? ours.upload.concurrency;
      }
      const raw: Outcome<MainThreadResult> = await settle(() =>
        tab.baseline('rawMainThread', [{ target, sizeBytes: size, partSize, concurrency, name: name(`raw-${count}`), thumbnails: count }], timeout),
      );
      await tab.gc().catch(() => undefined);
      for (const [who, r] of [['ours', ours], ['raw fetch', raw]] as const) {
        if (typeof r !== 'object') continue;
        const s = r.longTasks;
        context.notes.push(
          `main thread${withThumbs ? ` + ${thumbnails} thumbnails` : ''}, ${who}: ${s.count} long tasks, TBT ${s.totalBlockingMs.toFixed(0)} ms, ` +
            `longest ${s.longestMs.toFixed(0)} ms over ${(s.windowMs / 1000).toFixed(1)} s; upload ${(r.upload.ms / 1000).toFixed(1)} s ` +
            `(${formatBytes(r.upload.partSize)} × ${r.upload.peakInFlight ?? r.upload.concurrency})${r.thumbnails ? `; thumbnails: ${r.thumbnails}` : ''}`,
        );
      }
      const names = rowsFor(withThumbs);
      const baseCell = (pick: (r: MainThreadResult) => string) => (typeof raw === 'object' ? `${pick(raw)} (raw fetch)` : `n/a (${raw})`);
      if (typeof ours === 'string') {
        rows.push(unavailable(names.count, ours, '0', baseCell(countCell)), unavailable(names.tbt, ours, '–', baseCell(tbtCell)));
        continue;
      }
      const base = typeof raw === 'object' ? raw.longTasks : undefined;
      rows.push(
        {
          metric: names.count,
          ours: `${countCell(ours)} (longest ${ours.longTasks.longestMs.toFixed(0)} ms)`,
          baseline: baseCell(countCell),
          ratio: ratio(ours.longTasks.count, base?.count),
          target: '0',
          met: verdict(ours.longTasks.count === 0),
        },
        {
          metric: names.tbt,
          ours: tbtCell(ours),
          baseline: baseCell(tbtCell),
          ratio: ratio(ours.longTasks.totalBlockingMs, base?.totalBlockingMs),
          target: '–',
          met: 'n/a',
        },
      );
    }
    return rows;
  });
}
