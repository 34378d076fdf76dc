// Page-side helpers for the many-files, link and main-thread rows, used by both bundles (nothing
// from src/): the files of a batch, the raw-fetch batch upload, a long-task observer, generated
// photos, and a summary of the requests a run made (Resource Timing).
import type { LongTaskStats, ManyResult, ManySpec, Target } from './protocol';
import { confirmUpload, makeFile, smhFileUrl } from './shared';

/** The files of a batch: `${prefix}-${index}.bin`, fresh random bytes each (no instant upload). */
export const makeFiles = (spec: ManySpec): File[] =>
  spec.sizes.map((size, index) => makeFile(size, `${spec.prefix}-${String(index).padStart(4, '0')}.bin`));

export const totalBytes = (files: readonly Blob[]) => files.reduce((sum, file) => sum + file.size, 0);

/**
 * The practical limit for many files: `concurrency` workers, each begins a simple upload, PUTs
 * the whole file and goes on to the next one while its confirm is still on the wire.
 */
export async function rawManyUpload(target: Target, files: readonly File[], concurrency: number): Promise<ManyResult> {
  const protocol = new URL(target.cosUrl).protocol;
  const confirms: Promise<void>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const response = await fetch(
        smhFileUrl(target, file.name, `conflict_resolution_strategy=rename&filesize=${file.size}`),
        { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ size: String(file.size) }) },
      );
      if (response.status !== 201) throw new Error(`begin: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
      const begun = (await response.json()) as { domain: string; path: string; headers: Record<string, string>; confirmKey: string };
      const put = await fetch(`${protocol}//${begun.domain}${begun.path}`, { method: 'PUT', headers: begun.headers, body: file });
      await put.arrayBuffer();
      if (!put.ok) throw new Error(`PUT ${file.name}: HTTP ${put.status}`);
      confirms.push(confirmUpload(target, begun.confirmKey));
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  await Promise.all(confirms);
  return { ms: performance.now() - started, bytes: totalBytes(files), files: files.length };
}

// ── what a run sent ─────────────────────────────────────────────────────────────────────────

/** Forget earlier entries (call before a run); the buffer holds a 300-file run's requests. */
export function resetRequestLog(): void {
  performance.setResourceTimingBufferSize(100_000);
  performance.clearResourceTimings();
}

/**
 * The requests of the run since `resetRequestLog`, by kind, with their median duration (from
 * start to last reply byte, preflight included): where the time between the bytes went.
 */
const median = (values: number[]) => values.toSorted((a, b) => a - b)[values.length >> 1] ?? 0;

export function requestSummary(target: Target, cosHost: string): string {
  const smhHost = new URL(target.url).host;
  const kinds = new Map<string, number[]>();
  for (const entry of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
    if (entry.name.startsWith('data:')) continue;
    const url = new URL(entry.name);
    let kind: string;
    if (url.host === cosHost) kind = url.searchParams.has('partNumber') ? 'COS part PUT' : 'COS whole-file PUT';
    else if (url.host === smhHost) {
      const q = url.searchParams;
      kind = q.has('confirm') ? 'confirm' : q.has('multipart') ? 'begin multipart' : q.has('upload') ? 'status/cancel' : 'begin/other SMH';
    } else continue;
    kinds.set(kind, [...(kinds.get(kind) ?? []), entry.duration]);
  }
  return [...kinds]
    .map(([kind, durations]) => `${kind} ${durations.length}× (median ${median(durations).toFixed(0)} ms)`)
    .join(', ');
}

// ── main-thread cost ───────────────────────────────────────────────────────────────────────

/** Collects long tasks (over 50 ms) from now until the returned stop(). */
export function observeLongTasks(): () => LongTaskStats {
  const durations: number[] = [];
  const started = performance.now();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.startTime >= started) durations.push(entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: true });
  return () => {
    for (const entry of observer.takeRecords()) if (entry.startTime >= started) durations.push(entry.duration);
    observer.disconnect();
    return {
      count: durations.length,
      totalBlockingMs: durations.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
      longestMs: durations.reduce((max, d) => Math.max(max, d), 0),
      windowMs: performance.now() - started,
    };
  };
}

/**
 * `count` photo-like images (JPEG and PNG alternately, 1200×900), drawn and encoded on an
 * OffscreenCanvas before any measurement starts: what a preview has to decode and shrink.
 */
export async function makePhotos(count: number, prefix: string): Promise<File[]> {
  const canvas = new OffscreenCanvas(1200, 900);
  const context = canvas.getContext('2d')!;
  const photos: File[] = [];
  for (let i = 0; i < count; i++) {
    const gradient = context.createLinearGradient(0, 0, 1200, 900);
    gradient.addColorStop(0, `hsl(${(i * 37) % 360} 70% 50%)`);
    gradient.addColorStop(1, `hsl(${(i * 37 + 180) % 360} 60% 30%)`);
    context.fillStyle = gradient;
    context.fillRect(0, 0, 1200, 900);
    for (let j = 0; j < 40; j++) {
      context.fillStyle = `hsl(${(i * 13 + j * 29) % 360} 80% ${30 + (j % 5) * 10}%)`;
      context.fillRect((j * 97 + i * 31) % 1100, (j * 61 + i * 17) % 800, 40 + (j % 7) * 20, 30 + (j % 3) * 40);
    }
    const type = i % 2 ? 'image/png' : 'image/jpeg';
    const blob = await canvas.convertToBlob({ type, quality: 0.85 });
    photos.push(new File([blob], `${prefix}-${i}.${i % 2 ? 'png' : 'jpg'}`, { type }));
  }
  return photos;
}

/** The naive preview without a library: an `<img>` of each file's object URL, shrunk by CSS. */
export async function naiveThumbnails(photos: readonly File[]): Promise<() => void> {
  const container = document.createElement('div');
  document.body.append(container);
  const urls = photos.map((photo) => URL.createObjectURL(photo));
  const loaded = urls.map((url) => {
    const img = document.createElement('img');
    img.width = 64;
    img.height = 48;
    img.src = url;
    container.append(img);
    return img.decode().catch(() => undefined);
  });
  await Promise.all(loaded);
  return () => {
    container.remove();
    for (const url of urls) URL.revokeObjectURL(url);
  };
}
