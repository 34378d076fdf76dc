// Over an emulated home link: Chromium reaches SMH and COS through the fault proxy
// (test/e2e/faultProxy.ts with `link`: 40 ms added per request and per new connection, 12.5 MB/s
// of upload shared by every connection), in front of an emulator of its own that hands out the
// proxy as the COS domain. One large file and the batch of small ones, ours beside Uppy with SMH
// glue, raw parallel fetch (the practical limit) and cos-js-sdk-v5 at its defaults. The raw runs
// also check the link itself: they should take about bytes ÷ 12.5 MB/s.
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from '../../test/e2e/faultProxy';
import type { LinkOptions } from '../../test/e2e/link';
import type { ManyResult, Target, UploadResult } from '../page/protocol';
import { oursMissing, withTab, type Context } from '../lib/context';
import { startBenchEmulator, type BenchEmulator } from '../lib/emulator';
import { batchSizes, describeFigure, manyFigure, oneFigure, type Outcome, ratioRow, settle } from '../lib/rivals';
import { type Row, unavailable, verdict } from '../lib/table';
import { formatBytes, GiB, MiB, reason } from '../lib/util';

/** A 100 Mbit/s home line, 40 ms from the service. */
export const HOME_LINK: LinkOptions = { latencyMs: 40, bytesPerSecond: 12_500_000 };

/** Raw fetch workers for the batch: Chromium's six connections per host. */
const RAW_FILES_IN_FLIGHT = 6;

/** What the proxy saw of one run: requests by kind. */
function proxyCounts(log: readonly ProxiedRequest[]): string {
  const counts = new Map<string, number>();
  for (const entry of log) {
    const kind =
      entry.method === 'OPTIONS'
        ? 'preflight'
        : entry.origin === 'cos'
          ? `COS ${entry.method}`
          : 'confirm' in entry.query
            ? 'SMH confirm'
            : `SMH ${entry.method}`;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, n]) => `${kind} ${n}`).join(', ');
}

/** 12.5 MB/s at best; allow a third of that plus a minute. */
const timeout = (bytes: number) => 60_000 + (bytes / 4_000_000) * 1000;
const rejected = (why: string) => Promise.reject(new Error(why));

