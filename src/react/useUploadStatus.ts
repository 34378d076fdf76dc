import { useContext } from 'react';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { SmhClient, UploadTaskStatus } from '../api/types';
import { SmhUploadContext } from './context';
import { optionalUploadStatusQueryOptions, type UploadStatusOptions } from './uploadStatusQuery';

export interface UseUploadStatusOptions<TData = UploadTaskStatus> extends UploadStatusOptions<TData> {
  /** Overrides the provider's client (or stands in for a provider). */
  client?: SmhClient;
}

/**
 * Polls where an upload task stands on SMH, given its `confirmKey` (`undefined` waits). Stops by
 * itself when the task is confirmed, gone or its folder deleted; see `uploadStatusQueryOptions`.
 */
export function useUploadStatus<TData = UploadTaskStatus>(
  confirmKey: string | undefined,
  options: UseUploadStatusOptions<TData> = {},
): UseQueryResult<TData, Error> {
  const context = useContext(SmhUploadContext);
  const client = options.client ?? context?.client;
  if (client === undefined) {
    throw new Error(
      'useUploadStatus needs an SMH client: render it inside <SmhUploadProvider client={…}> or pass options.client.',
    );
  }
  return useQuery(optionalUploadStatusQueryOptions(client, confirmKey, options));
}
