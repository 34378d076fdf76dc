// The contract between the Node driver (bench/run.ts) and the bench page. Both sides import
// these types; only plain JSON crosses page.evaluate.

/** Where the page finds the emulator. The token is an emulator dev token, never a real one. */
export interface Target {
  url: string;
  cosUrl: string;
  libraryId: string;
  accessToken: string;
}

/** The emulator's COS-side credentials for Tencent's own SDK. */
export interface CosSdkTarget {
  cosUrl: string;
  secretId: string;
  secretKey: string;
  bucket: string;
  region: string;
}

export interface UploadResult {
  ms: number;
  bytes: number;
  partSize: number;
  /** Parts allowed in flight (as configured; our engine starts there and may grow to its ceiling). */
  concurrency: number;
  /** Most parts seen in flight at once, when the uploader reports it (ours, from its snapshots). */
  peakInFlight?: number;
  parts: number;
  confirmKey?: string;
}

export interface RawUploadArgs {
  target: Target;
  sizeBytes: number;
  partSize: number;
  concurrency: number;
  name: string;
}

export interface CosUploadArgs {
  cos: CosSdkTarget;
  sizeBytes: number;
  name: string;
  /** Leave out to use the SDK's defaults (ChunkParallelLimit 3, ChunkSize 1 MiB grown to fit 10000 parts). */
  partSize?: number;
  concurrency?: number;
}

export interface OursUploadArgs {
  target: Target;
  sizeBytes: number;
  name: string;
  partSize?: number;
  concurrency?: number;
  maxConcurrency?: number;
}

export interface RenderTiming {
  /** performance.now() around flushSync plus a forced layout read, one value per update. */
  wallMs: number[];
  /** React Profiler actualDuration per update (profiling build), or empty when not reported. */
  actualMs: number[];
  /** DOM elements under the measured root after the last update. */
  domNodes: number;
}

export interface RenderArgs {
  parts: number;
  updates: number;
  /** Parts changed per update. */
  changesPerUpdate: number;
}

/** Status-polling scenario: one running upload watched by the component under test. */
export interface WatchArgs {
  target: Target;
  sizeBytes: number;
  name: string;
  /** The component stops being counted once the status reply says confirmed, or after this long. */
  settleTimeoutMs: number;
}

export interface WatchResult {
  confirmKey: string;
  uploadMs: number;
  /** ms from confirm until the watcher saw `confirmed: true` (-1 if it never did in time). */
  sawConfirmedAfterMs: number;
}

export interface IdleWatchArgs {
  target: Target;
  confirmKey: string;
  windowMs: number;
}

/** A batch of files: `${prefix}-${index}.bin`, one per size. */
export interface ManySpec {
  sizes: number[];
  prefix: string;
}

export interface ManyResult {
  ms: number;
  bytes: number;
  files: number;
  /** The requests the run made by kind, with median durations (Resource Timing), when asked for. */
  requests?: string;
}

export interface ManyArgs {
  target: Target;
  files: ManySpec;
  /** The COS host the run's part PUTs go to (`host:port`), to sort requests by kind. */
  cosHost: string;
}

export interface LongTaskStats {
  count: number;
  /** Σ (duration − 50 ms) over the long tasks. */
  totalBlockingMs: number;
  longestMs: number;
  /** How long the observer watched. */
  windowMs: number;
}

export interface MainThreadArgs extends OursUploadArgs {
  /** Thumbnails to make while the upload runs (0: none). */
  thumbnails: number;
}

export interface MainThreadResult {
  upload: UploadResult;
  longTasks: LongTaskStats;
  /** How the thumbnails were made (ours: which export), or why not. */
  thumbnails?: string;
}

