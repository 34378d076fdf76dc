// The engine's public shapes (docs/design.md "Public API"). No React and no browser global here:
// effects (transport, clock, store, randomness) come in as options with browser defaults.
import type { LockManagerLike } from './locks';
import type {
  ConfirmedFile,
  ConflictResolutionStrategy,
  SmhClient,
  SmhPath,
} from '../api/types';

export type UploadState =
  | 'idle'
  | 'hashing'
  | 'beginning'
  | 'uploading'
  | 'paused'
  | 'renewing'
  | 'confirming'
  | 'conflict'
  | 'done'
  | 'failed'
  | 'cancelled';

export type PartState = 'pending' | 'sending' | 'stored' | 'failed';

export interface PartSnapshot {
  /** 1-based COS part number. */
  readonly number: number;
  /** Byte offset of the part in the file. */
  readonly offset: number;
  readonly size: number;
  readonly state: PartState;
  /** Bytes of this part in flight right now (0 unless `sending`). */
  readonly sentBytes: number;
  /** Quoted MD5 ETag COS gave, once stored. */
  readonly etag?: string;
  /** ISO time COS stored it, when known. */
  readonly lastModified?: string;
  /** How many times this part was tried (0 before the first). */
  readonly attempts: number;
}

/**
 * An immutable picture of one upload. A new object is made on every change, and unchanged
 * parts keep their identity, so React can compare cheaply.
 */
export interface UploadSnapshot {
  /** Local id, stable for the life of the task (also across resume in the same page). */
  readonly id: string;
  readonly state: UploadState;
  /** The state the task was in before it was paused, failed, cancelled or met a conflict. */
  readonly previousState?: UploadState;
  readonly fileName: string;
  readonly confirmKey?: string;
  /** The path asked for, as segments. */
  readonly requestedPath: readonly string[];
  /** The path SMH gave (renamed on a clash with `rename`); null when a parent folder was deleted. */
  readonly finalPath?: readonly string[] | null;
  readonly conflictResolutionStrategy: ConflictResolutionStrategy;
  /** The answer given to a name clash under `ask` (`resolveConflict`), once there was one. */
  readonly conflictResolution?: 'rename' | 'overwrite';
  /** `simple` (one PUT), `multipart`, or `instant` (SMH already had the bytes); undefined until decided. */
  readonly mode?: 'simple' | 'multipart' | 'instant';
  readonly totalBytes: number;
  /** Bytes of parts COS stores. Never goes down, never exceeds totalBytes. */
  readonly storedBytes: number;
  /**
   * The same number as `storedBytes`.
   * @deprecated Use `storedBytes` (bytes COS stores; "confirm" is SMH's last step). Removed in 0.3.
   */
  readonly confirmedBytes: number;
  /** Bytes in flight now; restarts for a retried part without touching storedBytes. */
  readonly inflightBytes: number;
  /**
   * What to show as done. While parts are sent it is `storedBytes + inflightBytes` held at its
   * high-water mark, so it never goes backwards (a retried part restarts its in-flight bytes) and
   * never passes `totalBytes`. Paused, failed or cancelled it is what is kept: `storedBytes`.
   * When the whole body must go again (a simple upload re-sent, a task begun anew) it starts again
   * from what is stored.
   */
  readonly progressBytes: number;
  readonly partSize: number;
  readonly parts: readonly PartSnapshot[];
  /**
   * Smoothed; 0 when not sending, and for about the first second after sending starts or resumes
   * (those bytes only fill the OS send buffers, so they are not measured).
   */
  readonly bytesPerSecond: number;
  /** From `bytesPerSecond`; undefined while that is 0 (unknown) or the task is not sending. */
  readonly etaSeconds: number | undefined;
  /**
   * Set while a call to SMH (begin, renew, status, confirm) or a PUT to COS failed in a way worth
   * retrying (408, 429, 5xx, the network) and the task waits to try again: try `attempt` of at most
   * `of` (with parts retrying in parallel, the furthest along). Cleared once the call goes through,
   * gives up, or the task is paused.
   */
  readonly retrying?: { readonly attempt: number; readonly of: number };
  /**
   * true while a call failed with the device offline and the task waits for the network (the
   * `network` option) before trying again; no retry is spent meanwhile. After `offlineTimeoutMs`
   * the task fails `UploadError('Offline')`. Absent otherwise.
   */
  readonly waitingForNetwork?: true;
  /**
   * With `crc64`: true once a COS reply came without a readable `x-cos-hash-crc64ecma` (the bucket's
   * CORS `ExposeHeaders` leaves it out), so parts' CRC-64 are not compared; the whole file's CRC-64
   * is still checked at confirm. A `console.warn` says the same once per client.
   */
  readonly crc64Unchecked?: true;
  /** When the current COS credentials expire (ISO-8601), for multipart uploads. */
  readonly expiration?: string;
  /** Bytes hashed so far while `hashing` (instant upload / integrity). */
  readonly hashedBytes?: number;
  /** The file info once `done`. */
  readonly result?: ConfirmedFile;
  /**
   * Why the task is `failed` (or why the conflict happened). Usually an `SmhError` subclass
   * (`SmhApiError`, `CosError`, `SmhNetworkError`…) or an `UploadError`, but any `Error` can land
   * here (a throwing custom transport or resume store, for one): check with `instanceof`.
   */
  readonly error?: Error;
  /** When the task was first started (the task's clock, ms since 1970); kept when it is started again. */
  readonly startedAt?: number;
  /** When the task ended `done`, `failed` or `cancelled`; none while it runs, also when started again. */
  readonly finishedAt?: number;
}

