import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { UploadSnapshot, UploadState, UploadTask } from '../core/types';
import { createUpload } from '../core';
import { useSmhUpload } from './useSmhUpload';
import { queueStore } from './queueStore';
import { rememberFile } from './taskFiles';
import { buildUploadOptions, rememberClient, type UploadFileOptions } from './uploadOptions';

export interface UseUploadsResult {
  /** Every task in the provider's queue, oldest first. */
  tasks: readonly UploadTask[];
  /** `snapshots[i]` is where `tasks[i]` stands. */
  snapshots: readonly UploadSnapshot[];
  /**
   * Queues one upload per file; they start as queue slots free up. `options` may be a function
   * giving each file its own (labels, category…). Options that cannot work throw a `TypeError`
   * and queue none of the files.
   */
  add(files: File | Blob | FileList | Iterable<File | Blob>, options?: UploadFileOptions | PerFileOptions): UploadTask[];
  /** Takes a task off the list, cancelling it first if it is still under way. */
  remove(id: string): void;
  /** Takes every done or cancelled task off the list. */
  clearFinished(): void;
  pauseAll(): void;
  resumeAll(): void;
  cancelAll(): Promise<void>;
}

/** Options worked out for each file, such as a category from its type. */
export type PerFileOptions = (file: File | Blob) => UploadFileOptions | undefined;

const FINISHED: ReadonlySet<UploadState> = new Set(['done', 'cancelled']);
const OVER: ReadonlySet<UploadState> = new Set(['done', 'cancelled', 'failed']);

function toList(files: File | Blob | FileList | Iterable<File | Blob>): (File | Blob)[] {
  // A FileList and an array are iterable; a single File or Blob is not.
  return typeof files === 'object' && files !== null && Symbol.iterator in files
    ? Array.from(files as Iterable<File | Blob>)
    : [files as File | Blob];
}

/** Many uploads over the provider's queue: a list UI, a dropzone, "pause all". */
export function useUploads(): UseUploadsResult {
  const { client, defaults, store, queue } = useSmhUpload();
  const source = queueStore(queue);
  const { tasks, snapshots } = useSyncExternalStore(source.subscribe, source.getSnapshot, source.getSnapshot);

  const add = useCallback(
    (files: File | Blob | FileList | Iterable<File | Blob>, options?: UploadFileOptions | PerFileOptions) => {
      // Make every task first (each checks its options), so one bad file queues nothing.
      const made = toList(files).map((file) => {
        const own = typeof options === 'function' ? options(file) : options;
        const task = rememberClient(createUpload(buildUploadOptions({ client, defaults, store }, file, own, 'useUploads().add')), client);
        return rememberFile(task, file);
      });
      // One change of the list for the lot: a dropped folder of 10,000 files is one notification.
      queue.addAll(made);
      return made;
    },
    [client, defaults, store, queue],
  );

  const remove = useCallback(
    (id: string) => {
      const task = queue.getSnapshot().find((t) => t.id === id);
      if (task === undefined) return;
      if (!OVER.has(task.getSnapshot().state)) void task.cancel();
      queue.remove(id);
    },
    [queue],
  );

  const clearFinished = useCallback(() => {
    for (const task of queue.getSnapshot()) {
      if (FINISHED.has(task.getSnapshot().state)) queue.remove(task.id);
    }
  }, [queue]);

  return useMemo(
    () => ({
      tasks,
      snapshots,
      add,
      remove,
      clearFinished,
      pauseAll: () => queue.pauseAll(),
      resumeAll: () => queue.resumeAll(),
      cancelAll: async () => {
        await queue.cancelAll();
      },
    }),
    [tasks, snapshots, add, remove, clearFinished, queue],
  );
}
