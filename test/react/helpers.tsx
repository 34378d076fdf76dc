// Shared pieces of the hook tests: a real QueryClient per test, a wrapper, and a fake SmhClient.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import type { SmhClient, UploadTaskStatus } from '../../src/api/types';

/** A real QueryClient with TanStack's defaults: retries and polling come from the hooks' options. */
export function createTestQueryClient(): QueryClient {
  return new QueryClient();
}

export function queryWrapper(queryClient: QueryClient) {
  return function Wrapper({ children }: { children: ReactNode }) {
    return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
  };
}

/** One reply of the fake client: a status, or an error to throw. */
export type ScriptedReply = UploadTaskStatus | Error;

const unexpected = (name: string) => () =>
  Promise.reject(new Error(`fake client: ${name} was not expected`));

/** A fake `SmhClient` that answers only the status call; any other call rejects as unexpected. */
export function statusOnlyClient(getUploadStatus: SmhClient['getUploadStatus']): SmhClient {
  return {
    baseUrl: 'https://smhtest.api.tencentsmh.cn',
    libraryId: 'smhtest',
    spaceId: '-',
    getUploadStatus,
    beginUpload: unexpected('beginUpload'),
    beginSimpleUpload: unexpected('beginSimpleUpload'),
    renewUpload: unexpected('renewUpload'),
    confirmUpload: unexpected('confirmUpload'),
    cancelUpload: unexpected('cancelUpload'),
    serverTimeOffset: () => 0,
  };
}

/**
 * A fake `SmhClient` whose `getUploadStatus` answers from `replies` in order (the last one
 * repeats) and records when each call came (`Date.now()`, exact under fake timers).
 */
export function scriptedStatusClient(replies: readonly ScriptedReply[]) {
  const calls: number[] = [];
  const getUploadStatus = vi.fn<(confirmKey: string) => Promise<UploadTaskStatus>>(async () => {
    calls.push(Date.now());
    const reply = replies[Math.min(calls.length, replies.length) - 1];
    if (reply === undefined) throw new Error('scriptedStatusClient needs at least one reply');
    if (reply instanceof Error) throw reply;
    return reply;
  });
  return { client: statusOnlyClient(getUploadStatus), calls, getUploadStatus };
}

/** Gaps between consecutive times. */
export function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}