export type UploadListener = (snapshot: UploadSnapshot) => void;

/** How a person answers a name clash under `ask`. */
export type ConflictResolution = 'rename' | 'overwrite' | 'cancel';

export interface UploadTask {
  readonly id: string;
  /** Begins (or, after a failure, retries from where it stopped). Idempotent while running. */
  start(): void;
  pause(): void;
  resume(): void;
  /** Cancels locally and asks SMH to cancel the task (aborts the COS multipart upload). */
  cancel(): Promise<void>;
  /** Only in the `conflict` state. */
  resolveConflict(resolution: ConflictResolution): void;
  subscribe(listener: UploadListener): () => void;
  getSnapshot(): UploadSnapshot;
  /**
   * Resolves with the snapshot when the current run ends (done, failed, cancelled); never rejects.
   * Per run: once a failed task is started again (or its retry waits for a queue slot), this is a
   * new promise for the new run; a promise read earlier keeps the `failed` snapshot of its run.
   */
  readonly settled: Promise<UploadSnapshot>;
}

// ── Injected effects ──────────────────────────────────────────────────────────

export interface PartRequest {
  url: string;
  method: 'PUT';
  /** Exactly the signed headers SMH issued; the transport adds nothing that could be signed. */
  headers: Record<string, string>;
  body: Blob;
  signal: AbortSignal;
  /** Called with the bytes of this body sent so far. */
  onProgress?: (loaded: number) => void;
}

export interface PartResponse {
  status: number;
  /** The quoted MD5 from the `ETag` header, when COS exposed it. */
  etag?: string;
  /** ms since epoch from the `Date` header, when readable. */
  date?: number;
  /**
   * COS's CRC-64/ECMA-182 of the bytes it stored (`x-cos-hash-crc64ecma`, a decimal string), when
   * the bucket's CORS `ExposeHeaders` lets the page read it.
   */
  crc64?: string;
}

/**
 * Sends one body to COS. Resolves on 2xx; rejects with `CosError` (non-2xx, XML parsed),
 * `SmhNetworkError` (no response) or the signal's `AbortError`.
 */
export interface PartTransport {
  send(request: PartRequest): Promise<PartResponse>;
}

/** Whether the device is online; TanStack Query's `onlineManager` fits this shape as it is. */
export interface NetworkStatus {
  /** false while the device has no network; a wrong `true` costs only a retry. */
  isOnline(): boolean;
  /** Calls `listener` when the status may have changed; returns the unsubscribe. */
  subscribe(listener: (online: boolean) => void): () => void;
}

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What is persisted to resume a task later. Never a token or a signature. */
export interface ResumeRecord {
  confirmKey: string;
  libraryId: string;
  spaceId: string;
  path: string[];
  name: string;
  size: number;
  lastModified: number;
  partSize: number;
  createdAt: number;
  /**
   * The per-file fields and metadata the upload was started with, as sent to SMH: a resumed upload
   * sends them again (at confirm, or at a new begin) where the resume does not give its own.
   */
  fields?: RecordedFields;
}

/** What a resume record keeps of `FileFieldOptions` and `meta`: times as ISO 8601 strings. */
export interface RecordedFields {
  labels?: string[];
  category?: string;
  localCreationTime?: string;
  localModificationTime?: string;
  meta?: Record<string, string>;
}

export interface ResumeStore {
  list(): Promise<ResumeRecord[]>;
  get(confirmKey: string): Promise<ResumeRecord | undefined>;
  put(record: ResumeRecord, file?: Blob): Promise<void>;
  remove(confirmKey: string): Promise<void>;
  /** Stores that can keep the file itself (IndexedDB) return it, so a reload needs no re-pick. */
  getFile?(confirmKey: string): Promise<File | Blob | undefined>;
}

/** A local time for SMH: a Date, ms since the epoch, an ISO 8601 string, or false to send none. */
export type LocalTime = Date | number | string | false;

/**
 * SMH's own per-file fields (docs/smh-protocol.md §12.5), sent at begin and again at confirm, and
 * returned by SMH's file info and folder listings. A value SMH would refuse makes `createUpload`
 * throw a `TypeError`, before any task exists.
 */
