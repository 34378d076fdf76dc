// A hand-driven queue of fake tasks under a real SmhUploadProvider, for useUploadBatch and
// UploadBatchSummary tests: no engine, every snapshot set by the test.
import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { act } from '@testing-library/react';
import { vi } from 'vitest';
import { DEFAULT_QUEUE_LIMITS, type UploadQueue } from '../../src/core';
import type { UploadSnapshot, UploadTask } from '../../src/core/types';
import { SmhI18nProvider, zhCN } from '../../src/i18n';
import { SmhUploadProvider } from '../../src/react/SmhUploadProvider';
import { fakeTask, type FakeTask } from './fakeTask';
import { createTestQueryClient, statusOnlyClient } from './helpers';

export interface FakeQueue extends UploadQueue {
  pauseAll: ReturnType<typeof vi.fn<() => void>>;
  resumeAll: ReturnType<typeof vi.fn<() => void>>;
  cancelAll: ReturnType<typeof vi.fn<() => Promise<void>>>;
}

/** A queue that only lists its tasks: nothing starts on its own. */
export function fakeQueue(initial: readonly UploadTask[] = []): FakeQueue {
  let list: readonly UploadTask[] = initial;
  const listeners = new Set<() => void>();
  const publish = () => {
    for (const listener of Array.from(listeners)) listener();
  };
  return {
    add(task) {
      list = [...list, task as UploadTask];
      publish();
      return task as UploadTask;
    },
    addAll(tasks) {
      const added = Array.from(tasks);
      list = [...list, ...added];
      publish();
      return added;
    },
    remove(id) {
      list = list.filter((task) => task.id !== id);
      publish();
    },
    tasks: () => list,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => list,
    concurrency: 2,
    setConcurrency() {},
    limits: DEFAULT_QUEUE_LIMITS,
    setLimits() {},
    pauseAll: vi.fn<() => void>(),
    resumeAll: vi.fn<() => void>(),
    cancelAll: vi.fn<() => Promise<void>>(async () => {}),
  };
}

/** `count` fake tasks with ids `f0`, `f1`…, each made from `make(i)`. */
export function fakeTasks(count: number, make: (i: number) => Partial<UploadSnapshot> = () => ({})): FakeTask[] {
  return Array.from({ length: count }, (_, i) => fakeTask({ id: `f${i}`, fileName: `photo-${i}.jpg`, ...make(i) }));
}

export function batchWrapper(queue: UploadQueue, { locale }: { locale?: 'en' | 'zh-CN' } = {}) {
  const queryClient = createTestQueryClient();
  const client = statusOnlyClient(() => Promise.reject(new Error('no status calls here')));
  return function Wrapper({ children }: { children: ReactNode }) {
    const inner = locale === 'zh-CN' ? <SmhI18nProvider locale="zh-CN" messages={zhCN}>{children}</SmhI18nProvider> : children;
    return (
      <QueryClientProvider client={queryClient}>
        <SmhUploadProvider client={client} queue={queue} store={null}>
          {inner}
        </SmhUploadProvider>
      </QueryClientProvider>
    );
  };
}

/** One animation frame (fake timers fake requestAnimationFrame at 16 ms). */
export const FRAME_MS = 16;

/** Lets the pending animation frame run (and with it the batch's one update). Needs fake timers. */
export function nextFrame() {
  act(() => {
    vi.advanceTimersByTime(FRAME_MS);
  });
}
