import { act, renderHook } from '@testing-library/react';
import { focusManager, onlineManager, useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SmhApiError, SmhNetworkError } from '../../src/api/errors';
import { useUploadStatus } from '../../src/react/useUploadStatus';
import { uploadStatusQueryOptions } from '../../src/react/uploadStatusQuery';
import { smhUploadKeys } from '../../src/react/keys';
import { MiB, makeParts, makeUploadTaskStatus } from '../fixtures/smh';
import { createTestQueryClient, gaps, queryWrapper, scriptedStatusClient } from './helpers';

const apiError = (status: number, code: string) =>
  new SmhApiError(`SMH returned ${status} ${code} for GET status`, { status, code, requestId: 'req-1' });

const withParts = (count: number) => makeUploadTaskStatus({ parts: makeParts(count, MiB) });

/** A selector that hides both stop signals from the hook's data. */
const hideStopSignals = () => ({ confirmed: false, path: ['still', 'here'] });

/** What the browser does when the tab is hidden or shown. */
function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
}

let queryClient: QueryClient;

beforeEach(() => {
  vi.useFakeTimers();
  queryClient = createTestQueryClient();
});

afterEach(() => {
  queryClient.clear();
  focusManager.setFocused(undefined);
  onlineManager.setOnline(true);
  vi.useRealTimers();
});

async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

