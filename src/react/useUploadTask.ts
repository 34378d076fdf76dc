import { useCallback, useSyncExternalStore } from 'react';
import type { UploadSnapshot, UploadTask } from '../core/types';

const noSubscription = () => {};

/**
 * The task's current snapshot, re-rendering when it changes (`undefined` without a task).
 * `useSyncExternalStore` keeps every component reading one task on the same snapshot (no tearing).
 */
export function useUploadSnapshot(task: UploadTask | undefined): UploadSnapshot | undefined {
  const subscribe = useCallback(
    (onChange: () => void) => (task === undefined ? noSubscription : task.subscribe(() => onChange())),
    [task],
  );
  const getSnapshot = useCallback(() => task?.getSnapshot(), [task]);
  // The server snapshot is the same read: a task made during a server render is the same object
  // on both sides, and without a task both give undefined, so hydration matches.
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/**
 * The same hook as `useUploadSnapshot`.
 * @deprecated Use `useUploadSnapshot` (it returns a snapshot, not a task). Removed in 0.3.
 */
export const useUploadTask = useUploadSnapshot;
