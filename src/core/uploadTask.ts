// The upload engine: one task's life from begin to confirm (DESIGN.md "Behaviour that matters").
// State changes go through the pure `transition` function; this file does the effects around it.
// Every effect is injected (client, transport, clock, store, random, locks), so nothing here
// touches a browser global at import time.
import { CosError, SmhApiError, SmhResponseError, isRetryable, isTaskGone, isUploadComplete } from '../api/errors';
import { splitSmhPath } from '../api/path';
import type {
  BeginUploadOptions,
  BeginUploadResult,
  ConfirmUploadOptions,
  ConfirmedFile,
  ConflictResolutionStrategy,
  SmhClient,
  UploadInfo,
  UploadPart,
  UploadTaskStatus,
} from '../api/types';
import { AdaptiveConcurrency } from './concurrency';
import { crc64CombineAll, crc64ToDecimal, createCrc64 } from './crc64';
import { UploadError } from './errors';
import { HASH_BLOCK, beginningHash, createMd5, fullHash, normalizeEtag } from './hashing';
import { acquireLock, defaultLocks, type HeldLock, type LockManagerLike } from './locks';
import {
  MAX_FILE_SIZE,
  MAX_PART_SIZE,
  MiB,
  assertPartSize,
  assertUploadableSize,
  choosePartSize,
  expectedPartSize,
  inferPartSize,
  planParts,
  type PlannedPart,
} from './partPlan';
import { FrameScheduler, SpeedMeter, etaSeconds } from './progress';
import { CredentialKeeper, type Credentials } from './renewal';
import { runGateOf } from './runGate';
import { abortError, backoffDelay, isAbortError, sleep, systemClock } from './retry';
import { initialMachine, isActive, isSettled, transition, type MachineState, type UploadEvent } from './transitions';
import { defaultTransport, objectUrl, partUrl } from './transport';
import type {
  Clock,
  ConflictResolution,
  PartSnapshot,
  PartTransport,
  ResumeOptions,
  ResumeRecord,
  ResumeStore,
  UploadListener,
  UploadOptions,
  UploadSnapshot,
  UploadState,
  UploadTask,
} from './types';

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_MAX_CONCURRENCY = 8;
export const DEFAULT_SIMPLE_UPLOAD_THRESHOLD = 8 * MiB;
export const DEFAULT_MAX_RETRIES = 5;
export const DEFAULT_RENEW_BEFORE_MS = 5 * 60 * 1000;
/**
 * COS keeps answering "Request has expired" after this many renewals in a row for one part (or
 * re-begins of a simple upload): the clocks or the server are broken, so fail instead of looping.
 */
export const MAX_EXPIRY_RENEWALS = 3;
/** An SMH `Retry-After` is honoured up to this long per wait. */
const MAX_RETRY_AFTER_MS = 60_000;

/** Where a run picks up. */
type Stage = 'begin' | 'resync' | 'transfer' | 'confirm' | 'finished';

interface Settings {
  client: SmhClient;
  file: Blob;
  fileName: string;
  lastModified: number;
  concurrency: number;
  maxConcurrency: number;
  simpleUploadThreshold: number;
  instantUpload: boolean;
  integrityCheck: boolean;
  crc64: boolean;
  maxRetries: number;
  renewBeforeMs: number;
  allowInsecureHttp: boolean;
  meta: Record<string, string> | undefined;
  store: ResumeStore | null;
  transport: PartTransport;
  clock: Clock;
  random: () => number;
  locks: LockManagerLike | null | undefined;
}

/** Options the engine accepts beyond `UploadOptions` (not in the shared contract). */
export interface EngineExtras {
  /** The Web Locks manager (default `navigator.locks`; null to skip locking). */
  locks?: LockManagerLike | null;
}

const noop = () => {};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type EngineOptions = Omit<UploadOptions, 'path'> & EngineExtras;

function isWholeNumber(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

function isAskConflict(error: unknown): boolean {
  return error instanceof SmhApiError && error.status === 409 && error.code === 'SameNameDirectoryOrFileExists';
}

let counter = 0;
function newId(random: () => number): string {
  counter += 1;
  const uuid = globalThis.crypto?.randomUUID?.();
  return uuid ?? `upload-${counter}-${Math.floor(random() * 2 ** 32).toString(36)}`;
}

function settingsFrom(options: EngineOptions): Settings {
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
  const threshold = options.simpleUploadThreshold ?? DEFAULT_SIMPLE_UPLOAD_THRESHOLD;
  if (!(typeof threshold === 'number' && threshold >= 0)) {
    throw new TypeError(`simpleUploadThreshold must be a number of bytes ≥ 0, got ${String(threshold)}.`);
  }
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
    integrityCheck: options.integrityCheck ?? false,
    crc64: options.crc64 ?? false,
    maxRetries,
    renewBeforeMs,
    allowInsecureHttp: options.allowInsecureHttp ?? false,
    meta: options.meta,
    store: options.store ?? null,
    transport: options.transport ?? defaultTransport(),
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    locks: options.locks === undefined ? defaultLocks() : options.locks,
  };
}

function freezePart(part: PartSnapshot): PartSnapshot {
  return Object.freeze(part);
}

/** Parts are moving: the states in which speed and ETA mean something. */
function isSending(state: UploadState): boolean {
  return state === 'uploading' || state === 'renewing';
}

function pendingPart(plan: PlannedPart): PartSnapshot {
  return freezePart({ number: plan.number, offset: plan.offset, size: plan.size, state: 'pending', sentBytes: 0, attempts: 0 });
}

interface Start {
  stage: Stage;
  confirmKey?: string;
  requestedPath: string[];
  partSize?: number;
  /** resumeUpload: check the picked file against the stored record before anything else. */
  checkRecord?: boolean;
  restartIfGone?: boolean;
}

class UploadEngine implements UploadTask {
  readonly id: string;
  readonly settled: Promise<UploadSnapshot>;

