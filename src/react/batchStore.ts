// The whole queue as one picture for useUploadBatch: bytes, speed, time left and counts by state
// over every task. One subscription per queue (through queueStore), at most one new picture per
// animation frame however many tasks report, and a slow tick while uploads run so a stall shows.
import type { Clock, UploadSnapshot, UploadState, UploadTask } from '../core/types';
import type { UploadQueue } from '../core';
import { etaSeconds, FrameScheduler, SpeedMeter } from '../core/progress';
import { canRetry } from '../core/retryable';
import { queueStore } from './queueStore';

/** How many tasks stand where. */
export interface UploadBatchCounts {
  /** Queued, not started yet (or held by "pause all"). */
  readonly waiting: number;
  /** Checking the file, starting, sending, renewing or finishing. */
  readonly uploading: number;
  readonly paused: number;
  /** Waiting for an answer to a name clash (`resolveConflict`). */
  readonly conflict: number;
  readonly failed: number;
  readonly done: number;
  readonly cancelled: number;
}

/** Everything in the provider's queue at a glance. */
export interface UploadBatchSnapshot {
  /** Tasks in the queue, whatever their state. */
  readonly files: number;
  readonly counts: UploadBatchCounts;
  /** Failed tasks that a retry can mend (`retryAllFailed` starts these). */
  readonly retryableFailed: number;
  /** Bytes of every task but the cancelled ones; files not begun yet count with their size. */
  readonly totalBytes: number;
  /** Of `totalBytes`, what is stored or on its way (never more than `totalBytes`). */
  readonly doneBytes: number;
  /**
   * Smoothed speed over the whole batch; 0 when unknown: nothing sending, the first second after
   * sending starts or resumes, or a stall.
   */
  readonly bytesPerSecond: number;
  /**
   * Seconds until what is running or waiting is done at `bytesPerSecond`; undefined when that is
   * unknown (0) or nothing is left to send. Paused, failed and clashing files are not counted.
   */
  readonly etaSeconds: number | undefined;
  /** Uploads are under way but no byte has moved for a while: speed and time left are unknown. */
  readonly stalled: boolean;
  /** There are tasks and none is waiting, running, paused or waiting for an answer. */
  readonly finished: boolean;
}

export interface BatchStore {
  subscribe(onChange: () => void): () => void;
  getSnapshot(): UploadBatchSnapshot;
}

/** Without a byte moving for this long while uploads run, speed and time left become unknown. */
export const STALL_MS = 5_000;
/** While uploads run, the picture is redrawn at least this often (to age the speed, to see a stall). */
const TICK_MS = 1_000;
/**
 * Time left counts down on its own and follows the estimate from the speed with this time
 * constant: the speed's small wobbles (±5 % is ±5 s of a 100 s estimate) no longer make it tick
 * up and down, while a real change of speed shows within several seconds.
 */
const ETA_TIME_CONSTANT_MS = 4_000;

const RUNNING: ReadonlySet<UploadState> = new Set(['hashing', 'beginning', 'uploading', 'renewing', 'confirming']);

const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function countKey(state: UploadState): keyof UploadBatchCounts {
  if (state === 'idle') return 'waiting';
  if (RUNNING.has(state)) return 'uploading';
  return state as 'paused' | 'conflict' | 'failed' | 'done' | 'cancelled';
}

function bytesDone(snapshot: UploadSnapshot): number {
  return snapshot.state === 'done' ? snapshot.totalBytes : Math.min(snapshot.progressBytes, snapshot.totalBytes);
}

function sameBatch(a: UploadBatchSnapshot, b: UploadBatchSnapshot): boolean {
  return (
    a.files === b.files &&
    a.retryableFailed === b.retryableFailed &&
    a.totalBytes === b.totalBytes &&
    a.doneBytes === b.doneBytes &&
    a.bytesPerSecond === b.bytesPerSecond &&
    a.etaSeconds === b.etaSeconds &&
    a.stalled === b.stalled &&
    a.finished === b.finished &&
    (Object.keys(a.counts) as Array<keyof UploadBatchCounts>).every((key) => a.counts[key] === b.counts[key])
  );
}