export async function runLink(context: Context): Promise<Row[]> {
  const size = context.quick ? 32 * MiB : GiB;
  const count = context.quick ? 30 : 300;
  const label = formatBytes(size);
  const metrics = {
    check: `home link check: raw fetch ${label} vs 12.5 MB/s`,
    oneUppy: `link ${label}: ours / Uppy+SMH glue`,
    oneRaw: `link ${label}: ours / raw fetch`,
    oneCos: `link ${label}: ours / COS SDK defaults`,
    manyUppy: `link ${count} files: ours / Uppy+SMH glue`,
    manyRaw: `link ${count} files: ours / raw fetch`,
    manyCos: `link ${count} files: ours / COS SDK defaults`,
  };
  const targets: Record<keyof typeof metrics, string> = {
    check: '0.90–1.00×',
    oneUppy: '> 1.00×',
    oneRaw: '≥ 0.90×',
    oneCos: '> 1.00×',
    manyUppy: '> 1.00×',
    manyRaw: '≥ 0.90×',
    manyCos: '> 1.00×',
  };
  const allUnavailable = (why: string) =>
    (Object.keys(metrics) as (keyof typeof metrics)[]).map((key) => unavailable(metrics[key], why, targets[key]));

  // The proxy first (its COS address goes into the emulator's begin replies), then the emulator.
  let emulator: BenchEmulator | undefined;
  let upstream: { smh: string; cos: string } | undefined;
  let proxy: FaultProxy;
  try {
    proxy = await startFaultProxy({
      upstream: { smh: () => upstream?.smh, cos: () => upstream?.cos },
      link: HOME_LINK,
      maxRequests: 1_000_000,
      lifetimeMs: 90 * 60_000,
    });
  } catch (error) {
    return allUnavailable(reason(error));
  }
  try {
    try {
      emulator = await startBenchEmulator({ publicCosDomain: proxy.cosHost });
    } catch (error) {
      return allUnavailable(reason(error));
    }
    upstream = { smh: emulator.target.url, cos: emulator.target.cosUrl };
    const target: Target = { ...emulator.target, url: proxy.smhUrl, cosUrl: proxy.cosUrl };
    const cos = { ...emulator.cosSdk, cosUrl: proxy.cosUrl };
    const cosHost = proxy.cosHost;
    const sizes = batchSizes(count);
    const batchBytes = sizes.reduce((a, b) => a + b, 0);
    const id = (kind: string) => `bench-${context.runId}-link-${kind}`;

    return await withTab(context, async (tab) => {
      const missing = await oursMissing(tab, ['createSmhClient', 'createUpload', 'createUploadQueue']);
      /** Runs one uploader with a fresh proxy log; notes what went over the link. */
      const measured = async <T extends UploadResult | ManyResult>(title: string, run: () => Promise<T>): Promise<Outcome<T>> => {
        proxy.reset();
        const outcome = await settle(run);
        const link = proxy.linkStats()!;
        const bytes = link.bodyBytes;
        const busyMs = (link.lastByteAt ?? 0) - (link.firstByteAt ?? 0);
        context.notes.push(
          `link, ${title}: ${typeof outcome === 'string' ? `failed (${outcome})` : describeFigure('files' in outcome && outcome.files > 1 ? manyFigure(outcome) : oneFigure(outcome))}; ` +
            `proxy: ${proxyCounts(proxy.log())}; ${(bytes / 1e6).toFixed(1)} MB of bodies` +
            (busyMs > 0 ? ` (link booked to ${((bytes / busyMs) * 1000 / 1e6).toFixed(2)} MB/s from the first byte to the last)` : '') +
            (typeof outcome === 'object' && 'requests' in outcome && outcome.requests ? `; page: ${outcome.requests}` : ''),
        );
        await tab.gc().catch(() => undefined);
        return outcome;
      };

      // Ours first, to learn its part size and parts in flight; the raw run copies them.
      const oursOne = await measured(`ours ${label}`, () =>
        missing ? rejected(missing) : tab.ours('upload', [{ target, sizeBytes: size, name: `${id('ours-one')}.bin` }], timeout(size)),
      );
      const partSize = typeof oursOne === 'object' ? oursOne.partSize : 8 * MiB;
      const inFlight = typeof oursOne === 'object' ? (oursOne.peakInFlight ?? oursOne.concurrency) : 4;
      const rawOne = await measured(`raw fetch ${label} (${formatBytes(partSize)} × ${inFlight})`, () =>
        tab.baseline('rawUpload', [{ target, sizeBytes: size, partSize, concurrency: inFlight, name: `${id('raw-one')}.bin` }], timeout(size)),
      );
      const uppyOne = await measured(`Uppy ${label}`, () =>
        tab.baseline('uppyMany', [{ target, cosHost, files: { sizes: [size], prefix: id('uppy-one') } }], timeout(size)),
      );
      const cosOne = await measured(`cos-js-sdk-v5 ${label}`, () =>
        tab.baseline('cosUpload', [{ cos, sizeBytes: size, name: `${id('cos-one')}.bin` }], timeout(size)),
      );
      const many = { target, cosHost };
      const oursMany = await measured(`ours ${count} files`, () =>
        missing ? rejected(missing) : tab.ours('uploadMany', [{ ...many, files: { sizes, prefix: id('ours-many') } }], timeout(batchBytes)),
      );
      const rawMany = await measured(`raw fetch ${count} files (${RAW_FILES_IN_FLIGHT} in flight)`, () =>
        tab.baseline('rawMany', [{ ...many, files: { sizes, prefix: id('raw-many') }, concurrency: RAW_FILES_IN_FLIGHT }], timeout(batchBytes)),
      );
      const uppyMany = await measured(`Uppy ${count} files`, () =>
        tab.baseline('uppyMany', [{ ...many, files: { sizes, prefix: id('uppy-many') } }], timeout(batchBytes)),
      );
      const cosMany = await measured(`cos-js-sdk-v5 ${count} files`, () =>
        tab.baseline('cosMany', [{ cos, files: { sizes, prefix: id('cos-many') } }], timeout(batchBytes)),
      );

      // The link itself: the raw upload cannot beat the cap, and should come close to it.
      const capMiBs = HOME_LINK.bytesPerSecond / MiB;
      const check: Row =
        typeof rawOne === 'string'
          ? unavailable(metrics.check, rawOne, targets.check)
          : (() => {
              const ratio = oneFigure(rawOne).value / capMiBs;
              return {
                metric: metrics.check,
                ours: describeFigure(oneFigure(rawOne)),
                baseline: `${capMiBs.toFixed(1)} MiB/s (${formatBytes(size)} in ${(size / HOME_LINK.bytesPerSecond).toFixed(1)} s)`,
                ratio: `${ratio.toFixed(2)}×`,
                target: targets.check,
                met: verdict(ratio >= 0.9 && ratio <= 1.0),
              };
            })();
      return [
        check,
        ratioRow(metrics.oneUppy, oursOne, oneFigure, uppyOne, oneFigure, 'Uppy', 1, true),
        ratioRow(metrics.oneRaw, oursOne, oneFigure, rawOne, oneFigure, `fetch (${formatBytes(partSize)} × ${inFlight})`, 0.9, false),
        ratioRow(metrics.oneCos, oursOne, oneFigure, cosOne, oneFigure, 'COS SDK', 1, true),
        ratioRow(metrics.manyUppy, oursMany, manyFigure, uppyMany, manyFigure, 'Uppy', 1, true),
        ratioRow(metrics.manyRaw, oursMany, manyFigure, rawMany, manyFigure, `fetch (${RAW_FILES_IN_FLIGHT} files)`, 0.9, false),
        ratioRow(metrics.manyCos, oursMany, manyFigure, cosMany, manyFigure, 'COS SDK', 1, true),
      ];
    });
  } finally {
    await emulator?.close();
    await proxy.close();
  }
}
