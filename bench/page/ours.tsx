// Our library in the page, imported from source (src/index.ts, no build step). Each piece is
// looked up by name at run time so the bench still runs, and says "not built yet", while other
// parts of the library are in progress.
import type { ComponentType, ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import * as library from '../../src/index';
import type { SmhClient, SmhClientOptions } from '../../src/api/types';
import type { PartSnapshot, UploadOptions, UploadSnapshot, UploadTask } from '../../src/core/types';
import { folderRead } from './folderRead';
import { measureRenders } from './measure';
import type { ManyResult, OursApi, OursUploadArgs, Target, UploadResult } from './protocol';
import { makeFile, sleep } from './shared';
import { makeFiles, makePhotos, observeLongTasks, requestSummary, resetRequestLog, totalBytes } from './batch';

/** The public names the bench drives, with the shapes docs/design.md promises. */
interface Pieces {
  createSmhClient: (options: SmhClientOptions) => SmhClient;
  createUpload: (options: UploadOptions) => UploadTask;
  PartMap: ComponentType<{ parts: readonly PartSnapshot[] }>;
  UploadStatus: ComponentType<{ confirmKey: string }>;
  SmhUploadProvider: ComponentType<{ client: SmhClient; children?: ReactNode }>;
  createUploadQueue: () => { add(options: UploadOptions): UploadTask };
  /** The previews (issue 11): a component or a hook taking the file; looked up by these likely names. */
  FilePreview: ComponentType<{ file: File | Blob }>;
  useFilePreview: (file: File | Blob) => unknown;
}

const pieces = library as unknown as Partial<Pieces>;

function need<K extends keyof Pieces>(...names: K[]): Pick<Pieces, K> {
  const absent = names.filter((name) => typeof pieces[name] === 'undefined');
  if (absent.length > 0) throw new Error(`not built yet: ${absent.join(', ')}`);
  return pieces as Pick<Pieces, K>;
}

/** The engine's default starting concurrency (docs/design.md; UploadOptions.concurrency). */
const DEFAULT_CONCURRENCY = 4;

function client(target: Target): SmhClient {
  const { createSmhClient } = need('createSmhClient');
  return createSmhClient({ baseUrl: target.url, libraryId: target.libraryId, accessToken: target.accessToken });
}

function newTask(args: OursUploadArgs, file: File, extra: Partial<UploadOptions> = {}): UploadTask {
  const { createUpload } = need('createUpload');
  return createUpload(taskOptions(args, file, extra));
}

function taskOptions(args: Omit<OursUploadArgs, 'sizeBytes'>, file: File, extra: Partial<UploadOptions> = {}): UploadOptions {
  const options: UploadOptions = {
    ...extra,
    client: client(args.target),
    file,
    path: args.name,
    conflictResolutionStrategy: 'rename',
    // The emulator's COS side is plain http on 127.0.0.1.
    allowInsecureHttp: true,
    // Keep runs independent: no resume record left behind in localStorage.
    store: null,
  };
  if (args.partSize !== undefined) options.partSize = args.partSize;
  if (args.concurrency !== undefined) options.concurrency = args.concurrency;
  if (args.maxConcurrency !== undefined) options.maxConcurrency = args.maxConcurrency;
  return options;
}

function resultOf(snapshot: UploadSnapshot, ms: number, args: OursUploadArgs, peakInFlight?: number): UploadResult {
  if (snapshot.state !== 'done') {
    throw new Error(`upload ended ${snapshot.state}: ${snapshot.error?.message ?? 'no error given'}`);
  }
  return {
    ms,
    bytes: snapshot.totalBytes,
    partSize: snapshot.partSize,
    concurrency: args.concurrency ?? DEFAULT_CONCURRENCY,
    parts: snapshot.parts.length,
    ...(peakInFlight === undefined ? {} : { peakInFlight }),
    ...(snapshot.confirmKey ? { confirmKey: snapshot.confirmKey } : {}),
  };
}

async function upload(args: OursUploadArgs, file: File, extra?: Partial<UploadOptions>): Promise<UploadResult> {
  const task = newTask(args, file, extra);
  // Snapshots reach listeners at most once a frame, so counting is cheap next to the transfer.
  let peakInFlight = 0;
  const unsubscribe = task.subscribe((snapshot) => {
    let sending = 0;
    for (const part of snapshot.parts) if (part.state === 'sending') sending++;
    peakInFlight = Math.max(peakInFlight, sending);
  });
  const started = performance.now();
  task.start();
  const snapshot = await task.settled;
  const ms = performance.now() - started;
  unsubscribe();
  return resultOf(snapshot, ms, args, peakInFlight);
}

function confirmKeyOf(task: UploadTask): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (snapshot: UploadSnapshot) => {
      if (snapshot.confirmKey) resolve(snapshot.confirmKey);
      else if (snapshot.state === 'failed' || snapshot.state === 'cancelled') {
        reject(new Error(`upload ended ${snapshot.state} before it began: ${snapshot.error?.message ?? ''}`));
      }
    };
    const unsubscribe = task.subscribe(check);
    void task.settled.then((snapshot) => {
      unsubscribe();
      check(snapshot);
    });
    check(task.getSnapshot());
  });
}