  private readonly s: Settings;
  private resolveSettled: (snapshot: UploadSnapshot) => void = noop;
  private machine: MachineState = initialMachine;
  private stage: Stage;
  private mode: 'simple' | 'multipart' | 'instant' | undefined;
  private confirmKey: string | undefined;
  private strategy: ConflictResolutionStrategy;
  /** Set once the person answered a conflict: sent again at confirm. */
  private resolvedStrategy: ConflictResolutionStrategy | undefined;
  private requestedPath: string[];
  private finalPath: string[] | null | undefined;
  private partSize: number;
  private parts: PartSnapshot[] = [];
  private partsView: readonly PartSnapshot[] = [];
  private partsChanged = true;
  private confirmedBytes = 0;
  private inflightBytes = 0;
  private shownBytes = 0;
  private sentTotal = 0;
  private hashedBytes: number | undefined;
  private result: ConfirmedFile | undefined;
  private expiration: string | undefined;
  private startedAt: number | undefined;
  private finishedAt: number | undefined;
  private keeper: CredentialKeeper | undefined;
  private simpleInfo: UploadInfo | undefined;
  private simpleExpiries = 0;
  private readonly partCrcs = new Map<number, bigint>();
  private readonly hashes: { beginning?: string; full?: string } = {};
  private run: AbortController | undefined;
  private lock: HeldLock | undefined;
  private retrying: UploadSnapshot['retrying'];
  /** The last lock this task let go of, until it is really free. */
  private releasing: Promise<void> | undefined;
  private lockedKey: string | undefined;
  private recordSaved = false;
  private checkRecord: boolean;
  private readonly restartIfGone: boolean;
  private renewTimer: unknown;
  private readonly listeners = new Set<UploadListener>();
  private snapshot: UploadSnapshot | undefined;
  private lastNotified: UploadSnapshot | undefined;
  private readonly scheduler: FrameScheduler;
  private readonly speed = new SpeedMeter();
  private readonly concurrency: AdaptiveConcurrency;

  constructor(options: EngineOptions, start: Start) {
    this.s = settingsFrom(options);
    this.id = newId(this.s.random);
    this.settled = new Promise((resolve) => {
      this.resolveSettled = resolve;
    });
    this.stage = start.stage;
    this.confirmKey = start.confirmKey;
    this.requestedPath = start.requestedPath;
    this.strategy = options.conflictResolutionStrategy ?? 'rename';
    this.checkRecord = start.checkRecord ?? false;
    this.restartIfGone = start.restartIfGone ?? false;
    this.partSize = start.partSize ?? choosePartSize(Math.max(1, this.s.file.size), this.s.concurrency);
    this.concurrency = new AdaptiveConcurrency(this.s.concurrency, this.s.maxConcurrency);
    this.scheduler = new FrameScheduler(this.s.clock, () => this.flush());
    // Show the plan before start when it can be known; an unusable file fails at start().
    if (this.stage === 'begin' && this.s.file.size > 0 && this.s.file.size <= MAX_FILE_SIZE) {
      try {
        this.applyPlan(this.s.file.size < this.s.simpleUploadThreshold ? this.simplePlan() : planParts(this.s.file.size, this.partSize));
      } catch (error) {
        if (error instanceof TypeError) throw error;
      }
    }
    if (options.autoStart) this.start();
  }

  // ── Public API ─────────────────────────────────────────────────────────────

  /**
   * Begins (idle), or after a failure picks up from what the server stores. No-op otherwise. In a
   * queue with no free slot the task waits `idle` and the queue starts it.
   */
  start = (): void => {
    const from = this.machine.state;
    if (from !== 'idle' && from !== 'failed') return;
    if (from === 'failed') {
      // Pick up from the server's parts (multipart), or send the whole body again (simple).
      if (this.stage === 'transfer' || this.stage === 'confirm') {
        this.stage = this.mode === 'multipart' && this.confirmKey ? 'resync' : 'begin';
      }
      this.resetFailedParts();
    }
    if (!this.admitted()) {
      this.dispatch({ type: 'WAIT' });
      return;
    }
    this.dispatch({ type: 'START' });
    this.startedAt ??= this.s.clock.now();
    this.launch();
  };

  /** Stops sending (in-flight parts are aborted and sent again on resume). No-op unless running. */
  pause = (): void => {
    if (!isActive(this.machine.state)) return;
    this.stopRun();
    // A paused task sends nothing: another tab (or a task made after the queue forgot this one)
    // may take it over; resuming here takes the lock again or fails ResumeLocked.
    this.releaseLock();
    this.dispatch({ type: 'PAUSE' });
  };

  /** Continues a paused task. No-op unless paused; in a queue with no free slot it stays paused until one frees. */
  resume = (): void => {
    if (this.machine.state !== 'paused' || !this.admitted()) return;
    this.dispatch({ type: 'RESUME' });
    this.launch();
  };

  /** Whether the task may run now: always, unless a queue says its slots are taken. */
  private admitted(): boolean {
    const gate = runGateOf(this);
    return gate === undefined || gate.admit(this);
  }

  /**
   * Aborts everything, asks SMH to cancel the task (a 404 or any other failure of that call is
   * ignored: the task is cancelled here either way), and forgets the resume record. No-op once done.
   */
  cancel = async (): Promise<void> => {
    const confirmKey = this.confirmKey;
    const wasInstant = this.mode === 'instant';
    let askedSmh = false;
    const { state, previousState } = this.machine;
    const confirming = state === 'confirming' || (state === 'paused' && previousState === 'confirming');
    if (confirming && confirmKey && !wasInstant) {
      // The confirm on the wire may already have stored the file: SMH decides the race, so a
      // stored file is never shown as cancelled.
      if (await this.confirmedDespiteCancel(confirmKey)) return;
      askedSmh = true;
    }
    // This tab may not hold the task (it failed ResumeLocked, or was paused and taken over): then
    // another tab is sending it, and cancelling here only stops it here, never pulls the upload
    // (and its record) from under that tab.
    let borrowed: HeldLock | undefined;
    if (confirmKey && !wasInstant && !askedSmh && !(this.lock && this.lockedKey === confirmKey) && !isActive(state)) {
      // Our own lock, let go by a pause a moment ago, must not read as another tab's.
      await this.releasing;
      borrowed = await acquireLock(confirmKey, this.s.locks);
      if (!borrowed) {
        this.stopRun();
        this.dispatch({ type: 'CANCEL' });
        return;
      }
    }
    try {
      this.stopRun();
      if (!this.dispatch({ type: 'CANCEL' })) return;
      this.releaseLock();
      const removal = confirmKey ? this.removeRecord(confirmKey) : Promise.resolve();
      if (confirmKey && !wasInstant && !askedSmh) {
        await this.s.client.cancelUpload(confirmKey).catch(noop);
      }
      await removal;
    } finally {
      borrowed?.release();
    }
  };

