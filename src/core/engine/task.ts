// The orchestrator: the public `UploadTask` (start, pause, resume, cancel, resolveConflict,
// subscribe) and the run loop that moves a task through its stages (begin → transfer → confirm,
// or resync → transfer → confirm). It owns the run (one AbortController per run) and nothing else:
// the stage modules do the work, the job holds the state.
import { UploadError } from '../errors';
import { assertUploadableSize } from '../partPlan';
import { markSmallFile, runGateOf } from '../runGate';
import { isActive, isSettled } from '../transitions';
import type { ConflictResolution, UploadListener, UploadSnapshot, UploadTask } from '../types';
import { begin } from './begin';
import { cancelDuringConfirm, confirm } from './confirm';
import { Job, type Stage, type Start } from './job';
import type { EngineOptions } from './options';
import { resync } from './resync';
import { sendParts, sendSimple } from './transfer';

const noop = () => {};

/** A run that took this many stages without settling is looping: it fails instead of spinning. */
const MAX_STAGES_PER_RUN = 1_000;

type Step = (signal: AbortSignal) => Promise<void>;

/**
 * Runs `steps[stage()]` until `stop()` holds, the stage is `finished`, or the signal aborts. A run
 * that takes `maxStages` steps fails with a clear `UploadError` rather than leaving the task active.
 */
export async function runStages(
  stage: () => Stage,
  steps: Record<Exclude<Stage, 'finished'>, Step>,
  stop: () => boolean,
  signal: AbortSignal,
  maxStages = MAX_STAGES_PER_RUN,
): Promise<void> {
  for (let count = 0; count < maxStages; count += 1) {
    const current = stage();
    if (signal.aborted || current === 'finished') return;
    await steps[current](signal);
    if (stop()) return;
  }
  if (signal.aborted) return;
  throw new UploadError(
    `The upload went through ${maxStages} stages in one run without finishing (last: ${stage()}); it was stopped instead of looping.`,
    'StageLoop',
  );
}

export class UploadEngine implements UploadTask {
  readonly id: string;
  private readonly job: Job;
  private run: AbortController | undefined;

  constructor(options: EngineOptions, start: Start) {
    this.job = new Job(options, start);
    this.id = this.job.id;
    this.job.request = (host, urgent, signal, work) => runGateOf(this)?.call(host, urgent, signal, work) ?? work();
    // A new task sent in one PUT runs in a queue's small-file lane.
    if (start.stage === 'begin' && this.job.s.file.size < this.job.s.simpleUploadThreshold) markSmallFile(this);
    if (options.autoStart) this.start();
  }

  get settled(): Promise<UploadSnapshot> {
    return this.job.store.settled;
  }

  /**
   * Begins (idle), or after a failure picks up from what the server stores. No-op otherwise. In a
   * queue with no free slot the task waits `idle` and the queue starts it.
   */
  start = (): void => {
    const { job } = this;
    const from = job.store.state;
    if (from !== 'idle' && from !== 'failed') return;
    if (from === 'failed') {
      // Pick up from the server's parts (multipart), or send the whole body again (simple).
      if (job.stage === 'transfer' || job.stage === 'confirm') {
        job.stage = job.mode === 'multipart' && job.confirmKey ? 'resync' : 'begin';
      }
      job.ledger.resetFailed();
    }
    if (!this.admitted()) {
      job.dispatch({ type: 'WAIT' });
      return;
    }
    job.dispatch({ type: 'START' });
    this.launch();
  };

  /** Stops sending (in-flight parts are aborted and sent again on resume). No-op unless running. */
  pause = (): void => {
    if (!isActive(this.job.store.state)) return;
    this.stopRun();
    // A paused task sends nothing: another tab (or a task made after the queue forgot this one)
    // may take it over; resuming here takes the lock again or fails ResumeLocked.
    this.job.claim.release();
    this.job.dispatch({ type: 'PAUSE' });
  };

  /** Continues a paused task. No-op unless paused; in a queue with no free slot it stays paused until one frees. */
  resume = (): void => {
    if (this.job.store.state !== 'paused' || !this.admitted()) return;
    this.job.dispatch({ type: 'RESUME' });
    this.launch();
  };

