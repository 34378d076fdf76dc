import { describe, expect, it } from 'vitest';
import { createUploadQueue } from '../../src/core/queue';
import { isActive } from '../../src/core/transitions';
import type { UploadTask } from '../../src/core/types';
import { MiB, makeFile } from './support/fakeSmh';
import { harness } from './support/setup';

describe('UploadQueue.setConcurrency', () => {
  it('names itself when the concurrency it is given is not a whole number of at least 1', () => {
    const queue = createUploadQueue();
    expect(() => queue.setConcurrency(0)).toThrow(new TypeError('UploadQueue.setConcurrency: concurrency must be a whole number of at least 1, got 0.'));
  });
});

describe('UploadQueue: a task started by hand', () => {
  it('waits its turn when its queue is full, even when it is not the first task of the queue', async () => {
    const h = harness();
    const queue = createUploadQueue({ concurrency: 1 });
    const tasks = [1, 2].map((n) => queue.add(h.upload({ file: makeFile(3 * MiB, { seed: n }), path: `docs/${n}.bin` })));
    const [first, second] = tasks as [UploadTask, UploadTask];
    expect(isActive(first.getSnapshot().state)).toBe(true);
    second.start();
    expect(second.getSnapshot().state).toBe('idle');
    await h.run(second, () => second.getSnapshot().state === 'done');
    expect(first.getSnapshot().state).toBe('done');
  });
});