export interface FileFieldOptions {
  /** Labels SMH stores with the file (`labels`), such as `['claim-1024', 'photo']`: non-empty strings. */
  labels?: readonly string[];
  /** SMH's `category` for the file: a non-empty string of at most 16 bytes of UTF-8. */
  category?: string;
  /**
   * `localCreationTime`. Browsers do not tell a file's creation time, so none is sent unless given
   * here; SMH's own `creationTime` (when the upload finished) is then the only one. false sends none.
   */
  localCreationTime?: LocalTime;
  /** `localModificationTime`. Default: the File's `lastModified` (none for a plain Blob); false sends none. */
  localModificationTime?: LocalTime;
  /**
   * Speed limit of each connection to COS, in bytes/s: 102 400 (100 KB/s) to 104 857 600 (100 MB/s).
   * Sent as `traffic_limit` at begin and renew; SMH signs it into the part headers.
   */
  trafficLimit?: number;
  /** `prefer_same_origin` at begin: ask SMH for the COS domain of an existing file of the same name. */
  preferSameOrigin?: boolean;
}

export interface UploadOptions extends FileFieldOptions {
  client: SmhClient;
  file: File | Blob;
  /** File name when `file` is a Blob; defaults to `file.name`. */
  name?: string;
  /** Target path (folder + name) in the library. */
  path: SmhPath;
  conflictResolutionStrategy?: ConflictResolutionStrategy;
  /** Bytes per part; chosen from the file size when left out. */
  partSize?: number;
  /** Parallel part uploads (default 4, ceiling 8 unless raised). */
  concurrency?: number;
  maxConcurrency?: number;
  /** Files below this go as one simple PUT (default 8 MiB). */
  simpleUploadThreshold?: number;
  /** Try instant upload (秒传) for files of `instantUploadThreshold` and more (default true). */
  instantUpload?: boolean;
  /**
   * Instant upload hashes only files of this many bytes and more (default 8 MiB; SMH's minimum,
   * 1 MiB, if lower). Below it, hashing costs about what a match would save on a home link.
   */
  instantUploadThreshold?: number;
  /**
   * Send `Content-MD5` with every PUT, so COS refuses a part that arrives corrupt (400 BadDigest,
   * sent again), and on resume keep only stored parts whose ETag is the local MD5 (others are sent
   * again). The MD5 of a part is read before its PUT starts. Default false.
   */
  integrityCheck?: boolean;
  /**
   * Compare COS's CRC-64 of every PUT (`x-cos-hash-crc64ecma`, which the bucket's CORS must expose)
   * with the local one, sending a part again on a mismatch, and send the file's CRC-64 at confirm
   * (default false).
   */
  crc64?: boolean;
  /**
   * When SMH says the target's folder does not exist (404 `DirectoryNotFound` at begin), create it
   * and its missing parents with `client.createFolder`, then begin again once (default true). A
   * token that may not create folders (no `admin`, `space_admin` or `create_directory` grant) fails
   * with `UploadError('FolderMissing')`, as does a missing folder with this off.
   */
  createFolders?: boolean;
  /** Retries of each call (a part PUT, a begin, a confirm…) before the task fails (default 5). */
  maxRetries?: number;
  /**
   * Whether the device is online (default: `navigator.onLine` and the window's `online`/`offline`
   * events; always online without them). TanStack Query's `onlineManager` fits as it is. A call
   * that fails while offline waits for the network without spending a retry.
   */
  network?: NetworkStatus;
  /**
   * How long one wait for the network may last before the task fails `UploadError('Offline')`
   * (default 5 min; `Infinity` for no bound). `start()` then picks up from the stored parts.
   */
  offlineTimeoutMs?: number;
  /**
   * Renew this long before `expiration`, by the server's clock (default 5 min); credentials issued
   * for less than twice this are renewed at half their lifetime.
   */
  renewBeforeMs?: number;
  /** Allow plain `http:` COS URLs (only for a loopback emulator). Default false. */
  allowInsecureHttp?: boolean;
  /** Custom metadata: `x-smh-meta-{key}` headers at begin, returned as the file's `metaData`. */
  meta?: Record<string, string>;
  store?: ResumeStore | null;
  /**
   * The default transport's no-progress watchdog: a part PUT that makes no upload progress for this
   * long (or gets no reply this long after its last byte) is aborted and tried again as a network
   * failure (default 30 000 ms; `Infinity` for none). Only with the default transport; SMH calls
   * have their own `timeoutMs` on `createSmhClient`.
   */
  stallTimeoutMs?: number;
  transport?: PartTransport;
  clock?: Clock;
  random?: () => number;
  /** Start immediately (default false: call start()). */
  autoStart?: boolean;
  /**
   * The Web Locks manager that keeps two tabs from resuming the same upload (default
   * `navigator.locks`; null to skip locking).
   */
  locks?: LockManagerLike | null;
}

export interface ResumeOptions extends Omit<UploadOptions, 'path'> {
  confirmKey: string;
  /** Defaults to the stored record's path. */
  path?: SmhPath;
  /** When the task is gone on the server, begin a new one instead of failing (default false). */
  restartIfGone?: boolean;
}
