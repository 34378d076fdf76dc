import { queryOptions, skipToken, type Query } from '@tanstack/react-query';
import type { SmhClient, UploadTaskStatus } from '../api/types';
import { smhUploadKeys, type UploadStatusQueryKey } from './keys';
import {
  isFinalStatus,
  isTaskGone,
  nextPollInterval,
  resolveTiming,
  shouldRetryStatus,
  statusRetryDelay,
} from './pollingPolicy';

export interface UploadStatusOptions<TData = UploadTaskStatus> {
  /** The first poll interval, and the one used again as soon as the parts list changes. Default 2000. */
  intervalMs?: number;
  /** The interval never grows past this (while nothing changes or after errors). Default 30000. */
  maxIntervalMs?: number;
  /** `false` stops fetching and polling. Default true. */
  enabled?: boolean;
  /** Shapes what the hook returns; polling always reads the raw status. */
  select?: (status: UploadTaskStatus) => TData;
}

// The polling policy shared by both builders; every rule reads the raw query state.
function statusPolicy<TData>(options: UploadStatusOptions<TData>) {
  const timing = resolveTiming(options);
  return {
    enabled: options.enabled,
    select: options.select,
    refetchInterval: (query: Query<UploadTaskStatus, Error, UploadTaskStatus, UploadStatusQueryKey>) =>
      nextPollInterval(query, timing),
    // Hidden tabs do not poll; TanStack's focusManager refetches when the tab shows again.
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: (query: Query<UploadTaskStatus, Error, UploadTaskStatus, UploadStatusQueryKey>) =>
      !isFinalStatus(query.state),
    refetchOnReconnect: (query: Query<UploadTaskStatus, Error, UploadTaskStatus, UploadStatusQueryKey>) =>
      !isFinalStatus(query.state),
    // A gone task stays gone: a remount within gcTime asks no more.
    retryOnMount: (query: Query<UploadTaskStatus, Error, UploadTaskStatus, UploadStatusQueryKey>) =>
      !isTaskGone(query.state.error),
    // A final answer never goes stale, so no mount or focus refetches it.
    staleTime: (query: Query<UploadTaskStatus, Error, UploadTaskStatus, UploadStatusQueryKey>) =>
      isFinalStatus(query.state) ? ('static' as const) : 0,
    retry: shouldRetryStatus,
    retryDelay: (failureCount: number, error: Error) => statusRetryDelay(failureCount, error, timing),
  };
}

/**
 * Query options for one upload task's status, to pass to `useQuery`, `prefetchQuery`,
 * `ensureQueryData` or to key `setQueryData`. The polling policy is built in: it stops when the
 * task is confirmed, gone (404) or its folder deleted (`path: null`), backs off while the parts
 * list does not change and after errors, and pauses in hidden tabs.
 */
export function uploadStatusQueryOptions<TData = UploadTaskStatus>(
  client: SmhClient,
  confirmKey: string,
  options: UploadStatusOptions<TData> = {},
) {
  if (typeof confirmKey !== 'string' || confirmKey === '') {
    throw new TypeError(
      `uploadStatusQueryOptions needs the upload's confirmKey as a non-empty string, got ${
        confirmKey === '' ? 'an empty string' : typeof confirmKey
      }`,
    );
  }
  return queryOptions({
    queryKey: smhUploadKeys.status(client.libraryId, client.spaceId, confirmKey),
    queryFn: ({ signal }) => client.getUploadStatus(confirmKey, { signal }),
    ...statusPolicy(options),
  });
}

/** @internal The hook's variant: an absent confirmKey gives a query that never fetches. */
export function optionalUploadStatusQueryOptions<TData>(
  client: SmhClient,
  confirmKey: string | undefined,
  options: UploadStatusOptions<TData>,
) {
  const key = confirmKey === '' ? undefined : confirmKey;
  return queryOptions({
    queryKey: smhUploadKeys.status(client.libraryId, client.spaceId, key ?? ''),
    queryFn: key === undefined ? skipToken : ({ signal }) => client.getUploadStatus(key, { signal }),
    ...statusPolicy(options),
  });
}
