// What a task does at its edges: a file with no readable size, a confirm SMH refuses, a failed task
// started again, a wrong answer to a conflict, a listener that throws with no reportError, the
// queue lane a new task is put in, a confirm let through before begins in a queue's SMH budget,
// when the task started and ended (one cancelled before it started has no start time), and its
// speed after a slow begin and while renewing. A cancel asks SMH whether the file was stored only
// when a confirm was under way, and then stops the confirm still in flight.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createUploadQueue } from '../../src/core/queue';
import { isSmallFile } from '../../src/core/runGate';
import { harness } from './support/setup';
import { MiB, cosExpired, makeFile, smhError } from './support/fakeSmh';
import type { UploadSnapshot } from '../../src/core/types';

/** A Blob-like whose size cannot be read: nothing is sliced before the size check fails. */
const unreadable = (name?: string) =>
  Object.assign({ size: -1, type: '', slice: () => new Blob() }, name === undefined ? {} : { name }) as unknown as Blob;

describe('a file with no readable size', () => {
  it('fails at start with InvalidFile naming the file', async () => {
    const h = harness();
    const task = h.upload({ file: unreadable('holiday.mov') });
    task.start();
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'InvalidFile', message: '"holiday.mov" has no readable size (-1 bytes).' });
  });

  it('calls a nameless Blob "The file"', async () => {
    const h = harness();
    const task = h.upload({ file: unreadable() });
    task.start();
    const failed = await h.run(task);
    expect(failed.error).toMatchObject({ code: 'InvalidFile', message: '"The file" has no readable size (-1 bytes).' });
  });
});

describe('parts before start', () => {
  it('shows every planned part pending, nothing sent', () => {
    const h = harness();
    const parts = h.upload().getSnapshot().parts;
    expect(parts).toHaveLength(6);
    for (const part of parts) expect(part).toMatchObject({ state: 'pending', sentBytes: 0, attempts: 0 });
  });
});

/** A task whose confirm SMH refused (400 InvalidArgument), run until it failed. */
async function failedAtConfirm(h: ReturnType<typeof harness>) {
  h.smh.failNext('confirmUpload', smhError(400, 'InvalidArgument'));
  const task = h.upload();
  task.start();
  const failed = await h.run(task);
  expect(failed.state).toBe('failed');
  return { task, failed };
}

describe('a confirm SMH refuses', () => {
  it('fails with that error without asking SMH whether the file was stored', async () => {
    const h = harness();
    const { failed } = await failedAtConfirm(h);
    expect(failed.error).toMatchObject({ status: 400, code: 'InvalidArgument' });
    expect(h.smh.callsOf('getUploadStatus')).toHaveLength(0);
  });

  it('started again, first reads the parts SMH stores, then confirms without sending any again', async () => {
    const h = harness();
    h.smh.failNext('confirmUpload', smhError(400, 'InvalidArgument'));
    const task = h.upload();
    task.start();
    await h.run(task);
    const puts = h.smh.attempts.length;
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(h.smh.callsOf('getUploadStatus')).toHaveLength(1);
    expect(h.smh.attempts).toHaveLength(puts);
    expect(h.smh.callsOf('beginUpload')).toHaveLength(1);
  });
});

describe('a resume that failed reading the task, started again', () => {
  it('reads the task again and continues it, never beginning a new upload', async () => {
    const h = harness();
    await h.smh.client.beginUpload('docs/video.mp4', { size: 5 * MiB + 123 });
    h.smh.failNext('getUploadStatus', smhError(400, 'InvalidArgument'));
    const task = h.resume({ confirmKey: 'confirm-1' });
    task.start();
    expect((await h.run(task)).state).toBe('failed');
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.confirmKey).toBe('confirm-1');
    expect(h.smh.callsOf('getUploadStatus')).toHaveLength(2);
    expect(h.smh.callsOf('beginUpload')).toHaveLength(1);
  });
});

describe('answering a conflict', () => {
  it('throws a TypeError for an answer other than rename, overwrite or cancel, and keeps waiting', async () => {
    const h = harness();
    h.smh.addFile('docs/video.mp4');
    const task = h.upload({ conflictResolutionStrategy: 'ask' });
    task.start();
    expect((await h.run(task)).state).toBe('conflict');
    expect(() => task.resolveConflict('keep' as 'rename')).toThrow(
      new TypeError("resolveConflict takes 'rename', 'overwrite' or 'cancel', got keep."),
    );
    expect(task.getSnapshot().state).toBe('conflict');
  });
});

describe('instant upload and a simple upload begun again', () => {
  it('hashes only for the first begin: the second, after the signature expired, sends no beginningHash', async () => {
    const h = harness();
    let puts = 0;
    h.smh.partFault = () => (++puts === 1 ? cosExpired() : undefined);
    const task = h.upload({ file: makeFile(MiB + 5), instantUpload: true, instantUploadThreshold: MiB });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    const begins = h.smh.callsOf('beginSimpleUpload');
    expect(begins).toHaveLength(2);
    expect(h.smh.optionsOf('beginSimpleUpload', 0).beginningHash).toEqual(expect.any(String));
    expect(h.smh.optionsOf('beginSimpleUpload', 1)).not.toHaveProperty('beginningHash');
  });
});

