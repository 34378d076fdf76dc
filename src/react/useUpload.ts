import { useCallback, useMemo, useState } from 'react';
import type { ConflictResolution, UploadSnapshot, UploadTask } from '../core/types';
import { createUpload } from '../core';
import { useSmhUpload } from './useSmhUpload';
import { buildUploadOptions, rememberClient, type UploadFileOptions } from './uploadOptions';
import { rememberFile } from './taskFiles';
import { useUploadSnapshot } from './useUploadTask';

export interface UseUploadResult {
  /** The task this hook started last (undefined before `upload` and after `reset`). */
  task: UploadTask | undefined;
  snapshot: UploadSnapshot | undefined;
  /**
   * Starts uploading `file` through the provider's queue (it begins when a slot is free) and
   * follows it. Calling it again follows the new task; the earlier one keeps going.
   */
  upload(file: File | Blob, options?: UploadFileOptions): UploadTask;
  /** Starts the task again after a failure, from the parts already stored. */
  start(): void;
  pause(): void;
  resume(): void;
  /** Stops the upload and asks SMH to drop the task. */
  cancel(): Promise<void>;
  resolveConflict(resolution: ConflictResolution): void;
  /** Stops following the task (it is not cancelled: cancel first to stop it). */
  reset(): void;
}

/**
 * One upload at a time, for a single-file form. The task lives in the provider's queue, so it
 * keeps going when this component unmounts; only `cancel()` stops it.
 */
export function useUpload(options?: UploadFileOptions): UseUploadResult {
  const context = useSmhUpload();
  const [task, setTask] = useState<UploadTask | undefined>(undefined);
  const snapshot = useUploadSnapshot(task);
  const { client, defaults, store, queue } = context;

  // Created in an event handler, never in render or an effect: StrictMode's double render and
  // double effects cannot start a second upload.
  const upload = useCallback(
    (file: File | Blob, fileOptions?: UploadFileOptions) => {
      const merged = options === undefined ? fileOptions : { ...options, ...fileOptions };
      const next = createUpload(
        buildUploadOptions({ client, defaults, store }, file, merged, 'useUpload().upload'),
      );
      rememberClient(next, client);
      rememberFile(next, file);
      queue.add(next);
      setTask(next);
      return next;
    },
    [client, defaults, store, queue, options],
  );

  const reset = useCallback(() => setTask(undefined), []);

  return useMemo(
    () => ({
      task,
      snapshot,
      upload,
      start: () => task?.start(),
      pause: () => task?.pause(),
      resume: () => task?.resume(),
      cancel: () => task?.cancel() ?? Promise.resolve(),
      resolveConflict: (resolution: ConflictResolution) => task?.resolveConflict(resolution),
      reset,
    }),
    [task, snapshot, upload, reset],
  );
}
