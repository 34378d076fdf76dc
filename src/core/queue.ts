// Several files: tasks wait their turn and start as slots free up, `concurrency` at a time (a limit
// that can change while tasks run). The queue owns the order and is the one place that decides
// when a task may run: its tasks ask it before they start, resume or go on after a conflict,
// whoever called them. Each task still owns its state.
import { runGateOf, setRunGate, type RunGate } from './runGate';
import { isActive } from './transitions';
import { createUpload, type EngineExtras } from './uploadTask';
import type { UploadOptions, UploadState, UploadTask } from './types';

/** Tasks a queue runs at once unless told otherwise. */
export const DEFAULT_QUEUE_CONCURRENCY = 2;

export interface UploadQueueOptions {
  /** Tasks running at once (default 2). */
  concurrency?: number;
}

export interface UploadQueue {
  /**
   * Adds a task (or makes one from options); it starts when a slot is free. A running task added
   * to a full queue is paused until one frees. Throws a TypeError for a task of another queue.
   */
  add(taskOrOptions: UploadTask | (UploadOptions & EngineExtras)): UploadTask;
  /** Pauses the task if it is running, and forgets it (the task on SMH stays resumable; it no longer waits for slots). */
  remove(id: string): void;
  /** @deprecated Use `getSnapshot()`, which returns the same array. */
  tasks(): readonly UploadTask[];
  /** Told when the list of tasks changes (each task has its own `subscribe` for its progress). */
  subscribe(listener: () => void): () => void;
  /** The tasks; the same array while the list is unchanged. */
  getSnapshot(): readonly UploadTask[];
  /** Tasks running at once. */
  readonly concurrency: number;
  /**
   * Changes how many tasks run at once. Raising it starts waiting tasks now; lowering it lets the
   * running ones finish and starts no more until fewer than the new limit run. Throws a TypeError
   * for anything but a whole number of at least 1.
   */
  setConcurrency(concurrency: number): void;
  /** Pauses running tasks and holds waiting ones. */
  pauseAll(): void;
  /** Lets paused and held tasks go again, as slots free up. */
  resumeAll(): void;
  cancelAll(): Promise<void>;
}

interface Entry {
  task: UploadTask;
  unsubscribe: () => void;
  /** The queue may start or resume it when a slot is free. */
  wanted: boolean;
  lastState: UploadState;
}

function checkedConcurrency(concurrency: number, caller: string): number {
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new TypeError(`${caller}: concurrency must be a whole number of at least 1, got ${String(concurrency)}.`);
  }
  return concurrency;
}

export function createUploadQueue(options: UploadQueueOptions = {}): UploadQueue {
  let concurrency = checkedConcurrency(options.concurrency ?? DEFAULT_QUEUE_CONCURRENCY, 'createUploadQueue');
  const entries: Entry[] = [];
  const listeners = new Set<() => void>();
  let snapshot: readonly UploadTask[] = Object.freeze([]);
  let pumping = false;

  const publish = () => {
    snapshot = Object.freeze(entries.map((entry) => entry.task));
    for (const listener of Array.from(listeners)) listener();
  };

  const pump = () => {
    // A task that starts synchronously notifies, which calls pump again: one pass at a time.
    if (pumping) return;
    pumping = true;
    try {
      let running = entries.filter((entry) => isActive(entry.task.getSnapshot().state)).length;
      for (const entry of entries) {
        if (running >= concurrency) break;
        if (!entry.wanted) continue;
        const { state } = entry.task.getSnapshot();
        if (state === 'idle') entry.task.start();
        else if (state === 'paused') entry.task.resume();
        else continue;
        entry.wanted = false;
        if (isActive(entry.task.getSnapshot().state)) running += 1;
      }
    } finally {
      pumping = false;
    }
  };

  const find = (id: string) => entries.findIndex((entry) => entry.task.id === id);
  const runningBesides = (entry: Entry | undefined) =>
    entries.filter((other) => other !== entry && isActive(other.task.getSnapshot().state)).length;

  const gate: RunGate = {
    admit(task) {
      const entry = entries.find((candidate) => candidate.task === task);
      if (entry === undefined) return true;
      // Asked for now: it runs if a slot is free, else it is next in line as a slot frees.
      entry.wanted = runningBesides(entry) >= concurrency;
      return !entry.wanted;
    },
  };

  return {
    add(taskOrOptions) {
      const task = 'getSnapshot' in taskOrOptions ? taskOrOptions : createUpload(taskOrOptions);
      if (find(task.id) !== -1) return task;
      const owner = runGateOf(task);
      if (owner !== undefined && owner !== gate) {
        throw new TypeError(`createUploadQueue: task ${task.id} is in another queue; remove it there first.`);
      }
      const entry: Entry = {
        task,
        wanted: task.getSnapshot().state === 'idle',
        lastState: task.getSnapshot().state,
        unsubscribe: () => {},
      };
      entry.unsubscribe = task.subscribe((next) => {
        // Only a change of state can free or take a slot.
        if (next.state === entry.lastState) return;
        entry.lastState = next.state;
        pump();
      });
      entries.push(entry);
      setRunGate(task, gate);
      // Already running (made with autoStart, or started before): it waits like the rest if the slots are taken.
      if (isActive(task.getSnapshot().state) && runningBesides(entry) >= concurrency) {
        entry.wanted = true;
        task.pause();
      }
      publish();
      pump();
      return task;
    },
    remove(id) {
      const index = find(id);
      if (index === -1) return;
      const [entry] = entries.splice(index, 1);
      entry?.unsubscribe();
      entry?.task.pause();
      if (entry !== undefined) setRunGate(entry.task, undefined);
      publish();
      pump();
    },
    tasks: () => snapshot,
    get concurrency() {
      return concurrency;
    },
    setConcurrency(next) {
      concurrency = checkedConcurrency(next, 'UploadQueue.setConcurrency');
      // A lower limit pauses nobody: pump starts tasks only while fewer than the limit run.
      pump();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getSnapshot: () => snapshot,
    pauseAll() {
      // Hold the waiting ones first: each pause frees a slot, which would start them.
      for (const entry of entries) entry.wanted = false;
      for (const entry of entries) entry.task.pause();
    },
    resumeAll() {
      for (const entry of entries) {
        const { state } = entry.task.getSnapshot();
        if (state === 'idle' || state === 'paused') entry.wanted = true;
      }
      pump();
    },
    async cancelAll() {
      for (const entry of entries) entry.wanted = false;
      await Promise.all(entries.map((entry) => entry.task.cancel()));
    },
  };
}