export function createBatchStore(queue: UploadQueue, clock: Clock = systemClock): BatchStore {
  const source = queueStore(queue);
  const listeners = new Set<() => void>();
  const meter = new SpeedMeter();
  /** Each task's progress when last seen, so only bytes that moved feed the speed. */
  const seen = new Map<UploadTask, number>();
  /** Every byte seen moving, ever: the running count the speed meter takes. */
  let moved = 0;
  let lastMovedAt = 0;
  let wasRunning = false;
  /** The time left shown last (seconds, unrounded) and when; undefined while unknown. */
  let eta: { seconds: number; at: number } | undefined;
  let tick: unknown;
  let unsubscribe: (() => void) | undefined;

  const compute = (): UploadBatchSnapshot => {
    const now = clock.now();
    const { tasks, snapshots } = source.getSnapshot();
    const counts = { waiting: 0, uploading: 0, paused: 0, conflict: 0, failed: 0, done: 0, cancelled: 0 };
    let retryableFailed = 0;
    let totalBytes = 0;
    let doneBytes = 0;
    let leftBytes = 0;
    let movedNow = 0;
    const present = new Set<UploadTask>();
    tasks.forEach((task, i) => {
      const snapshot = snapshots[i]!;
      const key = countKey(snapshot.state);
      counts[key] += 1;
      if (key === 'failed' && canRetry(snapshot.error)) retryableFailed += 1;
      if (key === 'cancelled') return;
      const done = bytesDone(snapshot);
      totalBytes += snapshot.totalBytes;
      doneBytes += done;
      if (key === 'waiting' || key === 'uploading') leftBytes += snapshot.totalBytes - done;
      present.add(task);
      const before = seen.get(task);
      seen.set(task, done);
      // Bytes SMH already had (instant upload) went nowhere: they are not speed.
      if (before !== undefined && done > before && snapshot.mode !== 'instant') movedNow += done - before;
    });
    for (const task of seen.keys()) if (!present.has(task)) seen.delete(task);

    const running = counts.uploading > 0;
    if (running && !wasRunning) {
      // Starting or resuming: the old rate says nothing, and the wait before the first byte is no stall.
      meter.reset();
      lastMovedAt = now;
    }
    wasRunning = running;
    if (movedNow > 0) {
      moved += movedNow;
      lastMovedAt = now;
    }
    const stalled = running && now - lastMovedAt >= STALL_MS;
    const rate = running ? meter.sample(now, moved) : 0;
    const bytesPerSecond = stalled ? 0 : rate;
    const estimate = leftBytes > 0 ? etaSeconds(leftBytes, bytesPerSecond) : undefined;
    if (estimate === undefined) eta = undefined;
    else if (eta === undefined) eta = { seconds: estimate, at: now };
    else {
      const elapsed = now - eta.at;
      const countdown = Math.max(0, eta.seconds - elapsed / 1000);
      const weight = 1 - Math.exp(-elapsed / ETA_TIME_CONSTANT_MS);
      eta = { seconds: countdown + weight * (estimate - countdown), at: now };
    }
    const files = tasks.length;
    const finished = files > 0 && counts.waiting + counts.uploading + counts.paused + counts.conflict === 0;
    return {
      files,
      counts,
      retryableFailed,
      totalBytes,
      doneBytes,
      bytesPerSecond,
      // Never "0 seconds" while bytes are left.
      etaSeconds: eta === undefined ? undefined : Math.max(1, Math.ceil(eta.seconds)),
      stalled,
      finished,
    };
  };

  let current: UploadBatchSnapshot | undefined;
  const refresh = (): boolean => {
    const next = compute();
    if (current !== undefined && sameBatch(current, next)) return false;
    current = next;
    return true;
  };

  const keepTicking = () => {
    if (tick !== undefined) clock.clearTimeout(tick);
    tick = undefined;
    if (unsubscribe === undefined || !(current?.counts.uploading)) return;
    tick = clock.setTimeout(() => {
      tick = undefined;
      scheduler.schedule();
    }, TICK_MS);
  };

  const scheduler = new FrameScheduler(clock, () => {
    if (refresh()) for (const listener of Array.from(listeners)) listener();
    keepTicking();
  });

  return {
    subscribe(onChange) {
      listeners.add(onChange);
      if (unsubscribe === undefined) {
        unsubscribe = source.subscribe(() => scheduler.schedule());
        // Whatever changed between the first read and this subscription shows on the next frame.
        scheduler.schedule();
      }
      return () => {
        listeners.delete(onChange);
        if (listeners.size > 0) return;
        unsubscribe?.();
        unsubscribe = undefined;
        keepTicking();
      };
    },
    getSnapshot() {
      // Subscribed, it is the picture of the last frame (a read between frames computes nothing);
      // unsubscribed, nobody keeps it fresh, so a read computes it.
      if (current === undefined || unsubscribe === undefined) refresh();
      return current!;
    },
  };
}

const stores = new WeakMap<UploadQueue, BatchStore>();

/** The shared batch store of a queue (every useUploadBatch of one provider reads the same one). */
export function batchStore(queue: UploadQueue, clock?: Clock): BatchStore {
  let store = stores.get(queue);
  if (store === undefined) {
    store = createBatchStore(queue, clock);
    stores.set(queue, store);
  }
  return store;
}