// ── mounted status watchers ─────────────────────────────────────────────────────────────

const mounted: { root: Root; container: HTMLElement; queryClient: QueryClient }[] = [];

function mountStatus(target: Target, confirmKey: string): QueryClient {
  const { UploadStatus, SmhUploadProvider } = need('UploadStatus', 'SmhUploadProvider');
  const queryClient = new QueryClient();
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  root.render(
    <QueryClientProvider client={queryClient}>
      <SmhUploadProvider client={client(target)}>
        <UploadStatus confirmKey={confirmKey} />
      </SmhUploadProvider>
    </QueryClientProvider>,
  );
  mounted.push({ root, container, queryClient });
  return queryClient;
}

/** Reads the cache passively (a second observer would poll on its own). */
function cachedStatus(queryClient: QueryClient, confirmKey: string): { confirmed?: boolean } | undefined {
  const query = queryClient
    .getQueryCache()
    .findAll()
    .find((entry) => JSON.stringify(entry.queryKey).includes(JSON.stringify(confirmKey)));
  return query?.state.data as { confirmed?: boolean } | undefined;
}

function unmountAll() {
  for (const { root, container, queryClient } of mounted.splice(0)) {
    root.unmount();
    container.remove();
    queryClient.clear();
  }
}

/** Every file through `createUploadQueue` at its defaults; resolves once all are confirmed. */
async function uploadMany(target: Target, files: readonly File[]): Promise<ManyResult> {
  const { createUploadQueue } = need('createUploadQueue');
  const queue = createUploadQueue();
  const started = performance.now();
  const tasks = files.map((file) => queue.add(taskOptions({ target, name: file.name }, file)));
  const snapshots = await Promise.all(tasks.map((task) => task.settled));
  const ms = performance.now() - started;
  const failed = snapshots.filter((snapshot) => snapshot.state !== 'done');
  if (failed.length > 0) throw new Error(`${failed.length} uploads ended ${failed[0]!.state}: ${failed[0]!.error?.message ?? ''}`);
  return { ms, bytes: totalBytes(files), files: files.length };
}

// ── thumbnails through our preview export ────────────────────────────────────────────────

/** The URL a preview hook hands back, whatever its shape (a string, or an object with one). */
function previewUrl(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    for (const key of ['url', 'src', 'thumbnailUrl', 'objectUrl']) {
      const candidate = (value as Record<string, unknown>)[key];
      if (typeof candidate === 'string') return candidate;
    }
  }
  return undefined;
}

/** The hook as exported, or a stand-in that is never rendered (HookPreview mounts only when it exists). */
const useFilePreview = pieces.useFilePreview ?? ((): unknown => undefined);

function HookPreview({ file }: { file: File }) {
  const url = previewUrl(useFilePreview(file));
  return url ? <img src={url} alt="" /> : null;
}

const previewExport = () =>
  typeof pieces.FilePreview === 'function' || typeof pieces.FilePreview === 'object'
    ? 'FilePreview'
    : typeof pieces.useFilePreview === 'function'
      ? 'useFilePreview'
      : undefined;

/** Shown thumbnails: loaded images or drawn canvases under `container`. */
const shownThumbnails = (container: HTMLElement) =>
  [...container.querySelectorAll('img')].filter((img) => img.complete && img.naturalWidth > 0).length +
  container.querySelectorAll('canvas').length;