describe('SMH calls in a queue with one SMH slot', () => {
  it("a file's confirm goes before other files' begins that were waiting longer", async () => {
    const h = harness();
    // Each begin and confirm takes 40 ms of fake time, so the others wait for the one slot.
    const { client } = h.smh;
    for (const method of ['beginSimpleUpload', 'confirmUpload'] as const) {
      const real = client[method] as (...args: unknown[]) => Promise<unknown>;
      (client as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
        await new Promise<void>((resolve) => h.clock.setTimeout(() => resolve(), 40));
        return real(...args);
      };
    }
    const queue = createUploadQueue({ limits: { smallFiles: 3, smhCalls: 1 } });
    const tasks = [1, 2, 3].map((n) => queue.add(h.upload({ file: makeFile(4096, { seed: n }), path: `small/${n}.bin` })));
    await h.run(tasks[2]!, () => tasks.every((task) => task.getSnapshot().state === 'done'));
    const fileOf = (key: string) => h.smh.tasks.get(key)?.path.join('/') ?? key;
    const smhCalls = h.smh.calls.map((call) => `${call.method} ${fileOf(call.key)}`);
    // The third begin asked first, yet both confirms go ahead of it: a file nearly done is finished first.
    expect(smhCalls).toEqual([
      'beginSimpleUpload small/1.bin',
      'beginSimpleUpload small/2.bin',
      'confirmUpload small/1.bin',
      'confirmUpload small/2.bin',
      'beginSimpleUpload small/3.bin',
      'confirmUpload small/3.bin',
    ]);
  });
});

describe('queue lane of a new task', () => {
  it('is the small-file lane only for files under simpleUploadThreshold, and never for a resume', () => {
    const h = harness();
    expect(isSmallFile(h.upload({ file: makeFile(2 * MiB - 1) }))).toBe(true);
    expect(isSmallFile(h.upload({ file: makeFile(2 * MiB) }))).toBe(false);
    expect(isSmallFile(h.resume({ confirmKey: 'confirm-9', file: makeFile(10) }))).toBe(false);
  });
});

describe('a listener that throws, where there is no reportError', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('rethrows the error on its own in a microtask, and the other listeners still hear the change', async () => {
    vi.stubGlobal('reportError', undefined);
    const queued: (() => void)[] = [];
    vi.stubGlobal('queueMicrotask', (callback: () => void) => queued.push(callback));
    const h = harness();
    const task = h.upload();
    const boom = new Error('listener bug');
    let thrown = false;
    task.subscribe(() => {
      if (thrown) return;
      thrown = true;
      throw boom;
    });
    const heard: string[] = [];
    task.subscribe((snapshot) => heard.push(snapshot.state));
    task.start();
    vi.unstubAllGlobals();
    expect(heard).toContain('beginning');
    expect(queued.length).toBeGreaterThan(0);
    expect(() => queued[0]?.()).toThrow(boom);
    void task.cancel();
  });
});

describe('when the task started', () => {
  it('shows the time of the first start, and keeps it when a failed task is started again', async () => {
    const h = harness();
    h.smh.failNext('confirmUpload', smhError(400, 'InvalidArgument'));
    const task = h.upload();
    expect(task.getSnapshot().startedAt).toBeUndefined();
    const first = h.clock.now();
    task.start();
    expect(task.getSnapshot().startedAt).toBe(first);
    expect((await h.run(task)).state).toBe('failed');
    await h.clock.advance(60_000);
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.startedAt).toBe(first);
  });

  it('has no start time for a task cancelled before it started, and shows when it was cancelled', async () => {
    const h = harness();
    const task = h.upload();
    await h.clock.advance(5_000);
    const cancelledAt = h.clock.now();
    await task.cancel();
    const cancelled = task.getSnapshot();
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.startedAt).toBeUndefined();
    expect(cancelled.finishedAt).toBe(cancelledAt);
  });
});

describe('when the task finished', () => {
  it('shows no end time while it runs, and the time it was done once done', async () => {
    const h = harness();
    const task = h.upload();
    task.start();
    expect(task.getSnapshot().finishedAt).toBeUndefined();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.finishedAt).toBe(h.clock.now());
    expect(done.finishedAt).toBeGreaterThan(done.startedAt as number);
  });

  it('a failed task started again shows no end time until it ends again', async () => {
    const h = harness();
    const { task, failed } = await failedAtConfirm(h);
    expect(failed.finishedAt).toBe(h.clock.now());
    await h.clock.advance(60_000);
    task.start();
    expect(task.getSnapshot().finishedAt).toBeUndefined();
    const done = await h.run(task);
    expect(done.finishedAt).toBe(h.clock.now());
    expect(done.finishedAt).toBeGreaterThan(failed.finishedAt as number);
  });
});

