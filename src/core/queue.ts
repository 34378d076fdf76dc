// Several files: tasks wait their turn and start as slots free up. The queue owns the order and is
// the one place that decides when a task may run: its tasks ask it before they start, resume or go
// on after a conflict, whoever called them. Each task still owns its state.
//
// Scheduling (docs/architecture.md "Scheduling many files"): small files (those the engine sends in
// one PUT) run in a lane of their own, so a photo never waits behind a 1 GiB video, and large files
// keep their lane however many photos arrive. Within a lane, first come first served. Two budgets of
// requests in flight, shared by all tasks, one per host: SMH calls (begin, confirm; confirms first)
// and COS PUTs (small files' PUTs first, and slots kept for the running small files' PUTs, but one
// always left to parts), so the browser's connections per host are shared on purpose rather than in
// whatever order requests were made.
import { CallBudget } from './callBudget';
import { DEFAULT_QUEUE_LIMITS, checkedLimits, singleLine, type QueueLimits } from './queueLimits';
import { isSmallFile, runGateOf, setRunGate, type RunGate } from './runGate';
import { isActive } from './transitions';
import { createUpload, type EngineExtras } from './uploadTask';
import type { UploadOptions, UploadState, UploadTask } from './types';

export type { QueueLimits };

export interface UploadQueueOptions {
  /** What runs at once; each left out takes its default (`DEFAULT_QUEUE_LIMITS`). */
  limits?: Partial<QueueLimits>;
  /**
   * @deprecated `concurrency: n` is `limits: { uploads: n, largeFiles: n, smallFiles: n }`: n tasks
   * at once in one line, as before. Leave it out to let small files run in their own lane.
   * Removed in 0.3.
   */
  concurrency?: number;
}