/** Mounts one preview per photo; resolves with how many showed within `timeoutMs`, and an unmount. */
async function ourThumbnails(photos: readonly File[], timeoutMs: number): Promise<{ shown: number; unmount: () => void }> {
  const which = previewExport();
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const Preview = which === 'FilePreview' ? need('FilePreview').FilePreview : HookPreview;
  root.render(
    <>
      {photos.map((photo) => (
        <Preview key={photo.name} file={photo} />
      ))}
    </>,
  );
  const deadline = performance.now() + timeoutMs;
  while (shownThumbnails(container) < photos.length && performance.now() < deadline) await sleep(50);
  return {
    shown: shownThumbnails(container),
    unmount: () => {
      root.unmount();
      container.remove();
    },
  };
}

let prepared: File | undefined;
let running: { done: boolean; result?: UploadResult; error?: string } = { done: true };

const api: OursApi = {
  missing: () =>
    (['createSmhClient', 'createUpload', 'createUploadQueue', 'PartMap', 'UploadStatus', 'SmhUploadProvider'] as const).filter(
      (name) => typeof pieces[name] === 'undefined',
    ),
  upload: (args) => upload(args, makeFile(args.sizeBytes, args.name)),
  prepareFile(sizeBytes, name) {
    prepared = makeFile(sizeBytes, name);
  },
  startUpload(args) {
    const file = prepared?.size === args.sizeBytes ? prepared : makeFile(args.sizeBytes, args.name);
    prepared = undefined;
    running = { done: false };
    upload(args, file).then(
      (result) => { running = { done: true, result }; },
      (error: unknown) => { running = { done: true, error: String(error) }; },
    );
  },
  uploadDone: () => running,
  partMapRender(args) {
    const { PartMap } = need('PartMap');
    return measureRenders(PartMap, args);
  },
  async watchUpload(args) {
    const task = newTask(args, makeFile(args.sizeBytes, args.name));
    const keyed = confirmKeyOf(task);
    const started = performance.now();
    task.start();
    const confirmKey = await keyed;
    const queryClient = mountStatus(args.target, confirmKey);
    const snapshot = await task.settled;
    const uploadMs = performance.now() - started;
    resultOf(snapshot, uploadMs, args);
    const confirmedAt = performance.now();
    let sawConfirmedAfterMs = -1;
    while (performance.now() - confirmedAt < args.settleTimeoutMs) {
      if (cachedStatus(queryClient, confirmKey)?.confirmed === true) {
        sawConfirmedAfterMs = performance.now() - confirmedAt;
        break;
      }
      await sleep(50);
    }
    unmountAll();
    return { confirmKey, uploadMs, sawConfirmedAfterMs };
  },
  async watchIdle(args) {
    const queryClient = mountStatus(args.target, args.confirmKey);
    // Let the first fetch land before the driver starts counting.
    for (let i = 0; i < 100 && !cachedStatus(queryClient, args.confirmKey); i++) await sleep(50);
  },
  unmountAll,
  folderRead: (args) => folderRead(args, client(args.target)),
  async uploadMany(args) {
    const files = makeFiles(args.files);
    resetRequestLog();
    const result = await uploadMany(args.target, files);
    return { ...result, requests: requestSummary(args.target, args.cosHost) };
  },
  previewExport,
  async mainThread(args) {
    const which = args.thumbnails ? previewExport() : undefined;
    if (args.thumbnails && !which) throw new Error('not built yet: useFilePreview/FilePreview');
    const file = makeFile(args.sizeBytes, args.name);
    const photos = await makePhotos(args.thumbnails, `${args.name}-photo`);
    const stop = observeLongTasks();
    const sent = upload(args, file, { crc64: true, integrityCheck: true });
    const thumbnails = args.thumbnails ? ourThumbnails(photos, 120_000) : undefined;
    const result = await sent;
    const shown = await thumbnails;
    const longTasks = stop();
    shown?.unmount();
    return {
      upload: result,
      longTasks,
      ...(shown ? { thumbnails: `${shown.shown} of ${args.thumbnails} shown through ${which}` } : {}),
    };
  },
};

window.benchOurs = api;