  /**
   * Asks SMH to cancel a task whose confirm is in flight. True when SMH refused because the upload
   * is complete: the task then finishes as done (by its own confirm, or here from the status).
   */
  private async confirmedDespiteCancel(confirmKey: string): Promise<boolean> {
    const { client } = this.s;
    try {
      await client.cancelUpload(confirmKey);
      return false;
    } catch {
      // 409 UploadComplete is what SMH says for a confirmed task; the status settles any other answer.
      const status = await client.getUploadStatus(confirmKey).catch(() => undefined);
      if (!status?.confirmed) return false;
      // Paused during the confirm: back to confirming, from where the task can be done.
      if (this.machine.state === 'paused') this.dispatch({ type: 'RESUME' });
      if (this.machine.state === 'confirming') {
        this.stopRun();
        this.finalPath = status.path;
        await this.finish();
      }
      return true;
    }
  }

  /**
   * Answers a name clash under `ask`: `rename` or `overwrite` begins (or confirms) again with that
   * strategy (in a queue with no free slot it waits `idle` first), `cancel` cancels. No-op unless
   * in `conflict`.
   */
  resolveConflict = (resolution: ConflictResolution): void => {
    if (this.machine.state !== 'conflict') return;
    if (resolution === 'cancel') {
      void this.cancel();
      return;
    }
    if (resolution !== 'rename' && resolution !== 'overwrite') {
      throw new TypeError(`resolveConflict takes 'rename', 'overwrite' or 'cancel', got ${String(resolution)}.`);
    }
    this.strategy = resolution;
    this.resolvedStrategy = resolution;
    if (!this.admitted()) {
      // Answered; it goes on with that answer when the queue has a slot.
      this.dispatch({ type: 'WAIT' });
      return;
    }
    this.dispatch({ type: 'RESOLVE' });
    this.launch();
  };

  subscribe = (listener: UploadListener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): UploadSnapshot => {
    this.snapshot ??= this.buildSnapshot();
    return this.snapshot;
  };

  // ── State and notification ─────────────────────────────────────────────────

  private dispatch(event: UploadEvent): boolean {
    const next = transition(this.machine, event);
    if (next === this.machine) return false;
    this.machine = next;
    // The meter measures sending only: it starts (and warms up) afresh each time parts start to move.
    if (!isSending(next.state)) this.speed.reset();
    if (isSettled(next.state)) this.finishedAt = this.s.clock.now();
    this.changed(true);
    if (isSettled(next.state)) this.resolveSettled(this.getSnapshot());
    return true;
  }

  /** Marks the snapshot stale; state changes reach listeners at once, progress once a frame. */
  private changed(immediate: boolean): void {
    this.snapshot = undefined;
    if (immediate) this.scheduler.now();
    else this.scheduler.schedule();
  }

  private flush(): void {
    const snapshot = this.getSnapshot();
    if (snapshot === this.lastNotified) return;
    this.lastNotified = snapshot;
    // A copy, so a listener that unsubscribes another does not skip it.
    for (const listener of Array.from(this.listeners)) listener(snapshot);
  }

  private buildSnapshot(): UploadSnapshot {
    if (this.partsChanged) {
      this.partsView = Object.freeze(this.parts.slice());
      this.partsChanged = false;
    }
    const total = this.s.file.size;
    const { state } = this.machine;
    // Every byte handed to the OS but not all acknowledged: what is left is COS catching up with
    // the send buffers, which no rate measured here predicts. Speed and ETA say "unknown" then.
    const draining = this.shownBytes >= total && this.confirmedBytes < total;
    const moving = isSending(state) && !draining;
    const bytesPerSecond = moving ? this.speed.bytesPerSecond : 0;
    const snapshot: Mutable<UploadSnapshot> = {
      id: this.id,
      state,
      fileName: this.s.fileName,
      requestedPath: this.requestedPath,
      conflictResolutionStrategy: this.strategy,
      totalBytes: total,
      confirmedBytes: this.confirmedBytes,
      inflightBytes: this.inflightBytes,
      progressBytes: this.shownBytes,
      partSize: this.partSize,
      parts: this.partsView,
      bytesPerSecond,
      etaSeconds: moving ? etaSeconds(total - this.shownBytes, bytesPerSecond) : undefined,
    };
    if (this.machine.previousState !== undefined) snapshot.previousState = this.machine.previousState;
    if (this.confirmKey !== undefined) snapshot.confirmKey = this.confirmKey;
    if (this.finalPath !== undefined) snapshot.finalPath = this.finalPath;
    if (this.mode !== undefined) snapshot.mode = this.mode;
    if (this.resolvedStrategy === 'rename' || this.resolvedStrategy === 'overwrite') snapshot.conflictResolution = this.resolvedStrategy;
    if (this.retrying !== undefined) snapshot.retrying = this.retrying;
    if (this.expiration !== undefined) snapshot.expiration = this.expiration;
    if (this.hashedBytes !== undefined) snapshot.hashedBytes = this.hashedBytes;
    if (this.result !== undefined) snapshot.result = this.result;
    if (this.machine.error !== undefined) snapshot.error = this.machine.error;
    if (this.startedAt !== undefined) snapshot.startedAt = this.startedAt;
    if (this.finishedAt !== undefined) snapshot.finishedAt = this.finishedAt;
    return Object.freeze(snapshot);
  }

  // ── Parts and progress ─────────────────────────────────────────────────────

  private simplePlan(): PlannedPart[] {
    return [{ number: 1, offset: 0, size: this.s.file.size }];
  }

  /**
   * Lays out the parts in one step, `stored` ones as COS has them, so `confirmedBytes` never dips
   * on the way. A part that did not change keeps its object.
   */
  private applyPlan(plan: PlannedPart[], stored: ReadonlyMap<number, { etag?: string; lastModified?: string }> = new Map()): void {
    const previous = this.parts;
    let confirmed = 0;
    this.parts = plan.map((planned) => {
      const old = previous[planned.number - 1];
      const same = old !== undefined && old.offset === planned.offset && old.size === planned.size;
      const found = stored.get(planned.number);
      if (found) {
        confirmed += planned.size;
        if (same && old.state === 'stored' && old.etag === found.etag) return old;
        const part: Mutable<PartSnapshot> = { ...planned, state: 'stored', sentBytes: 0, attempts: same ? old.attempts : 0 };
        if (found.etag !== undefined) part.etag = found.etag;
        if (found.lastModified !== undefined) part.lastModified = found.lastModified;
        return freezePart(part);
      }
      if (same && old.state === 'pending') return old;
      return same ? freezePart({ ...pendingPart(planned), attempts: old.attempts }) : pendingPart(planned);
    });
    this.partsChanged = true;
    this.confirmedBytes = confirmed;
    this.inflightBytes = 0;
    this.progressed();
  }

