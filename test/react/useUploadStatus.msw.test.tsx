// The polling rules end to end: the real createSmhClient over fetch, SMH answered by msw.
// One clock: the fake one. msw's replies take real (event-loop) time, so the clock stops while a
// request is out and moves on only once its reply has been read; no test waits on real time.
import { act, renderHook } from '@testing-library/react';
import type { QueryClient } from '@tanstack/react-query';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SmhApiError } from '../../src/api/errors';
import { createSmhClient } from '../../src/api/client';
import type { SmhClient } from '../../src/api/types';
import { useUploadStatus } from '../../src/react/useUploadStatus';
import {
  confirmedAfter,
  failingThenRecovering,
  pathDeleted,
  progressingParts,
  rateLimited,
  stalled,
  taskGone,
  type StatusScenario,
} from '../fixtures/handlers';
import { createTestQueryClient, queryWrapper } from './helpers';

const server = setupServer();
const smh = createSmhClient({
  baseUrl: 'https://lib.smh.test',
  libraryId: 'smhtest',
  spaceId: 'space-1',
  accessToken: 'acctk-msw-test-token',
});
/** Status requests sent and not yet answered (reply read and checked, or failed). */
const pending = new Set<Promise<unknown>>();
const client: SmhClient = {
  ...smh,
  getUploadStatus(...args) {
    const reply = smh.getUploadStatus(...args);
    pending.add(reply);
    const done = () => pending.delete(reply);
    reply.then(done, done);
    return reply;
  },
};

let queryClient: QueryClient;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  // Not setImmediate or nextTick: msw and fetch run on the real event loop.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  queryClient = createTestQueryClient();
});
afterEach(() => {
  queryClient.clear();
  server.resetHandlers();
  vi.useRealTimers();
});

function use(scenario: StatusScenario): StatusScenario {
  server.use(scenario.handler);
  return scenario;
}

/** Waits (for the replies, not for time) until no status request is out. */
async function settle() {
  while (pending.size > 0) await Promise.allSettled(pending);
}

/** Moves the fake clock `ms` one timer at a time, letting each request a timer sends be answered first. */
async function advance(ms: number) {
  await act(async () => {
    const end = Date.now() + ms;
    // A timer at `end`, so the next timer is never later than it.
    setTimeout(() => {}, ms);
    await settle();
    while (Date.now() < end) {
      await vi.advanceTimersToNextTimerAsync();
      await settle();
    }
    // What the last replies scheduled for now (TanStack's notify batch, a refetch).
    await vi.advanceTimersByTimeAsync(0);
    await settle();
  });
}

function renderStatus(confirmKey = 'ck-1') {
  return renderHook(() => useUploadStatus(confirmKey, { client }), { wrapper: queryWrapper(queryClient) });
}

describe('useUploadStatus against SMH (msw)', () => {
  it('asks the status endpoint of the right library, space and task', async () => {
    const scenario = use(confirmedAfter(1));
    const { result } = renderStatus('ck-42');
    await advance(0);
    expect(result.current.isSuccess).toBe(true);
    expect(scenario.requests[0]).toMatchObject({ libraryId: 'smhtest', spaceId: 'space-1', confirmKey: 'ck-42' });
  });

  it('stops after exactly the polls it took to be confirmed', async () => {
    const scenario = use(confirmedAfter(3));
    const { result } = renderStatus();
    await advance(60_000);
    expect(result.current.data?.confirmed).toBe(true);
    await advance(60_000);
    expect(scenario.requests).toHaveLength(3);
  });

  it('follows the parts as COS stores them, then stops on confirmed', async () => {
    const scenario = use(progressingParts({ totalParts: 3 }));
    const { result } = renderStatus();
    await advance(0);
    expect(result.current.data?.parts).toHaveLength(1);
    await advance(2_000);
    expect(result.current.data?.parts).toHaveLength(2);
    await advance(120_000);
    expect(result.current.data?.confirmed).toBe(true);
    expect(scenario.requests).toHaveLength(4);
  });

  it('stops on 404 UploadNotFound with the typed error and asks no more', async () => {
    const scenario = use(taskGone({ code: 'UploadNotFound', fromPoll: 2 }));
    const { result } = renderStatus();
    await advance(60_000);
    expect(result.current.isError).toBe(true);
    expect(result.current.error).toBeInstanceOf(SmhApiError);
    expect(result.current.error).toMatchObject({ status: 404, code: 'UploadNotFound' });
    expect(result.current.error?.message).not.toContain('acctk-msw-test-token');
    await advance(60_000);
    expect(scenario.requests).toHaveLength(2);
  });

  it('stops when the folder was deleted (path null)', async () => {
    const scenario = use(pathDeleted({ fromPoll: 2 }));
    const { result } = renderStatus();
    await advance(60_000);
    expect(result.current.data?.path).toBeNull();
    await advance(60_000);
    expect(scenario.requests).toHaveLength(2);
  });

  it('recovers from a 500 by retrying', async () => {
    const scenario = use(failingThenRecovering({ failures: 2 }));
    const { result } = renderStatus();
    await advance(1_000 + 2_000);
    expect(result.current.isSuccess).toBe(true);
    expect(scenario.requests).toHaveLength(3);
  });

  it('recovers from 429 RateLimitExceeded by retrying', async () => {
    const scenario = use(rateLimited({ times: 1 }));
    const { result } = renderStatus();
    await advance(2_000);
    expect(result.current.isSuccess).toBe(true);
    expect(scenario.requests).toHaveLength(2);
  });

  it('asks less and less often while nothing changes', async () => {
    const scenario = use(stalled());
    renderStatus();
    // 2 s, 3 s, 4.5 s, 6.75 s, 10.125 s: six polls in the first 26.4 s, not the 14 of a fixed 2 s.
    await advance(26_374);
    expect(scenario.requests).toHaveLength(5);
    await advance(1);
    expect(scenario.requests).toHaveLength(6);
    await advance(27_000 - 26_375);
    expect(scenario.requests).toHaveLength(6);
  });
});
