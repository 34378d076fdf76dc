// The task store: the state machine (through the pure `transition`), the snapshot, the listeners
// and `settled`. State changes reach listeners at once, progress at most once a frame. A listener
// that throws never changes the task: its error is reported on its own (docs/style.md on effects).
import { FrameScheduler, SpeedMeter, etaSeconds } from '../progress';
import { initialMachine, isSettled, transition, type MachineState, type UploadEvent } from '../transitions';
import type { Clock, UploadListener, UploadSnapshot, UploadState } from '../types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What the rest of the engine knows for the snapshot; the store adds state, speed and timing. */
export type SnapshotFacts = Omit<
  UploadSnapshot,
  'state' | 'previousState' | 'error' | 'bytesPerSecond' | 'etaSeconds' | 'startedAt' | 'finishedAt'
>;

/** Parts are moving: the states in which speed and ETA mean something. */
function isSending(state: UploadState): boolean {
  return state === 'uploading' || state === 'renewing';
}

/** Hands a listener's error to the page (`reportError`, else an uncaught throw) without stopping the loop. */
function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else
    queueMicrotask(() => {
      throw error;
    });
}

interface Deferred {
  promise: Promise<UploadSnapshot>;
  resolve: (snapshot: UploadSnapshot) => void;
}

function deferred(): Deferred {
  const handle: Partial<Deferred> = {};
  handle.promise = new Promise<UploadSnapshot>((done) => {
    handle.resolve = done;
  });
  return handle as Deferred;
}

export class TaskStore {
  private machine: MachineState = initialMachine;
  private readonly listeners = new Set<UploadListener>();
  private snapshot: UploadSnapshot | undefined;
  private lastNotified: UploadSnapshot | undefined;
  private readonly scheduler: FrameScheduler;
  private readonly speed = new SpeedMeter();
  private run: Deferred = deferred();
  private startedAt: number | undefined;
  private finishedAt: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly facts: () => SnapshotFacts,
  ) {
    this.scheduler = new FrameScheduler(clock, () => this.flush());
  }

  get state(): UploadState {
    return this.machine.state;
  }

  get previousState(): UploadState | undefined {
    return this.machine.previousState;
  }

  /** The current run's end: a failed task started again gets a new promise (see `UploadTask.settled`). */
  get settled(): Promise<UploadSnapshot> {
    return this.run.promise;
  }

  /** Applies `event`; false (and nothing changes) when the machine does not allow it now. */
  dispatch(event: UploadEvent): boolean {
    const before = this.machine.state;
    const next = transition(this.machine, event);
    if (next === this.machine) return false;
    this.machine = next;
    // Leaving `failed` is a new run with its own `settled`.
    if (before === 'failed') this.run = deferred();
    if (event.type === 'START') this.startedAt ??= this.clock.now();
    // The meter measures sending only: it starts (and warms up) afresh each time parts start to move.
    if (!isSending(next.state)) this.speed.reset();
    // A task started again after it failed is running: it has no end time until it ends again.
    this.finishedAt = isSettled(next.state) ? this.clock.now() : undefined;
    this.changed(true);
    if (isSettled(next.state)) this.run.resolve(this.getSnapshot());
    return true;
  }

  /** Bytes moved: feeds the speed meter (while sending) and notifies within a frame. */
  progressed(sentBytes: number): void {
    if (isSending(this.machine.state)) this.speed.sample(this.clock.now(), sentBytes);
    this.changed(false);
  }

  /** Marks the snapshot stale; `immediate` notifies now, otherwise within a frame. */
  changed(immediate: boolean): void {
    this.snapshot = undefined;
    if (immediate) this.scheduler.now();
    else this.scheduler.schedule();
  }

  subscribe(listener: UploadListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  getSnapshot(): UploadSnapshot {
    this.snapshot ??= this.build();
    return this.snapshot;
  }

  private flush(): void {
    const snapshot = this.getSnapshot();
    if (snapshot === this.lastNotified) return;
    this.lastNotified = snapshot;
    // A copy, so a listener that unsubscribes another does not skip it.
    for (const listener of Array.from(this.listeners)) {
      try {
        listener(snapshot);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }

  private build(): UploadSnapshot {
    const facts = this.facts();
    const { state, previousState, error } = this.machine;
    const total = facts.totalBytes;
    const shown = facts.progressBytes ?? 0;
    // Every byte handed to the OS but not all acknowledged: what is left is COS catching up with
    // the send buffers, which no rate measured here predicts. Speed and ETA say "unknown" then.
    const draining = shown >= total && facts.confirmedBytes < total;
    const moving = isSending(state) && !draining;
    const bytesPerSecond = moving ? this.speed.bytesPerSecond : 0;
    const snapshot: Mutable<UploadSnapshot> = {
      ...facts,
      state,
      bytesPerSecond,
      etaSeconds: moving ? etaSeconds(total - shown, bytesPerSecond) : undefined,
    };
    if (previousState !== undefined) snapshot.previousState = previousState;
    if (error !== undefined) snapshot.error = error;
    if (this.startedAt !== undefined) snapshot.startedAt = this.startedAt;
    if (this.finishedAt !== undefined) snapshot.finishedAt = this.finishedAt;
    return Object.freeze(snapshot);
  }
}
