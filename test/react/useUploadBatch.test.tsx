// useUploadBatch over a queue of hand-driven tasks: totals, counts, speed and time left, "retry
// all failed", the finished flag, and one re-render per animation frame however many tasks move.
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SmhApiError, SmhNetworkError } from '../../src/api/errors';
import { UploadError } from '../../src/core/errors';
import { STALL_MS } from '../../src/react/batchStore';
import { useUploadBatch } from '../../src/react/useUploadBatch';
import { batchWrapper, fakeQueue, fakeTasks, FRAME_MS, nextFrame } from './batchHelpers';
import { fakeTask } from './fakeTask';

const MB = 1_000_000;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** The hook over `count` running tasks of 1,000 bytes, counting its renders; settled after a first frame. */
function countedBatch(count: number) {
  const tasks = fakeTasks(count, () => ({ state: 'uploading', totalBytes: 1_000 }));
  const counter = { renders: 0 };
  const { result } = renderHook(
    () => {
      counter.renders += 1;
      return useUploadBatch();
    },
    { wrapper: batchWrapper(fakeQueue(tasks)) },
  );
  nextFrame();
  return { tasks, result, counter, settled: counter.renders };
}

describe('useUploadBatch', () => {
  it('adds up every queued file, counting files not begun yet with their size and leaving cancelled ones out', () => {
    const queue = fakeQueue([
      fakeTask({ id: 'waiting', state: 'idle', totalBytes: 1_000 }),
      fakeTask({ id: 'sending', state: 'uploading', totalBytes: 2_000, storedBytes: 400, inflightBytes: 100 }),
      fakeTask({ id: 'done', state: 'done', totalBytes: 3_000, storedBytes: 3_000 }),
      fakeTask({ id: 'failed', state: 'failed', totalBytes: 500, storedBytes: 100 }),
      fakeTask({ id: 'cancelled', state: 'cancelled', totalBytes: 4_000, storedBytes: 2_000 }),
    ]);
    const { result } = renderHook(() => useUploadBatch(), { wrapper: batchWrapper(queue) });
    expect(result.current.files).toBe(5);
    expect(result.current.totalBytes).toBe(1_000 + 2_000 + 3_000 + 500);
    expect(result.current.doneBytes).toBe(0 + 500 + 3_000 + 100);
  });

  it('counts tasks by state, the running stages together', () => {
    const states = ['idle', 'idle', 'hashing', 'beginning', 'uploading', 'renewing', 'confirming', 'paused', 'conflict', 'failed', 'done', 'done', 'cancelled'] as const;
    const queue = fakeQueue(fakeTasks(states.length, (i) => ({ state: states[i]! })));
    const { result } = renderHook(() => useUploadBatch(), { wrapper: batchWrapper(queue) });
    expect(result.current.counts).toEqual({ waiting: 2, uploading: 5, paused: 1, conflict: 1, failed: 1, done: 2, cancelled: 1 });
    expect(result.current.finished).toBe(false);
  });

  it('follows tasks added and removed', () => {
    const [a, b] = fakeTasks(2, () => ({ totalBytes: 1_000 }));
    const queue = fakeQueue([a!]);
    const { result } = renderHook(() => useUploadBatch(), { wrapper: batchWrapper(queue) });
    act(() => {
      queue.add(b!);
    });
    nextFrame();
    expect(result.current.files).toBe(2);
    expect(result.current.totalBytes).toBe(2_000);
    act(() => queue.remove(a!.id));
    nextFrame();
    expect(result.current.files).toBe(1);
    expect(result.current.totalBytes).toBe(1_000);
  });

  it('is finished once nothing waits, runs, is paused or waits for an answer, and not when empty', () => {
    const [a, b, c] = fakeTasks(3, () => ({ state: 'uploading' }));
    const queue = fakeQueue([a!, b!, c!]);
    const { result } = renderHook(() => useUploadBatch(), { wrapper: batchWrapper(queue) });
    expect(result.current.finished).toBe(false);
    act(() => {
      a!.emit({ state: 'done' });
      b!.emit({ state: 'failed', error: new SmhNetworkError('offline') });
      c!.emit({ state: 'paused' });
    });
    nextFrame();
    expect(result.current.finished).toBe(false);
    act(() => c!.emit({ state: 'conflict' }));
    nextFrame();
    expect(result.current.finished).toBe(false);
    act(() => c!.emit({ state: 'cancelled' }));
    nextFrame();
    expect(result.current.finished).toBe(true);

    const empty = renderHook(() => useUploadBatch(), { wrapper: batchWrapper(fakeQueue()) });
    expect(empty.result.current.finished).toBe(false);
  });

  it('retryAllFailed starts only the failures a retry can mend', () => {
    const tasks = [
      fakeTask({ id: 'rate-limited', state: 'failed', error: new SmhApiError('slow down', { status: 429, code: 'RateLimitExceeded' }) }),
      fakeTask({ id: 'network', state: 'failed', error: new SmhNetworkError('offline') }),
      fakeTask({ id: 'bad-name', state: 'failed', error: new SmhApiError('bad name', { status: 400, code: 'IllegalFileName' }) }),
      fakeTask({ id: 'wrong-file', state: 'failed', error: new UploadError('not the same file', 'FileMismatch') }),
      fakeTask({ id: 'folder-gone', state: 'failed', error: new UploadError('gone', 'PathDeleted') }),
      fakeTask({ id: 'done', state: 'done' }),
      fakeTask({ id: 'paused', state: 'paused' }),
    ];
    const starts = tasks.map((task) => vi.spyOn(task, 'start'));
    const queue = fakeQueue(tasks);
    const { result } = renderHook(() => useUploadBatch(), { wrapper: batchWrapper(queue) });
    expect(result.current.counts.failed).toBe(5);
    expect(result.current.retryableFailed).toBe(2);

    let started = 0;
    act(() => {
      started = result.current.retryAllFailed();
    });
    expect(started).toBe(2);
    expect(starts.map((start) => start.mock.calls.length)).toEqual([1, 1, 0, 0, 0, 0, 0]);
  });

  it('pauseAll, resumeAll and cancelAll go to the queue', async () => {
    const queue = fakeQueue(fakeTasks(2, () => ({ state: 'uploading' })));
    const { result } = renderHook(() => useUploadBatch(), { wrapper: batchWrapper(queue) });
    act(() => result.current.pauseAll());
    act(() => result.current.resumeAll());
    await act(() => result.current.cancelAll());
    expect(queue.pauseAll).toHaveBeenCalledTimes(1);
    expect(queue.resumeAll).toHaveBeenCalledTimes(1);
    expect(queue.cancelAll).toHaveBeenCalledTimes(1);
  });

  it('gives a steady speed and time left while bytes flow steadily, and "unknown" once nothing moves', () => {
    const task = fakeTask({ state: 'uploading', totalBytes: 100 * MB, storedBytes: 0 });
    const queue = fakeQueue([task]);
    const { result } = renderHook(() => useUploadBatch(), { wrapper: batchWrapper(queue) });
    let sent = 0;
    /** Time left after each progress event. */
    const etas: Array<number | undefined> = [];
    /** 1 MB/s in uneven steps (0.1, 0.4, 0.2, 0.3 MB per 250 ms), as progress events come. */
    const flow = (seconds: number) => {
      for (let i = 0; i < seconds * 4; i++) {
        sent += [0.1, 0.4, 0.2, 0.3][i % 4]! * MB;
        act(() => {
          task.emit({ inflightBytes: sent });
          vi.advanceTimersByTime(250);
        });
        etas.push(result.current.etaSeconds);
      }
    };

    // Before the meter has a second of bytes it does not guess.
    flow(0.5);
    expect(result.current.bytesPerSecond).toBe(0);
    expect(result.current.etaSeconds).toBeUndefined();

    // Once the first samples' wobble has settled (several time constants), ten seconds of bytes:
    flow(12);
    etas.length = 0;
    flow(10);
    expect(result.current.bytesPerSecond).toBeGreaterThan(0.95 * MB);
    expect(result.current.bytesPerSecond).toBeLessThan(1.05 * MB);
    // each figure within 5 % of the truth, and never ticking up: it counts down with the clock.
    etas.forEach((eta, i) => {
      const truth = (100 * MB - 12.5 * MB - (i + 1) * 0.25 * MB) / MB;
      expect(Math.abs(eta! - truth)).toBeLessThan(truth * 0.05);
    });
    const rises = etas.filter((eta, i) => i > 0 && eta! > etas[i - 1]!);
    expect(rises).toEqual([]);
    expect(etas[0]! - etas.at(-1)!).toBeGreaterThanOrEqual(8);
    expect(etas[0]! - etas.at(-1)!).toBeLessThanOrEqual(11);
    expect(result.current.stalled).toBe(false);

    // Nothing moves: shortly after, still a figure (a pause between parts is normal)…
    act(() => {
      vi.advanceTimersByTime(STALL_MS - 1_000);
    });
    expect(result.current.stalled).toBe(false);
    // …then it says it does not know rather than show an old figure.
    act(() => {
      vi.advanceTimersByTime(1_000 + FRAME_MS);
    });
    expect(result.current.stalled).toBe(true);
    expect(result.current.bytesPerSecond).toBe(0);
    expect(result.current.etaSeconds).toBeUndefined();

    // Bytes again: no longer stalled.
    flow(2);
    expect(result.current.stalled).toBe(false);
    expect(result.current.etaSeconds).toBeDefined();
  });

  it('knows no speed while everything is paused, and does not count bytes SMH already had', () => {
    const [a, b] = fakeTasks(2, () => ({ state: 'uploading', totalBytes: 50 * MB }));
    const queue = fakeQueue([a!, b!]);
    const { result } = renderHook(() => useUploadBatch(), { wrapper: batchWrapper(queue) });
    for (let i = 1; i <= 12; i++) {
      act(() => {
        a!.emit({ inflightBytes: i * 0.25 * MB });
        vi.advanceTimersByTime(250);
      });
    }
    const before = result.current.bytesPerSecond;
    expect(before).toBeGreaterThan(0);
    // b finds its bytes already on SMH: 50 MB "done" at once is no speed.
    act(() => {
      b!.emit({ mode: 'instant', state: 'done', storedBytes: 50 * MB });
      a!.emit({ inflightBytes: 13 * 0.25 * MB });
      vi.advanceTimersByTime(250);
    });
    expect(result.current.bytesPerSecond).toBeLessThan(before * 1.5);

    act(() => {
      a!.emit({ state: 'paused' });
      vi.advanceTimersByTime(FRAME_MS);
    });
    expect(result.current.bytesPerSecond).toBe(0);
    expect(result.current.etaSeconds).toBeUndefined();
  });

  it('re-renders once per animation frame while 300 tasks report progress', () => {
    const { tasks, result, counter, settled } = countedBatch(300);

    act(() => {
      for (const task of tasks) task.emit({ inflightBytes: 500 });
    });
    // 300 reports, no render yet: they wait for the frame.
    expect(counter.renders).toBe(settled);
    nextFrame();
    expect(counter.renders).toBe(settled + 1);
    expect(result.current.doneBytes).toBe(300 * 500);

    act(() => {
      for (const task of tasks) task.emit({ state: 'done', storedBytes: 1_000, inflightBytes: 0 });
    });
    nextFrame();
    expect(counter.renders).toBe(settled + 2);
    expect(result.current.counts.done).toBe(300);
    expect(result.current.finished).toBe(true);
  });

  it('re-renders not at all when a report changes nothing the batch shows', () => {
    const { tasks, counter, settled } = countedBatch(3);
    // A new snapshot with the same bytes and state (a part's ETag arrived, say).
    act(() => tasks[0]!.emit({ parts: [] }));
    nextFrame();
    expect(counter.renders).toBe(settled);
  });
});
