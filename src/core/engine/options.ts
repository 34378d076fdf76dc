// The engine's options: defaults, checks that throw a TypeError for options that cannot work, and
// the settled `Settings` every module reads. Nothing else in the engine reads `UploadOptions`.
import { isTimeoutOption } from '../../api/network';
import type { SmhClient } from '../../api/types';
import { defaultLocks, type LockManagerLike } from '../locks';
import { fileFieldsFrom, type FileFieldSettings } from './fields';
import { browserNetwork } from '../network';
import { MAX_PART_SIZE, MiB, assertPartSize } from '../partPlan';
import { defaultTransport } from '../transport';
import type { Clock, NetworkStatus, PartTransport, ResumeStore, UploadOptions } from '../types';

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_MAX_CONCURRENCY = 8;
const DEFAULT_SIMPLE_UPLOAD_THRESHOLD = 8 * MiB;
/**
 * Instant upload hashes files of this size and more. Below it a hash costs about what a match
 * would save on a home link (measured: docs/design.md "Many small files").
 */
export const DEFAULT_INSTANT_UPLOAD_THRESHOLD = 8 * MiB;
/** SMH's instant upload takes files of at least 1 MiB (docs/smh-protocol.md §4.8). */
const INSTANT_UPLOAD_MIN_SIZE = MiB;
const DEFAULT_MAX_RETRIES = 5;
const DEFAULT_RENEW_BEFORE_MS = 5 * 60 * 1000;
/** Five minutes offline, then the task fails `Offline` (resumable) rather than waiting unseen. */
const DEFAULT_OFFLINE_TIMEOUT_MS = 5 * 60 * 1000;

/** @deprecated `locks` is an `UploadOptions` field now; use `UploadOptions`. Removed in 0.3. */
export type EngineExtras = Pick<UploadOptions, 'locks'>;

export type EngineOptions = Omit<UploadOptions, 'path'>;

export interface Settings {
  readonly client: SmhClient;
  readonly file: Blob;
  readonly fileName: string;
  readonly lastModified: number;
  readonly concurrency: number;
  readonly maxConcurrency: number;
  readonly simpleUploadThreshold: number;
  readonly instantUpload: boolean;
  readonly instantUploadThreshold: number;
  readonly integrityCheck: boolean;
  readonly crc64: boolean;
  readonly createFolders: boolean;
  readonly maxRetries: number;
  readonly renewBeforeMs: number;
  readonly network: NetworkStatus;
  readonly offlineTimeoutMs: number;
  readonly allowInsecureHttp: boolean;
  /**
   * SMH's per-file fields, custom metadata, traffic limit and `prefer_same_origin`. Not readonly:
   * resync fills in the fields a resume record kept (`withRecordedFields`).
   */
  smh: FileFieldSettings;
  readonly store: ResumeStore | null;
  readonly transport: PartTransport;
  readonly clock: Clock;
  readonly random: () => number;
  readonly locks: LockManagerLike | null | undefined;
}

