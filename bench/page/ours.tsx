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
import type { OursApi, OursUploadArgs, Target, UploadResult } from './protocol';
import { makeFile, sleep } from './shared';

/** The public names the bench drives, with the shapes docs/design.md promises. */
interface Pieces {
  createSmhClient: (options: SmhClientOptions) => SmhClient;
  createUpload: (options: UploadOptions) => UploadTask;
  PartMap: ComponentType<{ parts: readonly PartSnapshot[] }>;
  UploadStatus: ComponentType<{ confirmKey: string }>;
  SmhUploadProvider: ComponentType<{ client: SmhClient; children?: ReactNode }>;
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

function newTask(args: OursUploadArgs, file: File): UploadTask {
  const { createUpload } = need('createUpload');
  const options: UploadOptions = {
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
  return createUpload(options);
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

async function upload(args: OursUploadArgs, file: File): Promise<UploadResult> {
  const task = newTask(args, file);
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

let prepared: File | undefined;
let running: { done: boolean; result?: UploadResult; error?: string } = { done: true };

const api: OursApi = {
  missing: () =>
    (['createSmhClient', 'createUpload', 'PartMap', 'UploadStatus', 'SmhUploadProvider'] as const).filter(
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
};

window.benchOurs = api;