  private part(number: number): PartSnapshot {
    return this.parts[number - 1] as PartSnapshot;
  }

  private replacePart(next: PartSnapshot): void {
    const previous = this.part(next.number);
    this.inflightBytes += next.sentBytes - previous.sentBytes;
    if (previous.state === 'stored') this.confirmedBytes -= previous.size;
    if (next.state === 'stored') this.confirmedBytes += next.size;
    this.parts[next.number - 1] = freezePart(next);
    this.partsChanged = true;
    this.progressed();
  }

  /** Keeps the shown figure at its high-water mark and inside the file. */
  private progressed(): void {
    const now = this.confirmedBytes + this.inflightBytes;
    this.shownBytes = Math.min(this.s.file.size, Math.max(this.shownBytes, now));
    if (isSending(this.machine.state)) this.speed.sample(this.s.clock.now(), this.sentTotal);
    this.changed(false);
  }

  private markSending(number: number): void {
    const part = this.part(number);
    this.replacePart({ ...part, state: 'sending', sentBytes: 0, attempts: part.attempts + 1 });
  }

  private markPending(number: number): void {
    const part = this.part(number);
    if (part.state === 'pending' && part.sentBytes === 0) return;
    const { etag: _etag, lastModified: _lastModified, ...rest } = part;
    this.replacePart({ ...rest, state: 'pending', sentBytes: 0 });
  }

  private markFailed(number: number): void {
    this.replacePart({ ...this.part(number), state: 'failed', sentBytes: 0 });
  }

  /** `sent`: this page sent the bytes (they count toward speed); not for parts found on the server. */
  private markStored(number: number, sent: boolean, etag?: string, lastModified?: string): void {
    const part = this.part(number);
    // Bytes the transport did not report still crossed the network.
    if (sent) this.sentTotal += part.size - part.sentBytes;
    const next: PartSnapshot = { ...part, state: 'stored', sentBytes: 0 };
    if (etag !== undefined) (next as { etag?: string }).etag = etag;
    if (lastModified !== undefined) (next as { lastModified?: string }).lastModified = lastModified;
    this.replacePart(next);
  }

  private onPartProgress(number: number, loaded: number, run: AbortSignal): void {
    if (!this.alive(run)) return;
    const part = this.part(number);
    if (part.state !== 'sending') return;
    const sent = Math.min(part.size, Math.max(0, loaded));
    if (sent <= part.sentBytes) return;
    this.sentTotal += sent - part.sentBytes;
    this.replacePart({ ...part, sentBytes: sent });
  }

  /** In-flight parts go back to pending at once on pause, failure and cancel. */
  private resetSending(): void {
    for (const part of this.parts) if (part.state === 'sending') this.markPending(part.number);
  }

  private resetFailedParts(): void {
    for (const part of this.parts) if (part.state === 'failed') this.markPending(part.number);
  }

  // ── Runs ───────────────────────────────────────────────────────────────────

  private alive(run: AbortSignal): boolean {
    return !run.aborted && this.run?.signal === run;
  }

  private launch(): void {
    this.stopRun();
    const controller = new AbortController();
    this.run = controller;
    this.execute(controller.signal).catch((error: unknown) => {
      if (!this.alive(controller.signal)) return;
      this.fail(error);
    });
  }

  private stopRun(): void {
    const run = this.run;
    this.run = undefined;
    this.clearRenewTimer();
    this.keeper?.abort();
    run?.abort();
    this.resetSending();
  }

  /**
   * Waits for the person's answer like a pause: nothing is sent meanwhile, so the lock goes (the
   * upload may be continued in another tab); resolving takes it again or fails ResumeLocked.
   */
  private enterConflict(error: Error): void {
    this.releaseLock();
    this.dispatch({ type: 'CONFLICT', error });
  }

  private fail(error: unknown): void {
    this.stopRun();
    this.releaseLock();
    const reason = error instanceof Error ? error : new Error(String(error));
    this.dispatch({ type: 'FAIL', error: reason });
  }

  private async execute(signal: AbortSignal): Promise<void> {
    assertUploadableSize(this.s.file.size, this.s.fileName || 'The file');
    // One tab at a time: a multipart task continuing past begin holds its lock again (let go on
    // pause), and its record is written if a stop cut that short.
    if (this.mode === 'multipart' && this.confirmKey && (this.stage === 'transfer' || this.stage === 'confirm')) {
      await this.ensureLock(this.confirmKey, signal);
      await this.saveRecord();
    }
    for (let guard = 0; guard < 1_000; guard += 1) {
      if (!this.alive(signal)) return;
      switch (this.stage) {
        case 'begin':
          await this.begin(signal);
          break;
        case 'resync':
          await this.resync(signal);
          break;
        case 'transfer':
          if (this.mode === 'simple') await this.sendSimple(signal);
          else await this.sendParts(signal);
          break;
        case 'confirm':
          await this.confirm(signal);
          break;
        case 'finished':
          return;
      }
      if (this.machine.state === 'conflict' || isSettled(this.machine.state)) return;
    }
  }