const systemClock: Clock = {
  now: () => Date.now(),
  // Looked up at call time (not import time) so SSR imports touch nothing and test fakes apply.
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function isWholeNumber(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

export function settingsFrom(options: EngineOptions): Settings {
  if (typeof options !== 'object' || options === null) throw new TypeError('createUpload needs an options object.');
  const { client, file } = options;
  if (!client || typeof client.beginUpload !== 'function' || typeof client.confirmUpload !== 'function') {
    throw new TypeError('createUpload needs `client`: an SmhClient from createSmhClient().');
  }
  if (!file || typeof file.size !== 'number' || typeof file.slice !== 'function') {
    throw new TypeError('createUpload needs `file`: a File or Blob.');
  }
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!isWholeNumber(concurrency, 1)) {
    throw new TypeError(`concurrency must be a whole number of at least 1, got ${String(concurrency)}.`);
  }
  const maxConcurrency = options.maxConcurrency ?? Math.max(DEFAULT_MAX_CONCURRENCY, concurrency);
  if (!isWholeNumber(maxConcurrency, concurrency)) {
    throw new TypeError(
      `maxConcurrency must be a whole number of at least concurrency (${concurrency}), got ${String(maxConcurrency)}.`,
    );
  }
  if (options.partSize !== undefined) assertPartSize(options.partSize);
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!isWholeNumber(maxRetries, 0)) throw new TypeError(`maxRetries must be a whole number ≥ 0, got ${String(maxRetries)}.`);
  const renewBeforeMs = options.renewBeforeMs ?? DEFAULT_RENEW_BEFORE_MS;
  if (!(typeof renewBeforeMs === 'number' && renewBeforeMs >= 0)) {
    throw new TypeError(`renewBeforeMs must be a number of milliseconds ≥ 0, got ${String(renewBeforeMs)}.`);
  }
  const offlineTimeoutMs = options.offlineTimeoutMs ?? DEFAULT_OFFLINE_TIMEOUT_MS;
  if (!(typeof offlineTimeoutMs === 'number' && offlineTimeoutMs > 0)) {
    throw new TypeError(`offlineTimeoutMs must be a number of milliseconds > 0 (or Infinity), got ${String(offlineTimeoutMs)}.`);
  }
  const { network } = options;
  if (network !== undefined && (typeof network?.isOnline !== 'function' || typeof network.subscribe !== 'function')) {
    throw new TypeError('network must have isOnline() and subscribe(listener) (TanStack Query\'s onlineManager fits).');
  }
  const { stallTimeoutMs } = options;
  if (stallTimeoutMs !== undefined && !isTimeoutOption(stallTimeoutMs)) {
    throw new TypeError(`stallTimeoutMs must be a number of milliseconds > 0 (or Infinity), got ${String(stallTimeoutMs)}.`);
  }
  if (stallTimeoutMs !== undefined && options.transport) {
    throw new TypeError('stallTimeoutMs sets the default transport; give your own transport its own (createXhrTransport({ stallTimeoutMs })).');
  }
  const threshold = options.simpleUploadThreshold ?? DEFAULT_SIMPLE_UPLOAD_THRESHOLD;
  if (!(typeof threshold === 'number' && threshold >= 0)) {
    throw new TypeError(`simpleUploadThreshold must be a number of bytes ≥ 0, got ${String(threshold)}.`);
  }
  const smh = fileFieldsFrom(options, file);
  const instantThreshold = options.instantUploadThreshold ?? DEFAULT_INSTANT_UPLOAD_THRESHOLD;
  if (!(typeof instantThreshold === 'number' && instantThreshold >= 0)) {
    throw new TypeError(`instantUploadThreshold must be a number of bytes ≥ 0, got ${String(instantThreshold)}.`);
  }
  const clock = options.clock ?? systemClock;
  const named = file as Partial<File>;
  return {
    client,
    file,
    fileName: options.name ?? (typeof named.name === 'string' ? named.name : ''),
    lastModified: typeof named.lastModified === 'number' ? named.lastModified : 0,
    concurrency,
    maxConcurrency,
    // COS takes at most 5 GiB in one PUT.
    simpleUploadThreshold: Math.min(threshold, MAX_PART_SIZE),
    instantUpload: options.instantUpload ?? true,
    instantUploadThreshold: Math.max(instantThreshold, INSTANT_UPLOAD_MIN_SIZE),
    integrityCheck: options.integrityCheck ?? false,
    crc64: options.crc64 ?? false,
    createFolders: options.createFolders ?? true,
    maxRetries,
    renewBeforeMs,
    network: network ?? browserNetwork(),
    offlineTimeoutMs,
    allowInsecureHttp: options.allowInsecureHttp ?? false,
    smh,
    store: options.store ?? null,
    // The watchdog runs on the engine's clock, so a stalled PUT and the retry after it share one time.
    transport: options.transport ?? defaultTransport({ stallTimeoutMs, timers: clock }),
    clock,
    random: options.random ?? Math.random,
    locks: options.locks === undefined ? defaultLocks() : options.locks,
  };
}

let counter = 0;
/** A local task id: a UUID where the platform has one. */
export function newId(random: () => number): string {
  counter += 1;
  const uuid = globalThis.crypto?.randomUUID?.();
  return uuid ?? `upload-${counter}-${Math.floor(random() * 2 ** 32).toString(36)}`;
}
