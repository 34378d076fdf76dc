import { describe, expect, it } from 'vitest';
import { createUploadQueue } from '../../src/core/queue';
import { harness } from './support/setup';
import { MiB, makeFile, smhError } from './support/fakeSmh';
import type { UploadTask } from '../../src/core/types';

type Queue = ReturnType<typeof createUploadQueue>;

/** Two 3 MiB uploads in `queue`, docs/1.bin and docs/2.bin. */
function twoTasks(h: ReturnType<typeof harness>, queue: Queue, options: Parameters<ReturnType<typeof harness>['upload']>[0] = {}): [UploadTask, UploadTask] {
  const [a, b] = [1, 2].map((n) => queue.add(h.upload({ file: makeFile(3 * MiB, { seed: n }), path: `docs/${n}.bin`, ...options })));
  return [a!, b!];
}

/** The most tasks seen running at once, checked on every snapshot any of them sends. */
function watchRunning(tasks: readonly UploadTask[]): () => number {
  let most = 0;
  const check = () => {
    most = Math.max(most, running(tasks.map((task) => task.getSnapshot().state)));
  };
  for (const task of tasks) task.subscribe(check);
  check();
  return () => most;
}

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

  it('a retry after a failure waits for a free slot, then picks up', async () => {
    const h = harness();
    const queue = createUploadQueue({ concurrency: 1 });
    h.smh.failNext('beginUpload', smhError(400, 'InvalidParameter'));
    const [a, b] = twoTasks(h, queue);
    const most = watchRunning([a, b]);
    expect((await h.run(a)).state).toBe('failed');
    await h.run(b, (s) => s.state === 'uploading');
    a.start();
    expect(a.getSnapshot().state).toBe('idle');
    expect(a.getSnapshot().error).toBeUndefined();
    await h.run(a, (s) => s.state === 'done');
    expect(b.getSnapshot().state).toBe('done');
    expect(most()).toBe(1);
  });

  it('answering a conflict waits for a free slot, then goes on with the answer', async () => {
    const h = harness();
    const queue = createUploadQueue({ concurrency: 1 });
    h.smh.addFile('docs/1.bin');
    const [a, b] = twoTasks(h, queue, { conflictResolutionStrategy: 'ask' });
    const most = watchRunning([a, b]);
    expect((await h.run(a)).state).toBe('conflict');
    await h.run(b, (s) => s.state === 'uploading');
    a.resolveConflict('rename');
    expect(a.getSnapshot()).toMatchObject({ state: 'idle', conflictResolutionStrategy: 'rename' });
    const done = await h.run(a, (s) => s.state === 'done');
    expect(done.finalPath).toEqual(['docs', '1 (1).bin']);
    expect(b.getSnapshot().state).toBe('done');
    expect(most()).toBe(1);
  });

  it('resume() on a task paused by hand waits while another holds the slot', async () => {
    const h = harness();
    const queue = createUploadQueue({ concurrency: 1 });
    const [a, b] = twoTasks(h, queue);
    const most = watchRunning([a, b]);
    await h.run(a, (s) => s.state === 'uploading');
    a.pause();
    await h.run(b, (s) => s.state === 'uploading');
    a.resume();
    expect(a.getSnapshot().state).toBe('paused');
    await h.run(a, (s) => s.state === 'done');
    expect(b.getSnapshot().state).toBe('done');
    expect(most()).toBe(1);
  });

  it('addAll takes many tasks with one change of the list, in order, starting only what the limit allows', async () => {
    const h = harness();
    const queue = createUploadQueue({ concurrency: 2 });
    let changes = 0;
    queue.subscribe(() => (changes += 1));
    const tasks = [1, 2, 3, 4, 5].map((n) => h.upload({ file: makeFile(3 * MiB, { seed: n }), path: `docs/${n}.bin` }));
    expect(queue.addAll([...tasks, tasks[0]!])).toHaveLength(6);
    expect(changes).toBe(1);
    expect(queue.getSnapshot()).toEqual(tasks);
    expect(running(tasks.map((task) => task.getSnapshot().state))).toBe(2);
    // Adding what is there already changes nothing, and tells no one.
    queue.addAll(tasks.slice(0, 2));
    expect(changes).toBe(1);
    await h.run(tasks[4]!, () => tasks.every((task) => task.getSnapshot().state === 'done'));
  });

  it('addAll refuses the lot, adding none, when one task belongs to another queue', () => {
    const h = harness();
    const other = createUploadQueue();
    const queue = createUploadQueue();
    const mine = h.upload({ file: makeFile(3 * MiB, { seed: 1 }), path: 'docs/1.bin' });
    const theirs = other.add(h.upload({ file: makeFile(3 * MiB, { seed: 2 }), path: 'docs/2.bin' }));
    expect(() => queue.addAll([mine, theirs])).toThrow(/in another queue/);
    expect(queue.getSnapshot()).toEqual([]);
    expect(mine.getSnapshot().state).toBe('idle');
    // Nothing was half taken in: the next change of the list shows only what it added.
    const next = queue.add(h.upload({ file: makeFile(3 * MiB, { seed: 3 }), path: 'docs/3.bin' }));
    expect(queue.getSnapshot()).toEqual([next]);
  });

  it('pauses a running task added to a full queue until a slot frees', async () => {
    const h = harness();
    const queue = createUploadQueue({ concurrency: 1 });
    const [a] = twoTasks(h, queue).slice(0, 1);
    const late = h.upload({ file: makeFile(3 * MiB, { seed: 9 }), path: 'docs/late.bin' });
    late.start();
    queue.add(late);
    expect(late.getSnapshot().state).toBe('paused');
    const most = watchRunning(queue.getSnapshot());
    await h.run(late, (s) => s.state === 'done');
    expect(a!.getSnapshot().state).toBe('done');
    expect(most()).toBe(1);
  });

  it('a removed task is free of the queue again; a task of another queue is refused', async () => {
    const h = harness();
    const first = createUploadQueue({ concurrency: 1 });
    const second = createUploadQueue({ concurrency: 1 });
    const [a, b] = twoTasks(h, first);
    expect(() => second.add(b)).toThrow(TypeError);
    first.remove(b.id);
    second.add(b);
    await h.run(b, (s) => s.state === 'done');
    expect(a.getSnapshot().state).toBe('done');
  });

  it('refuses a concurrency below 1', () => {
    expect(() => createUploadQueue({ concurrency: 0 })).toThrow(TypeError);
  });
});
