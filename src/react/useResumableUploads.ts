import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { useQuery } from '@tanstack/react-query';
import { isTaskGone, isUploadComplete } from '../api/errors';
import type { ResumeRecord, UploadSnapshot, UploadTask } from '../core/types';
import { resumeUpload, UploadError } from '../core';
import { acquireLock, defaultLocks, heldConfirmKeys } from '../core/locks';
import { useSmhUpload } from './useSmhUpload';
import { smhUploadKeys } from './keys';
import { queueStore } from './queueStore';
import { rememberFile } from './taskFiles';
import { assertBlob, buildUploadOptions, rememberClient, type UploadFileOptions } from './uploadOptions';

/** A resume record, with the file itself when the store keeps files (IndexedDB). */
export interface ResumableUpload extends ResumeRecord {
  /** Present when the store kept the file: resume needs no re-pick. */
  readonly file?: File | Blob;
  /**
   * True while another tab or window of this site is sending it (Web Locks): resuming here fails
   * `ResumeLocked` and `discard` refuses. The list is read again every few seconds meanwhile.
   */
  readonly inAnotherTab?: boolean;
}

export interface UseResumableUploadsResult {
  /** Uploads of this library space that stopped before they finished (none running in this page). */
  records: readonly ResumableUpload[];
  isLoading: boolean;
  /** Why listing the store failed, if it did. */
  error: Error | null;
  /**
   * Continues an upload in the provider's queue: sends only the parts SMH lacks, then confirms.
   * Pass the file when the record has none; a different file fails with `FileMismatch`.
   */
  resume(record: ResumableUpload, file?: File | Blob, options?: UploadFileOptions): UploadTask;
  /** Forgets a record and asks SMH to drop the task, so COS frees its parts. */
  discard(confirmKey: string): Promise<void>;
  refresh(): Promise<void>;
}

const NO_RECORDS: readonly ResumableUpload[] = [];

const OTHER_TAB_POLL_MS = 3_000;

const isWrongFile = (snapshot: UploadSnapshot) =>
  snapshot.state === 'failed' && snapshot.error instanceof UploadError && snapshot.error.code === 'FileMismatch';

/** What can be resumed after a crash, a closed tab or a reload, from the provider's store. */
export function useResumableUploads(): UseResumableUploadsResult {
  const context = useSmhUpload();
  const { client, store, queue, queryClient } = context;
  const query = useQuery({
    queryKey: smhUploadKeys.resumable(client.libraryId, client.spaceId, store),
    queryFn: async (): Promise<ResumableUpload[]> => {
      if (store === null) return [];
      const records = await store.list();
      const mine = records.filter((r) => r.libraryId === client.libraryId && r.spaceId === client.spaceId);
      const held = await heldConfirmKeys(defaultLocks());
      // This page's own tasks hold locks too (and are left out of the list below).
      for (const task of queue.tasks()) held.delete(task.getSnapshot().confirmKey ?? '');
      return Promise.all(
        mine.map(async (record): Promise<ResumableUpload> => {
          const file = await store.getFile?.(record.confirmKey);
          return {
            ...record,
            ...(file === undefined ? {} : { file }),
            ...(held.has(record.confirmKey) ? { inAnotherTab: true } : {}),
          };
        }),
      );
    },
    enabled: store !== null,
    // Another tab's upload ends there (done, or the tab closed): look again until none is running.
    refetchInterval: (current) => (current.state.data?.some((record) => record.inAnotherTab) ? OTHER_TAB_POLL_MS : false),
    // Reading local storage either works or does not; asking again at once will not help.
    retry: false,
  });

  // Records of tasks already in this page's queue are under way here, not waiting.
  const source = queueStore(queue);
  const { snapshots } = useSyncExternalStore(source.subscribe, source.getSnapshot, source.getSnapshot);
  const data = query.data;
  const records = useMemo(() => {
    if (data === undefined) return NO_RECORDS;
    // A resume refused for the wrong file holds nothing: its record stays on offer for the right one.
    const active = new Set(snapshots.filter((s) => !isWrongFile(s)).map((s) => s.confirmKey).filter((k) => k !== undefined));
    return active.size === 0 ? data : data.filter((r) => !active.has(r.confirmKey));
  }, [data, snapshots]);

  const resume = useCallback(
    (record: ResumableUpload, file?: File | Blob, options?: UploadFileOptions) => {
      const blob = file ?? record.file;
      if (blob === undefined) {
        throw new TypeError(
          `useResumableUploads().resume: the store kept no file for "${record.name}"; pass the file the person picks again`,
        );
      }
      assertBlob(blob, 'useResumableUploads().resume');
      const base = buildUploadOptions(
        context,
        blob,
        { ...options, name: options?.name ?? record.name, path: options?.path ?? record.path },
        'useResumableUploads().resume',
      );
      const task = rememberClient(
        resumeUpload({ ...base, confirmKey: record.confirmKey, partSize: options?.partSize ?? record.partSize }),
        client,
      );
      rememberFile(task, blob);
      // An earlier try with the wrong file is superseded by this one.
      for (const earlier of queue.tasks()) {
        const snapshot = earlier.getSnapshot();
        if (snapshot.confirmKey === record.confirmKey && isWrongFile(snapshot)) queue.remove(earlier.id);
      }
      queue.add(task);
      return task;
    },
    [context, client, queue],
  );

  const discard = useCallback(
    async (confirmKey: string) => {
      // Another tab may be sending this upload: dropping it at SMH would break it there.
      const lock = await acquireLock(confirmKey, defaultLocks());
      if (!lock) {
        throw new UploadError('This upload is running in another tab or window; cancel it there.', 'ResumeLocked');
      }
      let failure: unknown;
      try {
        await client.cancelUpload(confirmKey);
      } catch (error) {
        // Gone, or already finished, on the server: nothing is left to drop there.
        if (!isTaskGone(error) && !isUploadComplete(error)) failure = error;
      }
      try {
        await store?.remove(confirmKey);
      } finally {
        lock.release();
        await queryClient.invalidateQueries({
          queryKey: smhUploadKeys.resumable(client.libraryId, client.spaceId, store),
        });
      }
      if (failure !== undefined) throw failure;
    },
    [client, store, queryClient],
  );

  const refetch = query.refetch;
  const refresh = useCallback(async () => {
    await refetch();
  }, [refetch]);

  // The same result while its content is: a running upload's progress renews `snapshots`, not the list.
  const sameRecords = useSameItems(records);
  const { isLoading, error } = query;
  return useMemo(
    () => ({ records: sameRecords, isLoading, error, resume, discard, refresh }),
    [sameRecords, isLoading, error, resume, discard, refresh],
  );
}

/** The same array while it holds the same items in the same order. */
function useSameItems<T>(items: readonly T[]): readonly T[] {
  const [kept, setKept] = useState(items);
  if (kept === items || (kept.length === items.length && kept.every((item, i) => item === items[i]))) return kept;
  // React's "adjust state while rendering": this render restarts at once with the new array.
  setKept(items);
  return items;
}
