import { describe, expect, it } from 'vitest';
import { createUploadQueue } from '../../src/core/queue';
import { harness } from './support/setup';
import { MiB, makeFile } from './support/fakeSmh';

const running = (states: string[]) => states.filter((s) => ['beginning', 'uploading', 'confirming', 'renewing', 'hashing'].includes(s)).length;

describe('createUploadQueue', () => {
  it('runs `concurrency` tasks at a time and starts the next as one finishes', async () => {
    const h = harness();
    const queue = createUploadQueue({ concurrency: 2 });
    const tasks = [1, 2, 3, 4].map((n) => queue.add(h.upload({ file: makeFile(3 * MiB, { seed: n }), path: `docs/${n}.bin` })));
    const states = () => tasks.map((task) => task.getSnapshot().state);
    expect(running(states())).toBe(2);
    expect(states().slice(2)).toEqual(['idle', 'idle']);
    let most = 0;
    await h.run(tasks[3]!, () => {
      most = Math.max(most, running(states()));
      return states().every((s) => s === 'done');
    });
    expect(most).toBe(2);
    expect(h.smh.files.size).toBe(4);
  });

  it('makes tasks from options, and keeps the same array until the list changes', () => {
    const h = harness();
    const queue = createUploadQueue();
    let changes = 0;
    queue.subscribe(() => (changes += 1));
    const first = queue.getSnapshot();
    expect(queue.getSnapshot()).toBe(first);
    const task = queue.add({ client: h.smh.client, transport: h.smh.transport, clock: h.clock, locks: null, file: makeFile(10), path: 'a.txt' });
    const second = queue.getSnapshot();
    expect(second).not.toBe(first);
    expect(second).toEqual([task]);
    expect(queue.getSnapshot()).toBe(second);
    expect(queue.tasks()).toBe(second);
    queue.add(task);
    expect(queue.getSnapshot()).toBe(second);
    expect(changes).toBe(1);
  });

  it('pauseAll holds everything; resumeAll lets tasks go again within the limit', async () => {
    const h = harness();
    const queue = createUploadQueue({ concurrency: 1 });
    const tasks = [1, 2].map((n) => queue.add(h.upload({ file: makeFile(3 * MiB, { seed: n }), path: `docs/${n}.bin` })));
    await h.run(tasks[0]!, (s) => s.state === 'uploading');
    queue.pauseAll();
    expect(tasks.map((t) => t.getSnapshot().state)).toEqual(['paused', 'idle']);
    await h.clock.advance(60_000);
    expect(tasks[1]!.getSnapshot().state).toBe('idle');
    queue.resumeAll();
    expect(tasks.map((t) => t.getSnapshot().state)).toEqual(['uploading', 'idle']);
    await h.run(tasks[1]!, (s) => s.state === 'done');
    expect(tasks[0]!.getSnapshot().state).toBe('done');
  });

  it('remove pauses a running task, forgets it, and frees its slot', async () => {
    const h = harness();
    const queue = createUploadQueue({ concurrency: 1 });
    const [a, b] = [1, 2].map((n) => queue.add(h.upload({ file: makeFile(3 * MiB, { seed: n }), path: `docs/${n}.bin` })));
    await h.run(a!, (s) => s.state === 'uploading');
    queue.remove(a!.id);
    expect(a!.getSnapshot().state).toBe('paused');
    expect(queue.getSnapshot()).toEqual([b]);
    expect(b!.getSnapshot().state).toBe('beginning');
  });

  it('cancelAll cancels every task', async () => {
    const h = harness();
    const queue = createUploadQueue({ concurrency: 1 });
    const tasks = [1, 2].map((n) => queue.add(h.upload({ file: makeFile(3 * MiB, { seed: n }), path: `docs/${n}.bin` })));
    await h.run(tasks[0]!, (s) => s.state === 'uploading');
    await queue.cancelAll();
    expect(tasks.map((t) => t.getSnapshot().state)).toEqual(['cancelled', 'cancelled']);
  });

  it('refuses a concurrency below 1', () => {
    expect(() => createUploadQueue({ concurrency: 0 })).toThrow(TypeError);
  });
});
