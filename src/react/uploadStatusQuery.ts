import { queryOptions, skipToken } from '@tanstack/react-query';
import type { SmhClient, UploadTaskStatus } from '../api/types';
import { smhUploadKeys } from './keys';
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

function statusQueryOptions<TData>(
  client: SmhClient,
  confirmKey: string | undefined,
  options: UploadStatusOptions<TData>,
) {
  const timing = resolveTiming(options);
  return queryOptions({
    queryKey: smhUploadKeys.status(client.libraryId, client.spaceId, confirmKey ?? ''),
    queryFn:
      confirmKey === undefined
        ? skipToken
        : ({ signal }) => client.getUploadStatus(confirmKey, { signal }),
    enabled: options.enabled,
    select: options.select,
    refetchInterval: (query) => nextPollInterval(query, timing),
    // Hidden tabs do not poll; TanStack's focusManager refetches when the tab shows again.
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: (query) => !isFinalStatus(query.state),
    refetchOnReconnect: (query) => !isFinalStatus(query.state),
    // A gone task stays gone: a remount within gcTime asks no more.
    retryOnMount: (query) => !isTaskGone(query.state.error),
    // A final answer never goes stale, so no mount or focus refetches it.
    staleTime: (query) => (isFinalStatus(query.state) ? 'static' : 0),
    retry: shouldRetryStatus,
    retryDelay: (failureCount, error) => statusRetryDelay(failureCount, error, timing),
  });
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
  return statusQueryOptions(client, confirmKey, options);
}

/** @internal The hook's variant: an absent confirmKey gives a query that never fetches. */
export function optionalUploadStatusQueryOptions<TData>(
  client: SmhClient,
  confirmKey: string | undefined,
  options: UploadStatusOptions<TData>,
) {
  return statusQueryOptions(client, confirmKey === '' ? undefined : confirmKey, options);
}
