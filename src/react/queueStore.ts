// One external store per queue for useUploads: the tasks and their snapshots as a single value,
// so a render never sees a task list and snapshots from different moments.
import type { UploadSnapshot, UploadTask } from '../core/types';
import type { UploadQueue } from '../core';

export interface QueueState {
  readonly tasks: readonly UploadTask[];
  /** `snapshots[i]` is `tasks[i].getSnapshot()`. */
  readonly snapshots: readonly UploadSnapshot[];
}

export interface QueueStore {
  subscribe(onChange: () => void): () => void;
  getSnapshot(): QueueState;
}

const EMPTY: QueueState = { tasks: [], snapshots: [] };

function createQueueStore(queue: UploadQueue): QueueStore {
  const listeners = new Set<() => void>();
  const taskSubscriptions = new Map<UploadTask, () => void>();
  let unsubscribeQueue: (() => void) | undefined;
  let state = EMPTY;

  const notify = () => {
    for (const listener of listeners) listener();
  };

  // Follows the queue's membership: subscribe to new tasks, drop removed ones.
  const syncTasks = () => {
    const tasks = new Set(queue.getSnapshot());
    for (const [task, unsubscribe] of taskSubscriptions) {
      if (!tasks.has(task)) {
        unsubscribe();
        taskSubscriptions.delete(task);
      }
    }
    for (const task of tasks) {
      if (!taskSubscriptions.has(task)) taskSubscriptions.set(task, task.subscribe(notify));
    }
  };

  return {
    subscribe(onChange) {
      listeners.add(onChange);
      if (unsubscribeQueue === undefined) {
        unsubscribeQueue = queue.subscribe(() => {
          syncTasks();
          notify();
        });
        syncTasks();
      }
      return () => {
        listeners.delete(onChange);
        if (listeners.size > 0) return;
        unsubscribeQueue?.();
        unsubscribeQueue = undefined;
        for (const unsubscribe of taskSubscriptions.values()) unsubscribe();
        taskSubscriptions.clear();
      };
    },
    getSnapshot() {
      const tasks = queue.getSnapshot();
      const unchanged =
        tasks === state.tasks && tasks.every((task, i) => task.getSnapshot() === state.snapshots[i]);
      if (!unchanged) state = { tasks, snapshots: tasks.map((task) => task.getSnapshot()) };
      return state;
    },
  };
}

const stores = new WeakMap<UploadQueue, QueueStore>();

/** The shared store of a queue (every useUploads of one provider reads the same one). */
export function queueStore(queue: UploadQueue): QueueStore {
  let store = stores.get(queue);
  if (store === undefined) {
    store = createQueueStore(queue);
    stores.set(queue, store);
  }
  return store;
}
