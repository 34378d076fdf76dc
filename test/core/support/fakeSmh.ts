// An in-memory SMH + COS double for engine tests: a fake SmhClient and a fake PartTransport over
// one set of tasks. It checks what the real services check (signed headers, expiry by the server's
// clock, contiguous parts of at least 1 MiB, crc64, name clashes), records every call, fails on
// command, and measures how many body bytes are in flight at once.
import { createHash } from 'node:crypto';
import { crc64 as wasmCrc64 } from 'hash-wasm';
import { SmhApiError, SmhNetworkError } from '../../../src/api/errors';
import { cosErrorFromResponse } from '../../../src/api/cosXml';
import type {
  BeginUploadOptions,
  BeginUploadResult,
  ConfirmUploadOptions,
  ConfirmedFile,
  ConflictResolutionStrategy,
  SmhClient,
  SmhPath,
  UploadInfo,
  UploadTaskStatus,
} from '../../../src/api/types';
import type { PartRequest, PartResponse, PartTransport } from '../../../src/core/types';
import type { FakeClock } from './fakeClock';

export const MiB = 1024 * 1024;
export const COS_DOMAIN = 'bucket-1250000000.cos.ap-beijing.myqcloud.com';
/** Strings that must never reach a store, a log or an error message. */
export const SIGNATURE_MARK = 'SIGNATURE-SECRET';
export const SECURITY_TOKEN = 'SECURITY-TOKEN-SECRET-0123456789';

type Method = 'beginUpload' | 'beginSimpleUpload' | 'renewUpload' | 'getUploadStatus' | 'confirmUpload' | 'cancelUpload' | 'createFolder';

export interface Call {
  method: Method;
  key: string;
  options?: unknown;
  at: number;
}

export interface PartAttempt {
  confirmKey: string;
  partNumber: number | undefined;
  size: number;
  at: number;
  /** How many times this part number was sent before, for this task. */
  attempt: number;
  authorization: string | undefined;
}

interface FakeTask {
  confirmKey: string;
  path: string[];
  simple: boolean;
  uploadId: string;
  objectPath: string;
  strategy: ConflictResolutionStrategy;
  parts: Map<number, { bytes: Uint8Array; etag: string; lastModified: string }>;
  confirmed: boolean;
  pathDeleted: boolean;
  current: UploadInfo;
}

export interface InstantEntry {
  beginningHash: string;
  fullHash: string;
  file: ConfirmedFile;
}

export function smhError(status: number, code: string): SmhApiError {
  return new SmhApiError(`SMH returned ${status} ${code}.`, { status, code, requestId: `req-${code}` });
}

export function cosExpired(): Error {
  return cosErrorFromResponse(
    403,
    `<?xml version='1.0' encoding='utf-8' ?><Error><Code>AccessDenied</Code><Message>Request has expired</Message><RequestId>r-exp</RequestId></Error>`,
  );
}

export function cosError(status: number, code = `Http${status}`): Error {
  return cosErrorFromResponse(status, `<Error><Code>${code}</Code><Message>${code}</Message></Error>`);
}

export function networkError(): Error {
  return new SmhNetworkError('connection dropped');
}

function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

function segments(path: SmhPath): string[] {
  return typeof path === 'string' ? path.split('/').filter(Boolean) : [...path];
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('aborted', 'AbortError');
}

export interface FakeSmhOptions {
  /** How long issued COS credentials last (default 1 h). */
  credentialTtlMs?: number;
  /** Server clock minus local clock, as COS and SMH see it. */
  serverOffsetMs?: number;
  /** What `client.serverTimeOffset()` reports (default: the true offset). */
  reportedOffsetMs?: number;
  /** Fake time a part PUT takes (default 10 ms); 0 answers without waiting on the clock. */
  latencyMs?: number;
  /** Progress events per part PUT (default 2). */
  progressSteps?: number;
  /** Put `Date` headers on COS replies (default true). */
  sendDate?: boolean;
  /**
   * As real SMH: begin answers 404 `DirectoryNotFound` unless the target's parent folder exists
   * (default false: every folder exists).
   */
  strictFolders?: boolean;
  /** Whether the token may create folders (default true; false answers 403 `NoPermission`). */
  canCreateFolders?: boolean;
  /** Send `x-cos-hash-crc64ecma` on part replies, as COS does when CORS exposes it (default true). */
  sendCrc64?: boolean;
}