  /** SMH calls are retried like parts: only what `isRetryable` allows, with full-jitter backoff. */
  private async withRetries<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
    try {
      for (let retry = 0; ; retry += 1) {
        try {
          return await call();
        } catch (error) {
          if (signal.aborted) throw abortError(signal);
          if (!isRetryable(error) || retry >= this.s.maxRetries) throw error;
          // Said in the snapshot (until the call goes through or gives up, so the note does not
          // flicker between tries): a page waiting out a 429 burst can tell people why nothing moves.
          this.retrying = { attempt: retry + 2, of: this.s.maxRetries + 1 };
          this.changed(true);
          // The server's Retry-After, when it gave one, is a floor (capped: a minute is plenty to wait unseen).
          const asked = error instanceof SmhApiError ? Math.min(error.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS) : 0;
          await sleep(this.s.clock, Math.max(asked, backoffDelay(retry + 1, this.s.random)), signal);
        }
      }
    } finally {
      if (this.retrying !== undefined) {
        this.retrying = undefined;
        this.changed(true);
      }
    }
  }

  private checkAlive(signal: AbortSignal): void {
    if (!this.alive(signal)) throw abortError(signal);
  }

  // ── Begin (with instant upload) ────────────────────────────────────────────

  private async begin(signal: AbortSignal): Promise<void> {
    this.dispatch({ type: 'BEGIN' });
    const { file } = this.s;
    if (this.requestedPath.length === 0) {
      throw new TypeError('The upload has no target path: pass `path` (needed by resumeUpload with restartIfGone when no resume record is stored).');
    }
    const multipart = file.size >= this.s.simpleUploadThreshold;
    this.mode = multipart ? 'multipart' : 'simple';
    this.applyPlan(multipart ? planParts(file.size, this.partSize) : this.simplePlan());
    this.changed(true);
    const options: BeginUploadOptions = {
      size: file.size,
      conflictResolutionStrategy: this.strategy,
      signal,
    };
    if (this.s.meta) options.meta = this.s.meta;
    // A simple upload begun again after its signature expired already knows there is no match.
    const instant = this.s.instantUpload && file.size >= HASH_BLOCK && this.simpleExpiries === 0;
    if (instant) {
      this.hashes.beginning ??= await beginningHash(file);
      this.checkAlive(signal);
      options.beginningHash = this.hashes.beginning;
      if (this.hashes.full) options.fullHash = this.hashes.full;
    }
    let result = await this.callBegin(multipart, options, signal);
    if (!result) return;
    if (result.status === 'hashMatched') {
      if (!this.hashes.full) {
        this.dispatch({ type: 'HASH' });
        this.hashedBytes = 0;
        this.changed(true);
        this.hashes.full = await fullHash(file, {
          signal,
          onProgress: (hashed) => {
            if (!this.alive(signal)) return;
            this.hashedBytes = hashed;
            this.changed(false);
          },
        });
        this.checkAlive(signal);
        this.dispatch({ type: 'BEGIN' });
      }
      result = await this.callBegin(multipart, { ...options, fullHash: this.hashes.full }, signal);
      if (!result) return;
      if (result.status === 'hashMatched') {
        throw new SmhResponseError('SMH answered 202 (hash matched) again after fullHash was sent; expected 200 or 201.', {
          status: 202,
          excerpt: '',
        });
      }
    }
    if (result.status === 'instant') {
      this.mode = 'instant';
      this.result = result.file;
      this.finalPath = result.file.path;
      for (const part of this.parts) if (part.state !== 'stored') this.markStored(part.number, false);
      await this.finish();
      return;
    }
    const info = result.upload;
    if (multipart && !info.uploadId) {
      throw new SmhResponseError('SMH began a multipart upload without an uploadId.', { status: 201, field: 'uploadId', excerpt: '' });
    }
    this.confirmKey = info.confirmKey;
    this.expiration = info.expiration;
    // From here on this task is the upload: a run stopped in the awaits below continues it (execute
    // takes the lock and writes the record again), never begins a second one.
    this.stage = 'transfer';
    if (multipart) {
      this.keeper = this.newKeeper(info.confirmKey, { ...info, uploadId: info.uploadId as string });
      await this.ensureLock(info.confirmKey, signal);
      await this.saveRecord();
    } else {
      this.simpleInfo = info;
    }
    this.checkAlive(signal);
  }

  /** The begin reply, or undefined when it was a name clash under `ask` (the task is in `conflict`). */
  private async callBegin(
    multipart: boolean,
    options: BeginUploadOptions,
    signal: AbortSignal,
  ): Promise<BeginUploadResult | undefined> {
    const { client } = this.s;
    let result: BeginUploadResult;
    try {
      result = await this.withRetries(
        () => (multipart ? client.beginUpload(this.requestedPath, options) : client.beginSimpleUpload(this.requestedPath, options)),
        signal,
      );
    } catch (error) {
      if (isAskConflict(error) && this.strategy === 'ask' && this.alive(signal)) {
        this.enterConflict(error as Error);
        return undefined;
      }
      throw error;
    }
    if (!this.alive(signal)) {
      // Paused or cancelled while SMH was creating the task: nothing will use it (a resumed run
      // begins again), so cancel it there too, or it lingers with its COS multipart upload.
      if (result.status === 'created') void client.cancelUpload(result.upload.confirmKey).catch(noop);
      throw abortError(signal);
    }
    return result;
  }

  // ── Resume from the server ─────────────────────────────────────────────────

  private async resync(signal: AbortSignal): Promise<void> {
    this.dispatch({ type: 'BEGIN' });
    const confirmKey = this.confirmKey as string;
    const { client, file, store } = this.s;
    await this.ensureLock(confirmKey, signal);
    let record: ResumeRecord | undefined;
    if (this.checkRecord) {
      record = store ? await store.get(confirmKey).catch(() => undefined) : undefined;
      this.checkAlive(signal);
      if (record) {
        this.assertSameFile(record);
        this.partSize = record.partSize;
        if (this.requestedPath.length === 0) this.requestedPath = [...record.path];
        this.recordSaved = true;
      }
    }
    let status: UploadTaskStatus;
    try {
      status = await this.withRetries(() => client.getUploadStatus(confirmKey, { signal }), signal);
    } catch (error) {
      if (!isTaskGone(error) || !this.alive(signal)) throw error;
      await this.removeRecord(confirmKey);
      this.releaseLock();
      if (!this.restartIfGone) {
        throw new UploadError(
          'This upload no longer exists on the server (it was confirmed elsewhere, cancelled, or expired). Start it again.',
          'TaskGone',
          { cause: error },
        );
      }
      this.forgetTask();
      this.stage = 'begin';
      return;
    }
    this.checkAlive(signal);
    if (status.path === null) {
      await this.removeRecord(confirmKey);
      throw new UploadError('A folder on the upload path was deleted while uploading; the upload cannot finish.', 'PathDeleted');
    }
    if (this.requestedPath.length === 0) this.requestedPath = [...status.path];
    this.mode = 'multipart';
    if (status.confirmed) {
      this.finalPath = status.path;
      const plan = planParts(file.size, this.partSize);
      this.applyPlan(plan, new Map(plan.map((part) => [part.number, {}])));
      await this.finish();
      return;
    }
    const partInfo = status.uploadPartInfo;
    if (!partInfo) {
      // A simple task (or a private-cloud one) has nothing to resume: begin anew, as R-IOS does
      // (smh-api.md §8.3), and drop the old task.
      void client.cancelUpload(confirmKey).catch(noop);
      await this.removeRecord(confirmKey);
      this.releaseLock();
      this.forgetTask();
      this.stage = 'begin';
      return;
    }
    // The stored parts belong to the task's uploadId: parts sent without one, or to another, would
    // never join them (COS could even take an id-less part PUT as a whole-object PUT).
    const uploadId = partInfo.uploadId || status.uploadId;
    if (!uploadId || (status.uploadId && partInfo.uploadId && partInfo.uploadId !== status.uploadId)) {
      throw new SmhResponseError(
        uploadId
          ? `SMH's status names upload ${JSON.stringify(status.uploadId)} but hands out credentials for ${JSON.stringify(partInfo.uploadId)}; no part was sent.`
          : 'SMH\'s status of a multipart task has no uploadId; no part was sent.',
        { status: 200, field: 'uploadId', excerpt: '' },
      );
    }
    const serverParts = status.parts ?? [];
    if (this.checkRecord && !record) {
      this.partSize = inferPartSize(file.size, serverParts) ?? this.partSize;
    }
    this.checkRecord = false;
    let plan: PlannedPart[];
    try {
      plan = planParts(file.size, this.partSize);
    } catch {
      throw new UploadError(
        `This file (${file.size} bytes) cannot be cut into the task's ${this.partSize}-byte parts; it is not the file the upload was started with.`,
        'FileMismatch',
      );
    }
    for (const part of serverParts) {
      if (part.PartNumber < 1 || part.PartNumber > plan.length || part.Size > expectedPartSize(file.size, this.partSize, 1)) {
        throw new UploadError(
          `The server stores part ${part.PartNumber} (${part.Size} bytes), which a ${file.size}-byte file cut into ${this.partSize}-byte parts does not have; this is not the file the upload was started with.`,
          'FileMismatch',
        );
      }
    }
    let kept = serverParts.filter((part) => part.Size === expectedPartSize(file.size, this.partSize, part.PartNumber));
    // A part listed twice counts once (the later entry, as COS keeps the last PUT of a number).
    kept = [...new Map(kept.map((part) => [part.PartNumber, part])).values()];
    if (this.s.integrityCheck && kept.length > 0) kept = await this.verifyStoredParts(plan, kept, signal);
    this.applyPlan(plan, new Map(kept.map((part) => [part.PartNumber, { etag: part.ETag, lastModified: part.LastModified }])));
    const credentials: Credentials = { ...partInfo, uploadId };
    if (this.keeper) this.keeper.replace(credentials);
    else this.keeper = this.newKeeper(confirmKey, credentials);
    this.expiration = partInfo.expiration;
    await this.saveRecord();
    this.checkAlive(signal);
    this.stage = 'transfer';
  }

  private assertSameFile(record: ResumeRecord): void {
    const { file, fileName, lastModified } = this.s;
    const differences: string[] = [];
    if (record.size !== file.size) differences.push(`size ${file.size} bytes instead of ${record.size}`);
    if (fileName && record.name && record.name !== fileName) differences.push(`name "${fileName}" instead of "${record.name}"`);
    if (lastModified && record.lastModified && record.lastModified !== lastModified) differences.push('a different modification time');
    if (differences.length > 0) {
      throw new UploadError(
        `This is not the file the upload was started with (${differences.join(', ')}). Pick "${record.name}" again.`,
        'FileMismatch',
      );
    }
  }

  /** The stored parts whose ETag is the MD5 of the local bytes; the others are sent again. */
  private async verifyStoredParts(plan: PlannedPart[], candidates: UploadPart[], signal: AbortSignal): Promise<UploadPart[]> {
    this.dispatch({ type: 'HASH' });
    this.hashedBytes = 0;
    this.changed(true);
    const matching: UploadPart[] = [];
    let hashed = 0;
    for (const candidate of candidates) {
      const part = plan[candidate.PartNumber - 1] as PlannedPart;
      const digest = await this.digestPart(part, { md5: true, crc: this.s.crc64 && !this.partCrcs.has(part.number) });
      this.checkAlive(signal);
      if (digest.md5 === normalizeEtag(candidate.ETag)) matching.push(candidate);
      else this.partCrcs.delete(part.number);
      hashed += part.size;
      this.hashedBytes = hashed;
      this.changed(false);
    }
    this.dispatch({ type: 'BEGIN' });
    return matching;
  }

  /** Reads one part's bytes once and hashes them (CRC-64 kept for confirm, MD5 returned). */
  private async digestPart(part: PlannedPart, want: { md5: boolean; crc: boolean }): Promise<{ md5?: string }> {
    const bytes = new Uint8Array(await this.s.file.slice(part.offset, part.offset + part.size).arrayBuffer());
    const out: { md5?: string } = {};
    if (want.crc) {
      const crc = await createCrc64();
      crc.update(bytes);
      this.partCrcs.set(part.number, crc.digest());
    }
    if (want.md5) {
      const md5 = await createMd5();
      md5.update(bytes);
      out.md5 = md5.digest();
    }
    return out;
  }

  private forgetTask(): void {
    this.confirmKey = undefined;
    this.keeper = undefined;
    this.expiration = undefined;
    this.recordSaved = false;
    this.partCrcs.clear();
  }

  // ── Credentials ────────────────────────────────────────────────────────────

  private newKeeper(confirmKey: string, credentials: Credentials): CredentialKeeper {
    const keeper: CredentialKeeper = new CredentialKeeper({
      client: this.s.client,
      confirmKey,
      credentials,
      renewBeforeMs: this.s.renewBeforeMs,
      now: () => this.s.clock.now(),
      renew: (signal) =>
        this.withRetries(async () => {
          const info = await this.s.client.renewUpload(confirmKey, { signal });
          // The uploadId stays the same across renewals (smh-api.md §4.4); keep ours if omitted.
          return {
            domain: info.domain,
            path: info.path,
            uploadId: info.uploadId || keeper.current.uploadId,
            headers: info.headers,
            expiration: info.expiration,
          };
        }, signal),
      onRenewing: (renewing) => {
        if (renewing) {
          this.dispatch({ type: 'RENEW' });
          return;
        }
        this.expiration = keeper.current.expiration;
        if (this.machine.state === 'renewing') this.dispatch({ type: 'UPLOAD' });
        else this.changed(false);
        if (this.run && this.stage === 'transfer') this.scheduleRenewal(this.run.signal);
      },
    });
    return keeper;
  }

  /** Renews ahead of expiry even while every connection is busy with a long part. */
  private scheduleRenewal(run: AbortSignal): void {
    this.clearRenewTimer();
    const keeper = this.keeper;
    if (!keeper || !this.alive(run)) return;
    const wait = keeper.msUntilRenewal();
    if (wait <= 0) return; // the next part renews before it starts
    this.renewTimer = this.s.clock.setTimeout(() => {
      this.renewTimer = undefined;
      if (!this.alive(run)) return;
      // A failure here is not final: parts renew again (and fail the task) when they need to.
      keeper.renewFrom(keeper.current, run).catch(noop);
    }, wait);
  }

  private clearRenewTimer(): void {
    if (this.renewTimer !== undefined) this.s.clock.clearTimeout(this.renewTimer);
    this.renewTimer = undefined;
  }

  // ── Transfer ───────────────────────────────────────────────────────────────

  private async sendParts(run: AbortSignal): Promise<void> {
    this.dispatch({ type: 'UPLOAD' });
    const numbers = this.parts.filter((part) => part.state !== 'stored').map((part) => part.number);
    const batch = new AbortController();
    const onAbort = () => batch.abort(run.reason);
    run.addEventListener('abort', onAbort, { once: true });
    this.scheduleRenewal(run);
    try {
      await new Promise<void>((resolve, reject) => {
        let next = 0;
        let active = 0;
        let failed = false;
        const pump = () => {
          if (failed) return;
          while (active < this.concurrency.limit && next < numbers.length) {
            const number = numbers[next] as number;
            next += 1;
            active += 1;
            this.sendPart(number, batch.signal, run).then(
              () => {
                active -= 1;
                pump();
              },
              (error: unknown) => {
                active -= 1;
                if (failed) return;
                failed = true;
                // Siblings stop now; what they stored stays stored for a later start().
                batch.abort(error);
                reject(error);
              },
            );
          }
          if (active === 0 && next >= numbers.length) resolve();
        };
        pump();
      });
    } finally {
      run.removeEventListener('abort', onAbort);
      this.clearRenewTimer();
    }
    this.checkAlive(run);
    this.stage = 'confirm';
  }

  private async sendPart(number: number, signal: AbortSignal, run: AbortSignal): Promise<void> {
    const keeper = this.keeper as CredentialKeeper;
    const { clock, transport } = this.s;
    let retries = 0;
    let expiries = 0;
    for (;;) {
      const credentials = await keeper.ready(signal);
      if (!this.alive(run) || signal.aborted) throw abortError(signal);
      const url = partUrl(credentials, number, this.s.allowInsecureHttp);
      const part = this.part(number);
      const body = this.s.file.slice(part.offset, part.offset + part.size);
      this.markSending(number);
      const startedAt = clock.now();
      const needCrc = this.s.crc64 && !this.partCrcs.has(number);
      const digest =
        needCrc || this.s.integrityCheck ? this.digestPart(part, { md5: this.s.integrityCheck, crc: needCrc }) : undefined;
      digest?.catch(noop);
      try {
        const response = await transport.send({
          url,
          method: 'PUT',
          headers: { ...credentials.headers },
          body,
          signal,
          onProgress: (loaded) => this.onPartProgress(number, loaded, run),
        });
        const local = digest ? await digest : undefined;
        if (!this.alive(run) || signal.aborted) throw abortError(signal);
        if (response.date !== undefined && keeper.observeServerDate(response.date, clock.now())) this.scheduleRenewal(run);
        const etag = normalizeEtag(response.etag);
        if (local?.md5 !== undefined && etag !== undefined && etag !== local.md5) {
          throw new UploadError(
            `COS stored part ${number} with MD5 ${etag}, but the bytes sent hash to ${local.md5}.`,
            'IntegrityMismatch',
          );
        }
        this.markStored(number, true, response.etag);
        this.concurrency.onSuccess(part.size, startedAt, clock.now());
        return;
      } catch (error) {
        if (signal.aborted || !this.alive(run) || isAbortError(error)) {
          if (this.alive(run)) this.markPending(number);
          throw signal.aborted ? abortError(signal) : error;
        }
        this.concurrency.onError(error);
        if (error instanceof CosError && error.isExpired) {
          expiries += 1;
          if (expiries > MAX_EXPIRY_RENEWALS) {
            this.markFailed(number);
            throw error;
          }
          this.markPending(number);
          // Not a failure of the part: renew (once for all parts that hit it) and send again.
          await keeper.renewFrom(credentials, signal);
          continue;
        }
        const retryable = isRetryable(error) || (error instanceof UploadError && error.code === 'IntegrityMismatch');
        if (!retryable || retries >= this.s.maxRetries) {
          this.markFailed(number);
          throw error;
        }
        retries += 1;
        this.markPending(number);
        await sleep(clock, backoffDelay(retries, this.s.random), signal);
      }
    }
  }

  private async sendSimple(run: AbortSignal): Promise<void> {
    this.dispatch({ type: 'UPLOAD' });
    const { clock, transport, file } = this.s;
    let retries = 0;
    for (;;) {
      const info = this.simpleInfo as UploadInfo;
      const url = objectUrl(info, this.s.allowInsecureHttp);
      const needCrc = this.s.crc64 && !this.partCrcs.has(1);
      const digest = needCrc ? this.digestPart(this.part(1), { md5: false, crc: true }) : undefined;
      digest?.catch(noop);
      this.markSending(1);
      try {
        const response = await transport.send({
          url,
          method: 'PUT',
          headers: { ...info.headers },
          body: file,
          signal: run,
          onProgress: (loaded) => this.onPartProgress(1, loaded, run),
        });
        if (digest) await digest;
        this.checkAlive(run);
        this.markStored(1, true, response.etag);
        this.stage = 'confirm';
        return;
      } catch (error) {
        if (!this.alive(run) || isAbortError(error)) throw run.aborted ? abortError(run) : error;
        if (error instanceof CosError && error.isExpired) {
          // Simple-upload credentials cannot be renewed; begin again (smh-api.md §4.1).
          this.simpleExpiries += 1;
          if (this.simpleExpiries > MAX_EXPIRY_RENEWALS) {
            this.markFailed(1);
            throw error;
          }
          this.markPending(1);
          const stale = info.confirmKey;
          void this.s.client.cancelUpload(stale).catch(noop);
          this.forgetTask();
          this.stage = 'begin';
          return;
        }
        if (!isRetryable(error) || retries >= this.s.maxRetries) {
          this.markFailed(1);
          throw error;
        }
        retries += 1;
        this.markPending(1);
        await sleep(clock, backoffDelay(retries, this.s.random), run);
      }
    }
  }

  // ── Confirm ────────────────────────────────────────────────────────────────

  private async confirm(signal: AbortSignal): Promise<void> {
    this.dispatch({ type: 'CONFIRM' });
    const confirmKey = this.confirmKey as string;
    const options: ConfirmUploadOptions = { signal };
    if (this.s.crc64) {
      // Parts kept from an earlier session were never read here: read them now, one at a time.
      for (const part of this.parts) {
        if (!this.partCrcs.has(part.number)) await this.digestPart(part, { md5: false, crc: true });
        this.checkAlive(signal);
      }
      const crcs = this.parts.map((part) => ({ crc: this.partCrcs.get(part.number) as bigint, size: part.size }));
      options.crc64 = crc64ToDecimal(crc64CombineAll(crcs));
    }
    if (this.resolvedStrategy) options.conflictResolutionStrategy = this.resolvedStrategy;
    let file: ConfirmedFile;
    try {
      file = await this.withRetries(() => this.s.client.confirmUpload(confirmKey, options), signal);
    } catch (error) {
      if (!this.alive(signal)) throw error;
      if (isAskConflict(error) && this.strategy === 'ask') {
        this.enterConflict(error as Error);
        return;
      }
      // A confirm whose reply was lost (then retried, or aborted and resumed) already went through.
      if (isUploadComplete(error)) {
        const status = await this.s.client.getUploadStatus(confirmKey, { signal }).catch(() => undefined);
        this.checkAlive(signal);
        if (status?.confirmed) {
          this.finalPath = status.path;
          await this.finish();
          return;
        }
      }
      throw error;
    }
    this.checkAlive(signal);
    this.result = file;
    this.finalPath = file.path;
    await this.finish();
  }

  private async finish(): Promise<void> {
    this.stage = 'finished';
    this.shownBytes = this.s.file.size;
    // Done before the store answers: a cancel() in that wait must not turn a stored file "cancelled".
    const removal = this.confirmKey ? this.removeRecord(this.confirmKey) : undefined;
    this.releaseLock();
    this.dispatch({ type: 'DONE' });
    await removal;
  }

  // ── Persistence and locks ──────────────────────────────────────────────────

  private async saveRecord(): Promise<void> {
    const { store, client, file, fileName, lastModified, clock } = this.s;
    if (!store || this.recordSaved || !this.confirmKey) return;
    this.recordSaved = true;
    // Exactly the documented fields: never a token, never a signed header.
    const record: ResumeRecord = {
      confirmKey: this.confirmKey,
      libraryId: client.libraryId,
      spaceId: client.spaceId,
      path: [...this.requestedPath],
      name: fileName,
      size: file.size,
      lastModified,
      partSize: this.partSize,
      createdAt: clock.now(),
    };
    await store.put(record, file).catch(noop);
  }

  private async removeRecord(confirmKey: string): Promise<void> {
    this.recordSaved = false;
    await this.s.store?.remove(confirmKey).catch(noop);
  }

  private async ensureLock(confirmKey: string, signal: AbortSignal): Promise<void> {
    if (this.lock && this.lockedKey === confirmKey) return;
    this.releaseLock();
    const lock = await acquireLock(confirmKey, this.s.locks);
    if (!this.alive(signal)) {
      lock?.release();
      throw abortError(signal);
    }
    if (!lock) {
      throw new UploadError('This upload is already running in another tab or window; continue it there.', 'ResumeLocked');
    }
    this.lock = lock;
    this.lockedKey = confirmKey;
  }

  private releaseLock(): void {
    if (this.lock) {
      this.lock.release();
      this.releasing = this.lock.released;
    }
    this.lock = undefined;
    this.lockedKey = undefined;
  }
}

