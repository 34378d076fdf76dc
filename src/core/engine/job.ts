// One upload's working state, shared by the stage modules (begin, resync, transfer, confirm): the
// settings, the parts (ledger), the store (state machine and snapshot), the claim (lock and record),
// integrity, the retry policy, and what is known of the task on the server. The stages read and
// move it; the orchestrator (task.ts) decides when they run.
import type { ConfirmedFile, ConflictResolutionStrategy, UploadInfo } from '../../api/types';
import { AdaptiveConcurrency } from '../concurrency';
import { MAX_FILE_SIZE, choosePartSize, planParts, type PlannedPart } from '../partPlan';
import { RetryPolicy } from '../retry';
import type { RequestHost } from '../runGate';
import type { UploadEvent } from '../transitions';
import { Claim } from './claim';
import { Integrity, warnCrcHeaderMissing } from './integrity';
import { PartLedger } from './ledger';
import { settingsFrom, newId, type EngineOptions, type Settings } from './options';
import { CredentialKeeper, type Credentials } from './renewal';
import { TaskStore, type SnapshotFacts } from './taskStore';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Where a run picks up: each stage sets the next one as soon as its work is safely past. */
export type Stage = 'begin' | 'resync' | 'transfer' | 'confirm' | 'finished';

/** How a task was made. */
export interface Start {
  stage: Stage;
  confirmKey?: string;
  requestedPath: string[];
  partSize?: number;
  /** resumeUpload: check the picked file against the stored record before anything else. */
  checkRecord?: boolean;
  restartIfGone?: boolean;
}

export class Job {
  readonly id: string;
  readonly s: Settings;
  readonly store: TaskStore;
  readonly ledger: PartLedger;
  readonly claim: Claim;
  readonly integrity: Integrity;
  readonly retry: RetryPolicy;
  readonly concurrency: AdaptiveConcurrency;

  stage: Stage;
  /** `simple`, `multipart` or `instant`, once decided (at begin, or by a resume's status). */
  mode: 'simple' | 'multipart' | 'instant' | undefined;
  /** The task on the server, once begun (or named by resumeUpload). */
  confirmKey: string | undefined;
  /** A multipart task's credentials. */
  keeper: CredentialKeeper | undefined;
  /** A simple task's one signed PUT. */
  simpleInfo: UploadInfo | undefined;
  /** The strategy in force: the one begun with, or the person's answer to a clash. */
  strategy: ConflictResolutionStrategy;
  /** Set once the person answered a conflict. */
  resolvedStrategy: 'rename' | 'overwrite' | undefined;
  requestedPath: string[];
  finalPath: readonly string[] | null | undefined;
  partSize: number;
  result: ConfirmedFile | undefined;
  expiration: string | undefined;
  hashedBytes: number | undefined;
  /** Instant-upload hashes, computed once per task. */
  readonly hashes: { beginning?: string; full?: string } = {};
  /** Times a simple upload was begun again because COS said its signature expired. */
  simpleExpiries = 0;
  /** With `crc64`: a COS reply came without a readable `x-cos-hash-crc64ecma` (diagnosed once). */
  crc64Unchecked = false;
  /** resumeUpload, before the first status: check the picked file against the stored record. */
  checkRecord: boolean;
  readonly restartIfGone: boolean;
  /**
   * Runs one request (an SMH begin or confirm, a COS PUT) within the queue's budget for its host,
   * `urgent` first; at once outside a queue.
   */
  request: <T>(host: RequestHost, urgent: boolean, signal: AbortSignal, work: () => Promise<T>) => Promise<T> = (_host, _urgent, _signal, work) =>
    work();

  constructor(options: EngineOptions, start: Start) {
    this.s = settingsFrom(options);
    this.id = newId(this.s.random);
    this.store = new TaskStore(this.s.clock, () => this.facts());
    this.ledger = new PartLedger(this.s.file.size, () => this.store.progressed(this.ledger.sentBytes));
    this.claim = new Claim(this.s);
    this.integrity = new Integrity(this.s.file);
    this.retry = new RetryPolicy({
      clock: this.s.clock,
      random: this.s.random,
      maxRetries: this.s.maxRetries,
      network: this.s.network,
      offlineTimeoutMs: this.s.offlineTimeoutMs,
      onNote: () => this.store.changed(true),
    });
    this.concurrency = new AdaptiveConcurrency(this.s.concurrency, this.s.maxConcurrency);
    this.stage = start.stage;
    this.confirmKey = start.confirmKey;
    this.strategy = options.conflictResolutionStrategy ?? 'rename';
    this.requestedPath = start.requestedPath;
    this.checkRecord = start.checkRecord ?? false;
    this.restartIfGone = start.restartIfGone ?? false;
    this.partSize = start.partSize ?? choosePartSize(Math.max(1, this.s.file.size), this.s.concurrency);
    // Show the plan before start when it can be known; an unusable file fails at start().
    const { size } = this.s.file;
    if (this.stage === 'begin' && size > 0 && size <= MAX_FILE_SIZE) {
      try {
        this.ledger.apply(size < this.s.simpleUploadThreshold ? this.simplePlan() : planParts(size, this.partSize));
      } catch (error) {
        if (error instanceof TypeError) throw error;
      }
    }
  }