describe('useUploadStatus polling', () => {
  it('stops once the task is confirmed, after exactly the polls it took', async () => {
    const { client, calls } = scriptedStatusClient([
      withParts(1),
      withParts(2),
      makeUploadTaskStatus({ confirmed: true, parts: makeParts(2, MiB) }),
    ]);
    const { result } = renderHook(() => useUploadStatus('ck-1', { client }), {
      wrapper: queryWrapper(queryClient),
    });
    await advance(120_000);
    expect(calls).toHaveLength(3);
    expect(result.current.data?.confirmed).toBe(true);
  });

  it('stops when the task is gone (404 ConfirmKeyNotFound) and shows the error', async () => {
    const { client, calls } = scriptedStatusClient([withParts(1), apiError(404, 'ConfirmKeyNotFound')]);
    const { result } = renderHook(() => useUploadStatus('ck-1', { client }), {
      wrapper: queryWrapper(queryClient),
    });
    await advance(120_000);
    expect(calls).toHaveLength(2);
    expect(result.current.isError).toBe(true);
    expect(result.current.error).toBeInstanceOf(SmhApiError);
    expect((result.current.error as SmhApiError).code).toBe('ConfirmKeyNotFound');
  });

  it('stops when the task is gone with 404 UploadNotFound, even when the tab regains focus', async () => {
    const { client, calls } = scriptedStatusClient([apiError(404, 'UploadNotFound')]);
    renderHook(() => useUploadStatus('ck-1', { client }), { wrapper: queryWrapper(queryClient) });
    await advance(10_000);
    act(() => {
      focusManager.setFocused(false);
      focusManager.setFocused(true);
    });
    await advance(60_000);
    expect(calls).toHaveLength(1);
  });

  it('stops when a parent folder was deleted (path null)', async () => {
    const { client, calls } = scriptedStatusClient([withParts(1), makeUploadTaskStatus({ path: null })]);
    const { result } = renderHook(() => useUploadStatus('ck-1', { client }), {
      wrapper: queryWrapper(queryClient),
    });
    await advance(120_000);
    expect(calls).toHaveLength(2);
    expect(result.current.data?.path).toBeNull();
  });

  it('backs off ×1.5 while the parts list does not change and returns to the base interval when it does', async () => {
    const same = withParts(2);
    const { client, calls } = scriptedStatusClient([same, same, same, same, withParts(3), withParts(3)]);
    renderHook(() => useUploadStatus('ck-1', { client, intervalMs: 2_000, maxIntervalMs: 30_000 }), {
      wrapper: queryWrapper(queryClient),
    });
    await advance(2_000 + 3_000 + 4_500 + 6_750 + 2_000);
    expect(gaps(calls)).toEqual([2_000, 3_000, 4_500, 6_750, 2_000]);
  });

  it('never lets the interval grow past maxIntervalMs', async () => {
    const { client, calls } = scriptedStatusClient([withParts(1)]);
    renderHook(() => useUploadStatus('ck-1', { client, intervalMs: 1_000, maxIntervalMs: 3_000 }), {
      wrapper: queryWrapper(queryClient),
    });
    await advance(1_000 + 1_500 + 2_250 + 3_000 + 3_000);
    expect(gaps(calls)).toEqual([1_000, 1_500, 2_250, 3_000, 3_000]);
  });

  it('backs off after failed polls and polls at the base interval again after a success', async () => {
    const down = apiError(503, 'ServerOverloaded');
    // Poll 1 succeeds; polls 2 and 3 fail for good (1 try + 3 retries each); poll 4 succeeds.
    const { client, calls } = scriptedStatusClient([
      withParts(1),
      down, down, down, down,
      down, down, down, down,
      withParts(2),
      withParts(3),
    ]);
    const { result } = renderHook(() => useUploadStatus('ck-1', { client, intervalMs: 2_000 }), {
      wrapper: queryWrapper(queryClient),
    });
    await advance(200_000);
    const [, p2, , , , p3, , , , p4, p5] = calls;
    expect(calls.length).toBeGreaterThanOrEqual(11);
    // Retries of one poll: 1 s, 2 s, 4 s (half the interval, doubling).
    expect(gaps(calls.slice(1, 5))).toEqual([1_000, 2_000, 4_000]);
    // After the 1st failed poll the next comes 2 × 2 s later, after the 2nd 2 × 2 × 2 s later.
    expect(p3! - calls[4]!).toBe(4_000);
    expect(p4! - calls[8]!).toBe(8_000);
    // Parts changed at poll 4 (vs poll 1): back to the base interval.
    expect(p5! - p4!).toBe(2_000);
    expect(p2! - calls[0]!).toBe(2_000);
    expect(result.current.isSuccess).toBe(true);
  });

  it.each([
    [403, 'NoPermission'],
    [404, 'ConfirmKeyNotFound'],
    [400, 'ParamInvalid'],
  ])('does not retry a %i %s and stops polling', async (status, code) => {
    const { client, calls } = scriptedStatusClient([apiError(status, code), withParts(1)]);
    const { result } = renderHook(() => useUploadStatus('ck-1', { client }), {
      wrapper: queryWrapper(queryClient),
    });
    await advance(60_000);
    expect(calls).toHaveLength(1);
    expect(result.current.isError).toBe(true);
  });

  it.each([
    [429, 'RateLimitExceeded', 2_000],
    [500, 'InternalServerError', 1_000],
    [408, 'ReadRequestTimeout', 1_000],
  ])('retries a %i %s (after %i ms) and recovers', async (status, code, delay) => {
    const { client, calls } = scriptedStatusClient([apiError(status, code), withParts(1)]);
    const { result } = renderHook(() => useUploadStatus('ck-1', { client }), {
      wrapper: queryWrapper(queryClient),
    });
    await advance(delay - 1);
    expect(calls).toHaveLength(1);
    await advance(1);
    expect(calls).toHaveLength(2);
    // Less than one poll interval later: the retried fetch has settled.
    await advance(100);
    expect(calls).toHaveLength(2);
    expect(result.current.isSuccess).toBe(true);
    expect(result.current.failureCount).toBe(0);
  });

  it("waits out a 429's Retry-After when it is longer than the backoff", async () => {
    const limited = new SmhApiError('slow down', { status: 429, code: 'RateLimitExceeded', retryAfterMs: 7_000 });
    const { client, calls } = scriptedStatusClient([limited, withParts(1)]);
    renderHook(() => useUploadStatus('ck-1', { client }), { wrapper: queryWrapper(queryClient) });
    await advance(6_999);
    expect(calls).toHaveLength(1);
    await advance(1);
    expect(calls).toHaveLength(2);
  });

  it('retries a network failure a bounded number of times, then reports it', async () => {
    const { client, calls } = scriptedStatusClient([new SmhNetworkError('Failed to fetch')]);
    const { result } = renderHook(() => useUploadStatus('ck-1', { client }), {
      wrapper: queryWrapper(queryClient),
    });
    await advance(1_000 + 2_000 + 4_000 + 100);
    expect(gaps(calls)).toEqual([1_000, 2_000, 4_000]);
    expect(result.current.error).toBeInstanceOf(SmhNetworkError);
  });

  it('pauses while the document is hidden and polls again when it shows', async () => {
    const { client, calls } = scriptedStatusClient([withParts(1), withParts(2), withParts(3), withParts(4)]);
    renderHook(() => useUploadStatus('ck-1', { client }), { wrapper: queryWrapper(queryClient) });
    await advance(2_000);
    expect(calls).toHaveLength(2);
    act(() => focusManager.setFocused(false));
    await advance(120_000);
    expect(calls).toHaveLength(2);
    act(() => focusManager.setFocused(true));
    await advance(0);
    expect(calls).toHaveLength(3);
    await advance(2_000);
    expect(calls).toHaveLength(4);
  });

  it('stops polling when the browser hides the page (visibilitychange) and asks at once when it shows', async () => {
    const { client, calls } = scriptedStatusClient([withParts(1), withParts(2), withParts(3)]);
    renderHook(() => useUploadStatus('ck-1', { client }), { wrapper: queryWrapper(queryClient) });
    await advance(0);
    expect(calls).toHaveLength(1);
    try {
      act(() => setVisibility('hidden'));
      await advance(120_000);
      expect(calls).toHaveLength(1);
      act(() => setVisibility('visible'));
      await advance(0);
      expect(calls).toHaveLength(2);
    } finally {
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    }
  });

  it('reads the raw status for polling, whatever select returns', async () => {
    const { client, calls } = scriptedStatusClient([
      withParts(1),
      makeUploadTaskStatus({ confirmed: true, path: null }),
    ]);
    const { result } = renderHook(() => useUploadStatus('ck-1', { client, select: hideStopSignals }), {
      wrapper: queryWrapper(queryClient),
    });
    await advance(120_000);
    expect(calls).toHaveLength(2);
    expect(result.current.data).toEqual({ confirmed: false, path: ['still', 'here'] });
  });

  it('does not fetch without a confirmKey, or when disabled', async () => {
    const { client, calls } = scriptedStatusClient([withParts(1)]);
    const { result, rerender } = renderHook(
      ({ confirmKey, enabled }: { confirmKey: string | undefined; enabled: boolean }) =>
        useUploadStatus(confirmKey, { client, enabled }),
      { wrapper: queryWrapper(queryClient), initialProps: { confirmKey: undefined as string | undefined, enabled: true } },
    );
    await advance(10_000);
    expect(calls).toHaveLength(0);
    expect(result.current.fetchStatus).toBe('idle');
    rerender({ confirmKey: 'ck-1', enabled: false });
    await advance(10_000);
    expect(calls).toHaveLength(0);
    rerender({ confirmKey: 'ck-1', enabled: true });
    await advance(0);
    expect(calls).toHaveLength(1);
  });

  it('shares one cache entry with uploadStatusQueryOptions: data set there is what the hook shows', async () => {
    const { client, calls } = scriptedStatusClient([withParts(1)]);
    const confirmed = makeUploadTaskStatus({ confirmed: true });
    queryClient.setQueryData(uploadStatusQueryOptions(client, 'ck-1').queryKey, confirmed);
    const { result } = renderHook(() => useUploadStatus('ck-1', { client }), {
      wrapper: queryWrapper(queryClient),
    });
    await advance(60_000);
    // A confirmed status never goes stale, so mounting does not ask again.
    expect(calls).toHaveLength(0);
    expect(result.current.data).toBe(confirmed);
    expect(uploadStatusQueryOptions(client, 'ck-1').queryKey).toEqual(
      smhUploadKeys.status('smhtest', '-', 'ck-1'),
    );
  });
});