export class FakeSmh {
  readonly calls: Call[] = [];
  readonly attempts: PartAttempt[] = [];
  readonly files = new Map<string, Uint8Array>();
  readonly tasks = new Map<string, FakeTask>();
  readonly instant: InstantEntry[] = [];
  /** Folders that exist (with strictFolders), as `a/b`. */
  readonly folders = new Set<string>();
  /** Errors to throw from the next calls of a method, in order. */
  readonly failures = new Map<Method, Error[]>();
  /** Decides the fate of each part PUT: an error to answer with, or undefined to store it. */
  partFault: ((attempt: PartAttempt) => Error | undefined) | undefined;
  /** Flips a byte of a part's body on the way to COS when it returns true (a corrupting proxy). */
  corruptInTransit: ((attempt: PartAttempt) => boolean) | undefined;
  /** Called when a part PUT begins (after checks), e.g. to pause the task mid-flight. */
  onPartStart: ((attempt: PartAttempt) => void) | undefined;
  /** Valid signatures and when they expire (server time). */
  private readonly signatures = new Map<string, number>();
  private sequence = 0;
  inflightBytes = 0;
  maxInflightBytes = 0;
  maxInflightParts = 0;
  private inflightParts = 0;
  readonly options: Required<Omit<FakeSmhOptions, 'reportedOffsetMs'>> & { reportedOffsetMs: number | undefined };

  constructor(
    readonly clock: FakeClock,
    options: FakeSmhOptions = {},
  ) {
    this.options = {
      credentialTtlMs: options.credentialTtlMs ?? 60 * 60 * 1000,
      serverOffsetMs: options.serverOffsetMs ?? 0,
      reportedOffsetMs: options.reportedOffsetMs,
      latencyMs: options.latencyMs ?? 10,
      progressSteps: options.progressSteps ?? 2,
      sendDate: options.sendDate ?? true,
      strictFolders: options.strictFolders ?? false,
      canCreateFolders: options.canCreateFolders ?? true,
      sendCrc64: options.sendCrc64 ?? true,
    };
  }

  serverNow(): number {
    return this.clock.now() + this.options.serverOffsetMs;
  }

