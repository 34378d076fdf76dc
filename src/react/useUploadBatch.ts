// The provider's whole queue as one batch: totals, speed, time left, counts by state, and the
// actions that act on many tasks at once. The numbers come from batchStore.ts, at most once a frame.
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { canRetry } from '../core/retryable';
import { batchStore, type UploadBatchSnapshot } from './batchStore';
import { useSmhUpload } from './useSmhUpload';

export interface UseUploadBatchResult extends UploadBatchSnapshot {
  /**
   * Starts again every failed task a retry can mend (not a refused name, type, size or content, a
   * different file picked, or a deleted folder: those need a change first). They take queue slots
   * like the rest. Returns how many were started.
   */
  retryAllFailed(): number;
  pauseAll(): void;
  resumeAll(): void;
  cancelAll(): Promise<void>;
}

/**
 * Every upload in the provider's queue at a glance, for a summary above a long list: one
 * subscription for the whole queue, and at most one re-render per animation frame however many
 * tasks move (a per-file list re-renders per task; this does not).
 */
export function useUploadBatch(): UseUploadBatchResult {
  const { queue, defaults } = useSmhUpload();
  const store = batchStore(queue, defaults.clock);
  const batch = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);

  const retryAllFailed = useCallback(() => {
    let started = 0;
    for (const task of queue.getSnapshot()) {
      const { state, error } = task.getSnapshot();
      if (state !== 'failed' || !canRetry(error)) continue;
      // Through the task, so the queue's gate decides when it runs.
      task.start();
      started += 1;
    }
    return started;
  }, [queue]);

  return useMemo(
    () => ({
      ...batch,
      retryAllFailed,
      pauseAll: () => queue.pauseAll(),
      resumeAll: () => queue.resumeAll(),
      cancelAll: async () => {
        await queue.cancelAll();
      },
    }),
    [batch, retryAllFailed, queue],
  );
}