describe('uploadStatusQueryOptions', () => {
  it('prefetches into the cache that useSuspenseQuery then reads without asking again', async () => {
    const { client, calls } = scriptedStatusClient([makeUploadTaskStatus({ confirmed: true })]);
    await queryClient.prefetchQuery(uploadStatusQueryOptions(client, 'ck-1'));
    expect(calls).toHaveLength(1);
    const { result } = renderHook(
      () => useSuspenseQuery(uploadStatusQueryOptions(client, 'ck-1', { select: (s) => s.confirmed })),
      { wrapper: queryWrapper(queryClient) },
    );
    expect(result.current.data).toBe(true);
    await advance(60_000);
    expect(calls).toHaveLength(1);
  });
});

describe('useUploadStatus input', () => {
  it('throws a clear error without a provider or a client', () => {
    expect(() =>
      renderHook(() => useUploadStatus('ck-1'), { wrapper: queryWrapper(queryClient) }),
    ).toThrow(/SmhUploadProvider|options\.client/);
  });

  it('rejects an empty confirmKey in uploadStatusQueryOptions with a TypeError', () => {
    const { client } = scriptedStatusClient([withParts(1)]);
    expect(() => uploadStatusQueryOptions(client, '')).toThrow(TypeError);
  });

  it('rejects intervals that are not positive or a max below the base with a RangeError', () => {
    const { client } = scriptedStatusClient([withParts(1)]);
    expect(() => uploadStatusQueryOptions(client, 'ck', { intervalMs: 0 })).toThrow(RangeError);
    expect(() => uploadStatusQueryOptions(client, 'ck', { intervalMs: Number.NaN })).toThrow(RangeError);
    expect(() => uploadStatusQueryOptions(client, 'ck', { intervalMs: 5_000, maxIntervalMs: 1_000 })).toThrow(
      RangeError,
    );
  });
});

// The engine's retries wait for the network through its own `network` option (test/core/offline.test.ts);
// status polls rely on TanStack Query's onlineManager, which pauses queries of networkMode 'online'.
describe('useUploadStatus offline', () => {
  it("keeps TanStack Query's default networkMode ('online')", () => {
    const { client } = scriptedStatusClient([]);
    const options = uploadStatusQueryOptions(client, 'ck-1') as { networkMode?: string };
    expect(options.networkMode ?? 'online').toBe('online');
  });

  it('pauses polling while onlineManager says offline, and polls again on reconnect', async () => {
    const { client, calls } = scriptedStatusClient(Array.from({ length: 20 }, (_, i) => withParts(i + 1)));
    const { result } = renderHook(() => useUploadStatus('ck-1', { client }), { wrapper: queryWrapper(queryClient) });
    await advance(1);
    expect(calls).toHaveLength(1);
    act(() => onlineManager.setOnline(false));
    await advance(120_000);
    expect(calls).toHaveLength(1);
    expect(result.current.fetchStatus).not.toBe('fetching');
    act(() => onlineManager.setOnline(true));
    await advance(1);
    expect(calls.length).toBeGreaterThan(1);
  });
});