  /**
   * Aborts everything, asks SMH to cancel the task (a 404 or any other failure of that call is
   * ignored: the task is cancelled here either way), and forgets the resume record. No-op once done.
   * A task another tab holds (this one failed ResumeLocked, or was paused and taken over) is only
   * stopped here: the upload and its record are that tab's.
   */
  cancel = async (): Promise<void> => {
    const { job } = this;
    const confirmKey = job.confirmKey;
    const onServer = confirmKey !== undefined && job.mode !== 'instant';
    const { state, previousState } = job.store;
    let borrowed: { release(): void } | undefined;
    if (onServer && !isActive(state) && !job.claim.holds(confirmKey)) {
      borrowed = await job.claim.borrow(confirmKey);
      if (!borrowed) {
        this.stopRun();
        job.dispatch({ type: 'CANCEL' });
        return;
      }
    }
    try {
      let askedSmh = false;
      const confirming = state === 'confirming' || (state === 'paused' && previousState === 'confirming');
      if (onServer && confirming) {
        // The confirm on the wire may already have stored the file: SMH decides the race, so a
        // stored file is never shown as cancelled.
        if (await cancelDuringConfirm(job, confirmKey, () => this.stopRun())) return;
        askedSmh = true;
      }
      this.stopRun();
      if (!job.dispatch({ type: 'CANCEL' })) return;
      job.claim.release();
      const removal = confirmKey ? job.claim.forget(confirmKey) : Promise.resolve();
      if (onServer && !askedSmh) await job.s.client.cancelUpload(confirmKey).catch(noop);
      await removal;
    } finally {
      borrowed?.release();
    }
  };

  /**
   * Answers a name clash under `ask`: `rename` or `overwrite` begins (or confirms) again with that
   * strategy (in a queue with no free slot it waits `idle` first), `cancel` cancels. No-op unless
   * in `conflict`.
   */
  resolveConflict = (resolution: ConflictResolution): void => {
    const { job } = this;
    if (job.store.state !== 'conflict') return;
    if (resolution === 'cancel') {
      void this.cancel();
      return;
    }
    if (resolution !== 'rename' && resolution !== 'overwrite') {
      throw new TypeError(`resolveConflict takes 'rename', 'overwrite' or 'cancel', got ${String(resolution)}.`);
    }
    job.strategy = resolution;
    job.resolvedStrategy = resolution;
    if (!this.admitted()) {
      // Answered; it goes on with that answer when the queue has a slot.
      job.dispatch({ type: 'WAIT' });
      return;
    }
    job.dispatch({ type: 'RESOLVE' });
    this.launch();
  };

  subscribe = (listener: UploadListener): (() => void) => this.job.store.subscribe(listener);

  getSnapshot = (): UploadSnapshot => this.job.store.getSnapshot();

  /** Whether the task may run now: always, unless a queue says its slots are taken. */
  private admitted(): boolean {
    const gate = runGateOf(this);
    return gate === undefined || gate.admit(this);
  }

  private launch(): void {
    this.stopRun();
    const controller = new AbortController();
    this.run = controller;
    this.execute(controller.signal).catch((error: unknown) => {
      if (controller.signal.aborted) return;
      this.fail(error);
    });
  }

  /** Aborts the run: requests, waits, the renewal timer; in-flight parts go back to pending. */
  private stopRun(): void {
    const run = this.run;
    this.run = undefined;
    this.job.keeper?.abort();
    run?.abort();
    this.job.retry.clear();
    this.job.ledger.resetSending();
    // Paused, failed or cancelled: only what is stored counts as done.
    this.job.ledger.showStoredOnly();
  }

  private fail(error: unknown): void {
    this.stopRun();
    this.job.claim.release();
    const reason = error instanceof Error ? error : new Error(String(error));
    this.job.dispatch({ type: 'FAIL', error: reason });
  }

  private async execute(signal: AbortSignal): Promise<void> {
    const { job } = this;
    assertUploadableSize(job.s.file.size, job.s.fileName || 'The file');
    // One tab at a time: a multipart task continuing past begin holds its lock again (let go on
    // pause), and its record is written if a stop cut that short.
    if (job.mode === 'multipart' && job.confirmKey && (job.stage === 'transfer' || job.stage === 'confirm')) {
      await job.claim.take(job.confirmKey, signal);
      await job.claim.save({ confirmKey: job.confirmKey, path: job.requestedPath, partSize: job.partSize });
    }
    await runStages(
      () => job.stage,
      {
        begin: (run) => begin(job, run),
        resync: (run) => resync(job, run),
        transfer: (run) => (job.mode === 'simple' ? sendSimple(job, run) : sendParts(job, run)),
        confirm: (run) => confirm(job, run),
      },
      () => job.store.state === 'conflict' || isSettled(job.store.state),
      signal,
    );
  }
}