  failNext(method: Method, ...errors: Error[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...errors]);
  }

  callsOf(method: Method): Call[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** The options object of the `index`-th call of `method` (empty when there was none). */
  optionsOf(method: Method, index = 0): Record<string, unknown> {
    return (this.callsOf(method)[index]?.options ?? {}) as Record<string, unknown>;
  }

  /** Puts an existing file at `path` (for name clashes). */
  addFile(path: string, bytes = new Uint8Array([1])): void {
    this.files.set(path, bytes);
  }

  /** Makes every credential issued so far dead now. */
  expireCredentials(): void {
    for (const key of this.signatures.keys()) this.signatures.set(key, this.serverNow() - 1);
  }

  private record(method: Method, key: string, options?: unknown): void {
    this.calls.push({ method, key, options, at: this.clock.now() });
    const queued = this.failures.get(method);
    const error = queued?.shift();
    if (error) throw error;
  }

  private issue(task: Omit<FakeTask, 'current'> | FakeTask): UploadInfo {
    this.sequence += 1;
    const signature = `q-sign-algorithm=sha1&q-ak=AKIDfake&q-signature=${SIGNATURE_MARK}-${this.sequence}`;
    const expiresAt = this.serverNow() + this.options.credentialTtlMs;
    this.signatures.set(signature, expiresAt);
    const info: UploadInfo = {
      domain: COS_DOMAIN,
      path: task.objectPath,
      headers: {
        'Content-Type': 'application/octet-stream',
        Authorization: signature,
        'x-cos-security-token': SECURITY_TOKEN,
      },
      confirmKey: task.confirmKey,
      expiration: new Date(expiresAt).toISOString(),
      availableDomainNum: 1,
    };
    if (!task.simple) info.uploadId = task.uploadId;
    return info;
  }

  private begin(simple: boolean, path: SmhPath, options: BeginUploadOptions = {}): BeginUploadResult {
    const segs = segments(path);
    const key = segs.join('/');
    const strategy = options.conflictResolutionStrategy ?? 'rename';
    const parent = segs.slice(0, -1).join('/');
    if (this.options.strictFolders && parent !== '' && !this.folders.has(parent)) throw smhError(404, 'DirectoryNotFound');
    if (this.files.has(key) && strategy === 'ask') throw smhError(409, 'SameNameDirectoryOrFileExists');
    if (options.beginningHash) {
      const match = this.instant.find((entry) => entry.beginningHash === options.beginningHash);
      if (match && !options.fullHash) return { status: 'hashMatched' };
      if (match && options.fullHash === match.fullHash) return { status: 'instant', file: match.file };
    }
    this.sequence += 1;
    const n = this.sequence;
    const base = {
      confirmKey: `confirm-${n}`,
      path: segs,
      simple,
      uploadId: `upload-${n}`,
      objectPath: `/lib/object-${n}`,
      strategy,
      parts: new Map(),
      confirmed: false,
      pathDeleted: false,
    };
    const task: FakeTask = { ...base, current: this.issue(base) };
    this.tasks.set(task.confirmKey, task);
    return { status: 'created', upload: task.current };
  }

  private task(confirmKey: string): FakeTask {
    const task = this.tasks.get(confirmKey);
    if (!task) throw smhError(404, 'ConfirmKeyNotFound');
    return task;
  }

  readonly client: SmhClient = {
    baseUrl: 'https://lib.api.example.test',
    libraryId: 'smhlib',
    spaceId: '-',
    beginUpload: async (path, options) => {
      this.record('beginUpload', segments(path).join('/'), options);
      return this.begin(false, path, options);
    },
    beginSimpleUpload: async (path, options) => {
      this.record('beginSimpleUpload', segments(path).join('/'), options);
      return this.begin(true, path, options);
    },
    renewUpload: async (confirmKey, options) => {
      this.record('renewUpload', confirmKey, options);
      const task = this.task(confirmKey);
      if (task.simple) throw smhError(400, 'BadRequest');
      task.current = this.issue(task);
      return task.current;
    },
    getUploadStatus: async (confirmKey, options): Promise<UploadTaskStatus> => {
      this.record('getUploadStatus', confirmKey, options);
      const task = this.task(confirmKey);
      const status: UploadTaskStatus = {
        confirmed: task.confirmed,
        path: task.pathDeleted ? null : task.path,
        type: 'file',
        creationTime: new Date(START).toISOString(),
        conflictResolutionStrategy: task.strategy,
        force: false,
        availableDomainNum: 1,
      };
      if (!task.simple) {
        status.uploadId = task.uploadId;
        status.parts = [...task.parts.entries()]
          .toSorted(([a], [b]) => a - b)
          .map(([number, part]) => ({ PartNumber: number, LastModified: part.lastModified, ETag: part.etag, Size: part.bytes.length }));
        const { confirmKey: _key, availableDomainNum: _n, ...partInfo } = task.current;
        status.uploadPartInfo = { ...partInfo, uploadId: task.uploadId };
      }
      return status;
    },
    confirmUpload: async (confirmKey, options: ConfirmUploadOptions = {}) => {
      this.record('confirmUpload', confirmKey, options);
      const task = this.task(confirmKey);
      if (task.confirmed) throw smhError(409, 'UploadComplete');
      const numbers = [...task.parts.keys()].toSorted((a, b) => a - b);
      if (numbers.length === 0 || numbers.some((number, index) => number !== index + 1)) {
        throw smhError(400, 'MultipartUploadIncomplete');
      }
      const chunks = numbers.map((number) => task.parts.get(number)?.bytes as Uint8Array);
      if (chunks.slice(0, -1).some((chunk) => chunk.length < MiB)) throw smhError(400, 'MultipartUploadPartTooSmall');
      const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.length;
      }
      const crc = BigInt(`0x${await wasmCrc64(bytes)}`).toString(10);
      if (options.crc64 !== undefined && options.crc64 !== crc) throw smhError(400, 'BadCrc64');
      const strategy = options.conflictResolutionStrategy ?? task.strategy;
      let path = task.path;
      const key = () => path.join('/');
      if (this.files.has(key())) {
        if (strategy === 'ask') throw smhError(409, 'SameNameDirectoryOrFileExists');
        if (strategy === 'rename') {
          const name = path.at(-1) as string;
          const dot = name.lastIndexOf('.');
          for (let i = 1; this.files.has(key()); i += 1) {
            const renamed = dot > 0 ? `${name.slice(0, dot)} (${i})${name.slice(dot)}` : `${name} (${i})`;
            path = [...task.path.slice(0, -1), renamed];
          }
        }
      }
      this.files.set(key(), bytes);
      task.confirmed = true;
      return {
        path,
        name: path.at(-1) as string,
        type: 'file',
        creationTime: new Date(this.serverNow()).toISOString(),
        modificationTime: new Date(this.serverNow()).toISOString(),
        size: String(bytes.length),
        crc64: crc,
        isOverwritten: false,
      };
    },
    cancelUpload: async (confirmKey, options) => {
      this.record('cancelUpload', confirmKey, options);
      // As the emulator does: a confirmed task cannot be cancelled.
      if (this.task(confirmKey).confirmed) throw smhError(409, 'UploadComplete');
      this.tasks.delete(confirmKey);
    },
    createFolder: async (path, options) => {
      const segs = segments(path);
      this.record('createFolder', segs.join('/'), options);
      if (!this.options.canCreateFolders) throw smhError(403, 'NoPermission');
      if (this.folders.has(segs.join('/'))) throw smhError(409, 'SameNameDirectoryOrFileExists');
      // SMH makes every missing parent too.
      for (let depth = 1; depth <= segs.length; depth += 1) this.folders.add(segs.slice(0, depth).join('/'));
      return { path: segs };
    },
    serverTimeOffset: () => this.options.reportedOffsetMs ?? this.options.serverOffsetMs,
  };

  readonly transport: PartTransport = {
    send: (request) => this.put(request),
  };

  private async put(request: PartRequest): Promise<PartResponse> {
    const { signal } = request;
    if (signal.aborted) throw abortReason(signal);
    const url = new URL(request.url);
    if (url.protocol !== 'https:' || url.host !== COS_DOMAIN) throw new Error(`fake COS: unexpected URL ${request.url}`);
    const task = [...this.tasks.values()].find((candidate) => candidate.objectPath === url.pathname);
    if (!task) throw cosError(404, 'NoSuchUpload');
    const partParam = url.searchParams.get('partNumber');
    const partNumber = partParam === null ? undefined : Number(partParam);
    if (!task.simple && (partNumber === undefined || url.searchParams.get('uploadId') !== task.uploadId)) {
      throw cosError(404, 'NoSuchUpload');
    }
    const authorization = request.headers.Authorization;
    const attempt: PartAttempt = {
      confirmKey: task.confirmKey,
      partNumber,
      size: request.body.size,
      at: this.clock.now(),
      attempt: this.attempts.filter((a) => a.confirmKey === task.confirmKey && a.partNumber === partNumber).length,
      authorization,
    };
    this.attempts.push(attempt);
    const expiresAt = authorization === undefined ? undefined : this.signatures.get(authorization);
    if (expiresAt === undefined) throw cosError(403, 'SignatureDoesNotMatch');
    if (this.serverNow() >= expiresAt) throw cosExpired();
    if (request.headers['x-cos-security-token'] !== SECURITY_TOKEN) throw cosError(403, 'InvalidAccessKeyId');

    this.inflightBytes += request.body.size;
    this.inflightParts += 1;
    this.maxInflightBytes = Math.max(this.maxInflightBytes, this.inflightBytes);
    this.maxInflightParts = Math.max(this.maxInflightParts, this.inflightParts);
    // An aborted PUT lets go of its body at once, as a browser's does.
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.inflightBytes -= request.body.size;
      this.inflightParts -= 1;
    };
    signal.addEventListener('abort', release, { once: true });
    try {
      this.onPartStart?.(attempt);
      const steps = this.options.progressSteps;
      for (let step = 1; step <= steps; step += 1) {
        if (this.options.latencyMs > 0) await this.wait(this.options.latencyMs / steps, signal);
        else await Promise.resolve();
        if (signal.aborted) throw abortReason(signal);
        // The last step is reported only on success, as an XHR's final progress event is.
        if (step < steps) request.onProgress?.(Math.floor((request.body.size * step) / steps));
      }
      const fault = this.partFault?.(attempt);
      if (fault) throw fault;
      const bytes = new Uint8Array(await request.body.arrayBuffer());
      if (signal.aborted) throw abortReason(signal);
      if (this.corruptInTransit?.(attempt)) bytes[0] = (bytes[0] ?? 0) ^ 0xff;
      // As COS: a Content-MD5 that is not the MD5 of the bytes received is refused.
      const contentMd5 = request.headers['Content-MD5'];
      if (contentMd5 !== undefined && contentMd5 !== createHash('md5').update(bytes).digest('base64')) throw cosError(400, 'BadDigest');
      const etag = `"${md5(bytes)}"`;
      task.parts.set(partNumber ?? 1, { bytes, etag, lastModified: new Date(this.serverNow()).toISOString() });
      request.onProgress?.(request.body.size);
      const response: PartResponse = { status: 200, etag };
      if (this.options.sendCrc64) response.crc64 = BigInt(`0x${await wasmCrc64(bytes)}`).toString(10);
      if (this.options.sendDate) response.date = Math.floor(this.serverNow() / 1000) * 1000;
      return response;
    } finally {
      signal.removeEventListener('abort', release);
      release();
    }
  }

  private wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.clock.clearTimeout(handle);
        reject(abortReason(signal));
      };
      const handle = this.clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The stored parts of a task, as the server sees them. */
  storedParts(confirmKey: string): number[] {
    return [...(this.tasks.get(confirmKey)?.parts.keys() ?? [])].toSorted((a, b) => a - b);
  }

  /** Stores different bytes for a part (e.g. a part of another size). */
  setPart(confirmKey: string, partNumber: number, bytes: Uint8Array): void {
    this.task(confirmKey).parts.set(partNumber, { bytes, etag: `"${md5(bytes)}"`, lastModified: new Date(this.serverNow()).toISOString() });
  }

  deletePath(confirmKey: string): void {
    this.task(confirmKey).pathDeleted = true;
  }

  markConfirmed(confirmKey: string): void {
    this.task(confirmKey).confirmed = true;
  }

  /** Drops a stored part (as if it never arrived). */
  dropPart(confirmKey: string, partNumber: number): void {
    this.task(confirmKey).parts.delete(partNumber);
  }

  /** Replaces a stored part's bytes (and ETag) behind the engine's back. */
  corruptPart(confirmKey: string, partNumber: number): void {
    const part = this.task(confirmKey).parts.get(partNumber);
    if (!part) return;
    const bytes = part.bytes.slice();
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    this.task(confirmKey).parts.set(partNumber, { ...part, bytes, etag: `"${md5(bytes)}"` });
  }
}

