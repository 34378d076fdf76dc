import { describe, expect, it } from 'vitest';
import { createUploadQueue, type UploadQueue } from '../../src/core/queue';
import { harness } from './support/setup';
import { MiB, makeFile } from './support/fakeSmh';
import { isActive } from '../../src/core/transitions';
import type { UploadTask } from '../../src/core/types';

type Harness = ReturnType<typeof harness>;

/** `count` 3 MiB uploads added to `queue`, docs/1.bin… */
function addTasks(h: Harness, queue: UploadQueue, count: number): UploadTask[] {
  return Array.from({ length: count }, (_, i) =>
    queue.add(h.upload({ file: makeFile(3 * MiB, { seed: i + 1 }), path: `docs/${i + 1}.bin` })),
  );
}

const runningCount = (tasks: readonly UploadTask[]) => tasks.filter((task) => isActive(task.getSnapshot().state)).length;

/** The most tasks seen running at once from now on, checked on every snapshot any of them sends. */
function mostRunning(tasks: readonly UploadTask[]): () => number {
  let most = runningCount(tasks);
  for (const task of tasks) task.subscribe(() => (most = Math.max(most, runningCount(tasks))));
  return () => most;
}

describe('UploadQueue.setConcurrency', () => {
  it('raising the limit starts waiting tasks at once', async () => {
    const h = harness();
    const queue = createUploadQueue({ concurrency: 1 });
    const tasks = addTasks(h, queue, 4);
    expect(runningCount(tasks)).toBe(1);
    queue.setConcurrency(3);
    expect(queue.concurrency).toBe(3);
    expect(tasks.map((task) => isActive(task.getSnapshot().state))).toEqual([true, true, true, false]);
    const most = mostRunning(tasks);
    await h.run(tasks[3]!, () => tasks.every((task) => task.getSnapshot().state === 'done'));
    expect(most()).toBe(3);
  });

  it('lowering the limit lets running tasks finish and starts no more until fewer than it run', async () => {
    const h = harness();
    const queue = createUploadQueue({ concurrency: 3 });
    const tasks = addTasks(h, queue, 5);
    queue.setConcurrency(1);
    // Nobody is paused…
    expect(tasks.map((task) => task.getSnapshot().state)).toEqual(['beginning', 'beginning', 'beginning', 'idle', 'idle']);
    // …and the waiting ones start one at a time, once all three have finished.
    const startedWith: number[] = [];
    for (const waiting of tasks.slice(3)) {
      const stop = waiting.subscribe((s) => {
        if (!isActive(s.state)) return;
        startedWith.push(runningCount(tasks));
        stop();
      });
    }
    await h.run(tasks[4]!, () => tasks.every((task) => task.getSnapshot().state === 'done'));
    expect(startedWith).toEqual([1, 1]);
  });

  it('refuses a limit that is not a whole number of at least 1, and keeps the old one', () => {
    const h = harness();
    const queue = createUploadQueue({ concurrency: 1 });
    const tasks = addTasks(h, queue, 2);
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity]) {
      expect(() => queue.setConcurrency(bad)).toThrow(TypeError);
    }
    expect(queue.concurrency).toBe(1);
    expect(runningCount(tasks)).toBe(1);
  });
});