/**
 * Creates an upload of `file` to `path`. Nothing happens until `start()` (or `autoStart`).
 * Throws a `TypeError` for options that cannot work (no client, concurrency < 1, a part size
 * outside 1 MiB..5 GiB); a file COS cannot take (no readable size, over 10,000 × 5 GiB) fails the
 * task at start with `UploadError('InvalidFile')`. An empty file is fine: it goes as one empty PUT.
 */
export function createUpload(options: UploadOptions & EngineExtras): UploadTask {
  if (options?.path === undefined || options.path === null) {
    throw new TypeError('createUpload needs `path`: the target folder and file name, such as "folder/file.txt".');
  }
  const start: Start = { stage: 'begin', requestedPath: splitSmhPath(options.path) };
  if (options.partSize !== undefined) start.partSize = options.partSize;
  return new UploadEngine(options, start);
}

/**
 * Continues the task `confirmKey` with `file`: checks the file against the stored record, asks SMH
 * which parts it stores, sends only the rest, and confirms. Not started until `start()` (or
 * `autoStart`).
 */
export function resumeUpload(options: ResumeOptions & EngineExtras): UploadTask {
  if (typeof options?.confirmKey !== 'string' || options.confirmKey === '') {
    throw new TypeError('resumeUpload needs `confirmKey`: the key of the upload task to continue.');
  }
  const start: Start = {
    stage: 'resync',
    confirmKey: options.confirmKey,
    requestedPath: options.path === undefined ? [] : splitSmhPath(options.path),
    checkRecord: true,
    restartIfGone: options.restartIfGone ?? false,
  };
  if (options.partSize !== undefined) start.partSize = options.partSize;
  return new UploadEngine(options, start);
}