const START = Date.UTC(2026, 0, 1, 8, 0, 0);

/** Deterministic bytes (a small LCG), so two files with different seeds differ everywhere. */
/** What SMH says of a stored file at `path` (`a/b.mp4`) of `size` bytes, e.g. for an instant-upload match. */
export function storedFile(path: string, size: number): ConfirmedFile {
  const segs = path.split('/');
  return {
    path: segs,
    name: segs.at(-1) as string,
    type: 'video',
    creationTime: '2026-01-01T08:00:00.000Z',
    modificationTime: '2026-01-01T08:00:00.000Z',
    size: String(size),
  };
}

export function makeBytes(size: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i += 1) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

export function makeFile(size: number, options: { seed?: number; name?: string; lastModified?: number } = {}): File {
  return new File([makeBytes(size, options.seed) as Uint8Array<ArrayBuffer>], options.name ?? 'video.mp4', {
    lastModified: options.lastModified ?? START - 60_000,
    type: 'video/mp4',
  });
}

export function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** A File that stands in for `file` but hands out its slices through `slice` (to watch or gate reads). */
export function sliceProxy(file: File, slice: (start?: number, end?: number) => Blob, extra: object = {}): File {
  return { size: file.size, name: file.name, lastModified: file.lastModified, type: file.type, slice, ...extra } as unknown as File;
}

/** `file`, counting how often the bytes from each offset are read (by the engine or the transport). */
export function countingReads(file: File): { file: File; readsAt: (offset: number) => number } {
  const reads = new Map<number, number>();
  const slice = (start = 0, end?: number) => {
    const blob = file.slice(start, end);
    return Object.assign(blob, {
      arrayBuffer: () => {
        reads.set(start, (reads.get(start) ?? 0) + 1);
        return Blob.prototype.arrayBuffer.call(blob);
      },
    });
  };
  return { file: sliceProxy(file, slice), readsAt: (offset) => reads.get(offset) ?? 0 };
}