  dispatch(event: UploadEvent): boolean {
    return this.store.dispatch(event);
  }

  simplePlan(): PlannedPart[] {
    return [{ number: 1, offset: 0, size: this.s.file.size }];
  }

  /** A keeper for the multipart task `confirmKey`, renewing through the retry policy. */
  newKeeper(confirmKey: string, credentials: Credentials): CredentialKeeper {
    const keeper: CredentialKeeper = new CredentialKeeper({
      client: this.s.client,
      confirmKey,
      credentials,
      renewBeforeMs: this.s.renewBeforeMs,
      clock: this.s.clock,
      renew: (signal) =>
        this.retry.run(async () => {
          const { trafficLimit } = this.s.smh;
          const info = await this.s.client.renewUpload(confirmKey, trafficLimit === undefined ? { signal } : { signal, trafficLimit });
          // The uploadId stays the same across renewals (docs/smh-protocol.md §4.4); keep ours if omitted.
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
        if (this.store.state === 'renewing') this.dispatch({ type: 'UPLOAD' });
        else this.store.changed(false);
      },
    });
    return keeper;
  }

  /** Notes that COS's CRC-64 could not be read: warned once per client, and shown on the snapshot. */
  crcHeaderMissing(): void {
    if (this.crc64Unchecked) return;
    this.crc64Unchecked = true;
    warnCrcHeaderMissing(this.s.client);
    this.store.changed(true);
  }

  /** The server's task is gone or dropped: a later begin makes a new one. */
  forgetTask(): void {
    this.confirmKey = undefined;
    this.keeper = undefined;
    this.simpleInfo = undefined;
    this.expiration = undefined;
    this.integrity.forget();
  }

  /**
   * Waits for the person's answer like a pause: nothing is sent meanwhile, so the lock goes (the
   * upload may be continued in another tab); resolving takes it again or fails ResumeLocked.
   */
  enterConflict(error: Error): void {
    this.claim.release();
    this.dispatch({ type: 'CONFLICT', error });
  }

  /** SMH stores the file: done, with the record forgotten and the lock let go. */
  async finish(finalPath: readonly string[] | null, result?: ConfirmedFile): Promise<void> {
    this.stage = 'finished';
    this.finalPath = finalPath;
    if (result) this.result = result;
    this.ledger.showAllDone();
    // Done before the store answers: a cancel() in that wait must not turn a stored file "cancelled".
    const confirmKey = this.confirmKey;
    const removal = confirmKey ? this.claim.forget(confirmKey) : undefined;
    this.claim.release();
    this.dispatch({ type: 'DONE' });
    await removal;
  }

  private facts(): SnapshotFacts {
    const { ledger } = this;
    const facts: Mutable<SnapshotFacts> = {
      id: this.id,
      fileName: this.s.fileName,
      requestedPath: this.requestedPath,
      conflictResolutionStrategy: this.strategy,
      totalBytes: this.s.file.size,
      storedBytes: ledger.confirmedBytes,
      confirmedBytes: ledger.confirmedBytes,
      inflightBytes: ledger.inflightBytes,
      progressBytes: ledger.progressBytes,
      partSize: this.partSize,
      parts: ledger.parts,
    };
    const { confirmKey, mode } = this;
    const retrying = this.retry.note;
    if (confirmKey !== undefined) facts.confirmKey = confirmKey;
    if (this.finalPath !== undefined) facts.finalPath = this.finalPath;
    if (mode !== undefined) facts.mode = mode;
    if (this.resolvedStrategy !== undefined) facts.conflictResolution = this.resolvedStrategy;
    if (retrying !== undefined) facts.retrying = retrying;
    if (this.retry.waitingForNetwork) facts.waitingForNetwork = true;
    if (this.crc64Unchecked) facts.crc64Unchecked = true;
    if (this.expiration !== undefined) facts.expiration = this.expiration;
    if (this.hashedBytes !== undefined) facts.hashedBytes = this.hashedBytes;
    if (this.result !== undefined) facts.result = this.result;
    return facts;
  }
}