describe('the speed while credentials are renewed', () => {
  it('goes on showing the measured speed while renewing, and after it, without a new warm-up', async () => {
    // Parts of 1 min, in 4 steps; credentials for 4 min are renewed at 2 min, while parts are on the wire.
    const h = harness({ credentialTtlMs: 4 * 60_000, latencyMs: 60_000, progressSteps: 4 });
    const task = h.upload({ concurrency: 1, maxConcurrency: 1 });
    task.start();
    await h.run(task);
    const seen = h.seen.get(task.id) ?? [];
    const renewing = seen.filter((snapshot) => snapshot.state === 'renewing');
    expect(renewing.length).toBeGreaterThan(0);
    for (const snapshot of renewing) expect(snapshot.bytesPerSecond).toBeGreaterThan(0);
    const after = seen[seen.indexOf(renewing.at(-1) as UploadSnapshot) + 1];
    expect(after).toMatchObject({ state: 'uploading' });
    expect(after?.bytesPerSecond).toBeGreaterThan(0);
  });
});

/** How long after the first `uploading` snapshot a speed first shows, when SMH takes `beginMs` to begin. */
async function warmUpAfterBegin(beginMs: number): Promise<number> {
  // Parts of 1 min, reported every second.
  const h = harness({ latencyMs: 60_000, progressSteps: 60 });
  const beginUpload: typeof h.smh.client.beginUpload = async (...args) => {
    await new Promise<void>((resolve) => h.clock.setTimeout(resolve, beginMs));
    return h.smh.client.beginUpload(...args);
  };
  const task = h.upload({ concurrency: 1, maxConcurrency: 1, client: { ...h.smh.client, beginUpload } });
  const sending: { at: number; speed: number }[] = [];
  task.subscribe((snapshot) => {
    if (snapshot.state === 'uploading') sending.push({ at: h.clock.now(), speed: snapshot.bytesPerSecond });
  });
  task.start();
  await h.run(task, (snapshot) => snapshot.parts[0]?.state === 'stored');
  return (sending.find((entry) => entry.speed > 0)?.at ?? Infinity) - (sending[0]?.at ?? 0);
}

describe('the speed after a slow begin', () => {
  it('warms up from the first part sent: the time SMH took to begin the upload does not count', async () => {
    const quick = await warmUpAfterBegin(0);
    expect(quick).toBeLessThan(60_000);
    expect(await warmUpAfterBegin(10_000)).toBe(quick);
  });
});

describe('cancel while parts are sent', () => {
  it('cancels on SMH without asking whether the file was stored, even when SMH refuses the cancel', async () => {
    const h = harness();
    const task = h.upload();
    task.start();
    await h.run(task, (s) => s.state === 'uploading');
    h.smh.failNext('cancelUpload', smhError(500, 'InternalError'));
    await task.cancel();
    expect(task.getSnapshot().state).toBe('cancelled');
    expect(h.smh.callsOf('cancelUpload')).toHaveLength(1);
    expect(h.smh.callsOf('getUploadStatus')).toHaveLength(0);
  });

  it('does the same for a task paused while its parts were sent', async () => {
    const h = harness();
    const task = h.upload();
    task.start();
    await h.run(task, (s) => s.state === 'uploading');
    task.pause();
    h.smh.failNext('cancelUpload', smhError(500, 'InternalError'));
    await task.cancel();
    expect(task.getSnapshot().state).toBe('cancelled');
    expect(h.smh.callsOf('cancelUpload')).toHaveLength(1);
    expect(h.smh.callsOf('getUploadStatus')).toHaveLength(0);
  });
});

describe('cancel during a confirm SMH already carried out', () => {
  it('stops the confirm request still waiting for its reply', async () => {
    const h = harness();
    let confirmSignal: AbortSignal | undefined;
    const task = h.upload({
      client: {
        ...h.smh.client,
        // SMH stores the file at once; its reply never comes.
        confirmUpload: async (key, options) => {
          await h.smh.client.confirmUpload(key, { ...options, signal: undefined });
          confirmSignal = options?.signal;
          return new Promise(() => {});
        },
      },
    });
    task.start();
    await h.run(task, (s) => s.state === 'confirming' && confirmSignal !== undefined);
    await task.cancel();
    expect(task.getSnapshot().state).toBe('done');
    expect(confirmSignal?.aborted).toBe(true);
  });
});

describe('cancel of a task that failed at confirm', () => {
  it('cancels on SMH without asking whether the file was stored, even when SMH refuses the cancel', async () => {
    const h = harness();
    const { task } = await failedAtConfirm(h);
    h.smh.failNext('cancelUpload', smhError(500, 'InternalError'));
    await task.cancel();
    expect(task.getSnapshot().state).toBe('cancelled');
    expect(h.smh.callsOf('cancelUpload')).toHaveLength(1);
    expect(h.smh.callsOf('getUploadStatus')).toHaveLength(0);
  });
});