/** What the baseline bundle (no import from src/) puts on `window.benchBaseline`. */
export interface BaselineApi {
  rawUpload(args: RawUploadArgs): Promise<UploadResult>;
  cosUpload(args: CosUploadArgs): Promise<UploadResult>;
  naiveListRender(args: RenderArgs): Promise<RenderTiming>;
  /** Begins a multipart task over raw HTTP and sends nothing: a task that stays unconfirmed. */
  beginIdleTask(target: Target, name: string, sizeBytes: number): Promise<string>;
  /** A fixed 1 s poll of the status endpoint until `confirmed`, alongside a raw upload. */
  fixedPollUpload(args: WatchArgs & { partSize: number; concurrency: number }): Promise<WatchResult & { polls: number }>;
  /** A fixed 1 s poll of an idle task for `windowMs`; resolves with the requests sent. */
  fixedPollFor(args: IdleWatchArgs): Promise<number>;
  /** Makes the document report `hidden` (or `visible`) and dispatches `visibilitychange`. */
  setHidden(hidden: boolean): void;
  /** Raw fetch: `concurrency` workers, each begin → PUT → next file (its confirm in the background). */
  rawMany(args: ManyArgs & { concurrency: number }): Promise<ManyResult>;
  /** @uppy/core + @uppy/aws-s3 at their defaults, with the SMH glue (bench/page/uppyGlue.ts). */
  uppyMany(args: ManyArgs): Promise<ManyResult>;
  /** cos-js-sdk-v5 `uploadFiles` at its defaults (simple PUT up to 1 MB, slices above). */
  cosMany(args: { cos: CosSdkTarget; files: ManySpec }): Promise<ManyResult>;
  /** A raw multipart upload (as rawUpload) watched for long tasks, with naive `<img>` thumbnails alongside. */
  rawMainThread(args: RawUploadArgs & { thumbnails: number }): Promise<MainThreadResult>;
}

/** What our bundle (imports src/index.ts) puts on `window.benchOurs`; `missing` names what is not built yet. */
export interface OursApi {
  missing(): string[];
  upload(args: OursUploadArgs): Promise<UploadResult>;
  /** Makes the file `startUpload` will send, so the heap can be measured idle with it in place. */
  prepareFile(sizeBytes: number, name: string): void;
  /** Starts an upload of the prepared file without waiting; poll `uploadDone()`. */
  startUpload(args: OursUploadArgs): void;
  uploadDone(): { done: boolean; result?: UploadResult; error?: string };
  partMapRender(args: RenderArgs): Promise<RenderTiming>;
  watchUpload(args: WatchArgs): Promise<WatchResult>;
  /** Mounts <UploadStatus confirmKey> for an idle task and waits for its first reply. */
  watchIdle(args: IdleWatchArgs): Promise<void>;
  unmountAll(): void;
  /** The batch through `createUploadQueue` at its defaults. */
  uploadMany(args: ManyArgs): Promise<ManyResult>;
  /** An upload with `crc64` and `integrityCheck` on, watched for long tasks, with our thumbnails alongside. */
  mainThread(args: MainThreadArgs): Promise<MainThreadResult>;
  /** The preview export the thumbnail rows use, or undefined when none is built yet. */
  previewExport(): string | undefined;
  /** Drops a built folder tree on UploadDropzone and times it to the first part PUT (scenario folderRead). */
  folderRead(args: FolderReadArgs): Promise<FolderReadResult>;
}

export interface FolderReadArgs {
  target: Target;
  /** Files in the tree (spread over nested folders). */
  files: number;
  /** `ours`: the drop zone's reader; `naive`: read the whole tree, then add everything. */
  reader: 'ours' | 'naive';
  name: string;
}

export interface FolderReadResult {
  /** Drop event → the first part PUT sent to COS. */
  firstPutMs: number;
  /** Drop event → every file handed to the queue. */
  readMs: number;
  /** The longest main-thread task (PerformanceObserver 'longtask') from the drop to the end of the read; 0 when none over 50 ms. */
  longestTaskMs: number;
  longTasks: number;
}

declare global {
  interface Window {
    benchBaseline?: BaselineApi;
    benchOurs?: OursApi;
    benchOursError?: string;
  }
}