export interface UploadQueue {
  /**
   * Adds a task (or makes one from options); it starts when its lane has a free slot. A running
   * task added to a full lane is paused until one frees. Throws a TypeError for a task of another queue.
   */
  add(taskOrOptions: UploadTask | (UploadOptions & EngineExtras)): UploadTask;
  /**
   * Adds several tasks as `add` does, with one change of the list and one pass for free slots: a
   * 10,000-file folder costs one notification, not 10,000 (each of which copies the list).
   */
  addAll(tasks: Iterable<UploadTask>): UploadTask[];
  /** Pauses the task if it is running, and forgets it (the task on SMH stays resumable; it no longer waits for slots). */
  remove(id: string): void;
  /** @deprecated Use `getSnapshot()`, which returns the same array. */
  tasks(): readonly UploadTask[];
  /** Told when the list of tasks changes (each task has its own `subscribe` for its progress). */
  subscribe(listener: () => void): () => void;
  /** The tasks; the same array while the list is unchanged. */
  getSnapshot(): readonly UploadTask[];
  /** The limits in force (a frozen copy). */
  readonly limits: Readonly<QueueLimits>;
  /**
   * Changes some limits; the others stay. Raising one starts waiting tasks (or calls) now; lowering
   * one lets the running ones finish and starts no more until fewer than the new limit run. Throws a
   * TypeError (and changes nothing) for anything but a whole number of at least 1 (or `Infinity`
   * for `uploads`).
   */
  setLimits(limits: Partial<QueueLimits>): void;
  /** @deprecated Use `limits.uploads`. Removed in 0.3. */
  readonly concurrency: number;
  /** @deprecated `setConcurrency(n)` is `setLimits({ uploads: n, largeFiles: n, smallFiles: n })`. Removed in 0.3. */
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

export function createUploadQueue(options: UploadQueueOptions = {}): UploadQueue {
  const caller = 'createUploadQueue';
  const { concurrency } = options;
  let limits = checkedLimits(DEFAULT_QUEUE_LIMITS, options.limits ?? {}, caller);
  if (concurrency !== undefined) limits = checkedLimits(limits, singleLine(concurrency, caller), caller);
  const entries: Entry[] = [];
  // The ids in `entries`, so adding 10,000 tasks does not search the list 10,000 times.
  const ids = new Set<string>();
  // Every running small file is about to PUT (or is PUTting): its slot is kept from the large
  // file's parts, which would otherwise fill the budget between two photos and hold it for a part.
  const budgets = { smh: new CallBudget(limits.smhCalls), cos: new CallBudget(limits.cosRequests, () => running().small) };
  const listeners = new Set<() => void>();
  let snapshot: readonly UploadTask[] = Object.freeze([]);
  let pumping = false;

  const publish = () => {
    snapshot = Object.freeze(entries.map((entry) => entry.task));
    for (const listener of Array.from(listeners)) listener();
  };

  /** Tasks running now, per lane and in all, leaving `except` out. */
  const running = (except?: Entry) => {
    const count = { small: 0, large: 0, all: 0 };
    for (const entry of entries) {
      if (entry === except || !isActive(entry.task.getSnapshot().state)) continue;
      count[isSmallFile(entry.task) ? 'small' : 'large'] += 1;
      count.all += 1;
    }
    return count;
  };
  const hasRoom = (task: UploadTask, count: ReturnType<typeof running>) =>
    count.all < limits.uploads && (isSmallFile(task) ? count.small < limits.smallFiles : count.large < limits.largeFiles);

  const pump = () => {
    // A task that starts synchronously notifies, which calls pump again: one pass at a time.
    if (pumping) return;
    // A small file that finished gives its kept COS slot to a waiting part.
    budgets.cos.reconsider();
    pumping = true;
    try {
      const count = running();
      for (const entry of entries) {
        if (count.all >= limits.uploads) break;
        if (!entry.wanted || !hasRoom(entry.task, count)) continue;
        const { state } = entry.task.getSnapshot();
        if (state === 'idle') entry.task.start();
        else if (state === 'paused') entry.task.resume();
        else continue;
        entry.wanted = false;
        if (!isActive(entry.task.getSnapshot().state)) continue;
        count[isSmallFile(entry.task) ? 'small' : 'large'] += 1;
        count.all += 1;
      }
    } finally {
      pumping = false;
    }
  };

  const find = (id: string) => entries.findIndex((entry) => entry.task.id === id);

  const gate: RunGate = {
    admit(task) {
      const entry = entries.find((candidate) => candidate.task === task);
      if (entry === undefined) return true;
      // Asked for now: it runs if its lane has a free slot, else it is next in line as one frees.
      entry.wanted = !hasRoom(task, running(entry));
      return !entry.wanted;
    },
    call: (host, urgent, signal, work) => budgets[host].run(urgent, signal, work),
  };

  const checkOwner = (task: UploadTask) => {
    const owner = runGateOf(task);
    if (owner !== undefined && owner !== gate) {
      throw new TypeError(`createUploadQueue: task ${task.id} is in another queue; remove it there first.`);
    }
  };

  /** Takes a task in without telling anyone; false if it was in already. */
  const insert = (task: UploadTask): boolean => {
    if (ids.has(task.id)) return false;
    checkOwner(task);
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
    // Already running (made with autoStart, or started before): it waits like the rest if its lane is full.
    if (isActive(task.getSnapshot().state) && !hasRoom(task, running(entry))) {
      entry.wanted = true;
      task.pause();
    }
    ids.add(task.id);
    return true;
  };

  const setLimits = (changes: Partial<QueueLimits>, name = 'UploadQueue.setLimits') => {
    limits = checkedLimits(limits, changes, name);
    budgets.smh.resize(limits.smhCalls);
    budgets.cos.resize(limits.cosRequests);
    // A lower limit pauses nobody: pump starts tasks only while fewer than the limit run.
    pump();
  };

  return {
    add(taskOrOptions) {
      const task = 'getSnapshot' in taskOrOptions ? taskOrOptions : createUpload(taskOrOptions);
      if (insert(task)) {
        publish();
        pump();
      }
      return task;
    },
    addAll(tasks) {
      const list = Array.from(tasks);
      // Checked first, so a task of another queue adds none of them.
      for (const task of list) checkOwner(task);
      let added = false;
      for (const task of list) added = insert(task) || added;
      if (added) {
        publish();
        pump();
      }
      return list;
    },
    remove(id) {
      const index = find(id);
      if (index === -1) return;
      const [entry] = entries.splice(index, 1);
      ids.delete(id);
      entry?.unsubscribe();
      entry?.task.pause();
      if (entry !== undefined) setRunGate(entry.task, undefined);
      publish();
      pump();
    },
    tasks: () => snapshot,
    get limits() {
      return limits;
    },
    setLimits: (changes) => setLimits(changes),
    get concurrency() {
      return limits.uploads;
    },
    setConcurrency(next) {
      setLimits(singleLine(next, 'UploadQueue.setConcurrency'), 'UploadQueue.setConcurrency');
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
