import { afterEach, describe, expect, it, vi } from 'vitest';
import { UploadError } from '../../src/core/errors';
import { lockName } from '../../src/core/locks';
import { runStages } from '../../src/core/engine/task';
import type { PartTransport, UploadSnapshot } from '../../src/core/types';
import { createFakeLocks } from './support/fakeLocks';
import { harness } from './support/setup';
import { MiB, makeBytes, makeFile, sameBytes, smhError } from './support/fakeSmh';

describe('pause and resume', () => {
  it('pause aborts in-flight parts at once (their bytes leave inflight) and resume finishes byte-exact', async () => {
    const h = harness();
    const task = h.upload();
    task.start();
    await h.run(task, (s) => s.inflightBytes > 0);
    task.pause();
    const paused = task.getSnapshot();
    expect(paused.state).toBe('paused');
    expect(paused.previousState).toBe('uploading');
    expect(paused.inflightBytes).toBe(0);
    expect(paused.parts.some((part) => part.state === 'sending')).toBe(false);
    expect(paused.bytesPerSecond).toBe(0);
    // Nothing moves while paused.
    const attempts = h.smh.attempts.length;
    await h.clock.advance(60_000);
    expect(h.smh.attempts.length).toBe(attempts);
    task.resume();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(5 * MiB + 123))).toBe(true);
  });

  it('pause during a retry wait stops the wait; resume sends the part again', async () => {
    const h = harness({ latencyMs: 0 });
    let failures = 1;
    const { cosError } = await import('./support/fakeSmh');
    h.smh.partFault = (attempt) => (attempt.partNumber === 1 && failures-- > 0 ? cosError(503) : undefined);
    const task = h.upload({ concurrency: 1, maxConcurrency: 1 });
    task.start();
    await h.run(task, () => h.smh.attempts.length === 1 && h.clock.pendingDelays().includes(250));
    task.pause();
    expect(h.clock.pendingDelays()).not.toContain(250);
    task.resume();
    expect((await h.run(task)).state).toBe('done');
  });

  it('pause during confirm, then resume, finishes even if the first confirm went through', async () => {
    const h = harness();
    let release: (() => void) | undefined;
    const task = h.upload({
      client: {
        ...h.smh.client,
        confirmUpload: async (key, options) => {
          const result = await h.smh.client.confirmUpload(key, options);
          if (!release) await new Promise<void>((resolve) => (release = resolve));
          return result;
        },
      },
    });
    task.start();
    await h.run(task, (s) => s.state === 'confirming' && release !== undefined);
    task.pause();
    task.resume();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.finalPath).toEqual(['docs', 'video.mp4']);
  });

  it('is done the moment SMH confirms: a pause while the store forgets the record cannot strand it', async () => {
    const h = harness();
    let releaseRemove: (() => void) | undefined;
    const store = {
      ...h.store,
      remove: async (key: string) => {
        await new Promise<void>((resolve) => (releaseRemove = resolve));
        await h.store.remove(key);
      },
    };
    const task = h.upload({ store });
    task.start();
    await h.run(task, () => releaseRemove !== undefined);
    task.pause();
    releaseRemove?.();
    await h.clock.advance(0);
    task.resume();
    const settled = await h.run(task, (s) => s.state === 'done' || s.state === 'failed');
    expect(settled.state).toBe('done');
    expect(h.smh.callsOf('confirmUpload')).toHaveLength(1);
  });

  it('illegal calls are no-ops: pause when idle or done, resume when not paused, start when running', async () => {
    const h = harness();
    const task = h.upload();
    const idle = task.getSnapshot();
    task.pause();
    task.resume();
    expect(task.getSnapshot()).toBe(idle);
    task.start();
    const running = await h.run(task, (s) => s.state === 'uploading');
    task.start();
    task.resume();
    // Neither call changed anything: the very same snapshot, and no second begin.
    expect(task.getSnapshot()).toBe(running);
    expect(h.smh.callsOf('beginUpload')).toHaveLength(1);
    const done = await h.run(task);
    task.pause();
    task.resume();
    task.start();
    await task.cancel();
    expect(task.getSnapshot()).toBe(done);
    expect(h.smh.callsOf('cancelUpload')).toHaveLength(0);
  });
});

describe('cancel', () => {
  it('aborts everything, cancels on SMH, forgets the record, and settles cancelled', async () => {
    const h = harness();
    const task = h.upload();
    task.start();
    await h.run(task, (s) => s.confirmedBytes >= MiB && s.inflightBytes > 0);
    const confirmKey = task.getSnapshot().confirmKey as string;
    expect(await h.store.get(confirmKey)).toBeDefined();
    await task.cancel();
    const cancelled = task.getSnapshot();
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.inflightBytes).toBe(0);
    expect(h.smh.callsOf('cancelUpload').map((c) => c.key)).toEqual([confirmKey]);
    expect(await h.store.get(confirmKey)).toBeUndefined();
    await expect(task.settled).resolves.toMatchObject({ state: 'cancelled' });
    const attempts = h.smh.attempts.length;
    await h.clock.advance(60_000);
    expect(h.smh.attempts.length).toBe(attempts);
  });

  it('ignores a 404 from SMH (the task was already gone)', async () => {
    const h = harness();
    const task = h.upload();
    task.start();
    await h.run(task, (s) => s.confirmedBytes >= MiB);
    h.smh.failNext('cancelUpload', smhError(404, 'ConfirmKeyNotFound'));
    await expect(task.cancel()).resolves.toBeUndefined();
    expect(task.getSnapshot().state).toBe('cancelled');
  });

  it('cancel during confirm ends cancelled and asks SMH to cancel', async () => {
    const h = harness();
    const task = h.upload({
      client: { ...h.smh.client, confirmUpload: () => new Promise(() => {}) },
    });
    task.start();
    await h.run(task, (s) => s.state === 'confirming');
    await task.cancel();
    expect(task.getSnapshot().state).toBe('cancelled');
    expect(h.smh.callsOf('cancelUpload')).toHaveLength(1);
  });

  it('cancel during a confirm that SMH already carried out ends done, never "cancelled" with the file stored', async () => {
    const h = harness();
    let release: (() => void) | undefined;
    const task = h.upload({
      client: {
        ...h.smh.client,
        // SMH stores the file at once; only its reply is slow.
        confirmUpload: async (key, options) => {
          const result = await h.smh.client.confirmUpload(key, { ...options, signal: undefined });
          await new Promise<void>((resolve) => (release = resolve));
          return result;
        },
      },
    });
    task.start();
    await h.run(task, (s) => s.state === 'confirming' && release !== undefined);
    const confirmKey = task.getSnapshot().confirmKey as string;
    await task.cancel();
    const settled = await task.settled;
    expect(settled.state).toBe('done');
    expect(settled.finalPath).toEqual(['docs', 'video.mp4']);
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(5 * MiB + 123))).toBe(true);
    expect(await h.store.get(confirmKey)).toBeUndefined();
  });

  it('cancel after a pause during a confirm that SMH carried out ends done as well', async () => {
    const h = harness();
    let reached = false;
    const task = h.upload({
      client: {
        ...h.smh.client,
        confirmUpload: async (key, options) => {
          const result = await h.smh.client.confirmUpload(key, { ...options, signal: undefined });
          reached = true;
          await new Promise<void>(() => {});
          return result;
        },
      },
    });
    task.start();
    await h.run(task, (s) => s.state === 'confirming' && reached);
    task.pause();
    await task.cancel();
    const settled = await task.settled;
    expect(settled.state).toBe('done');
    expect(settled.finalPath).toEqual(['docs', 'video.mp4']);
  });

  it('cancel after a pause during confirm leaves a task another tab took over alone', async () => {
    const h = harness();
    const locks = createFakeLocks();
    const task = h.upload({
      locks,
      client: { ...h.smh.client, confirmUpload: () => new Promise(() => {}) },
    });
    task.start();
    await h.run(task, (s) => s.state === 'confirming');
    const confirmKey = task.getSnapshot().confirmKey as string;
    task.pause();
    await h.clock.advance(0);
    // Another tab continues the upload: it holds the lock now.
    let releaseOther: (() => void) | undefined;
    void locks.request(lockName(confirmKey), { ifAvailable: true }, () => new Promise<void>((resolve) => (releaseOther = resolve)));
    expect(locks.held.has(lockName(confirmKey))).toBe(true);
    await task.cancel();
    expect(task.getSnapshot().state).toBe('cancelled');
    // Nothing was asked of SMH, and the record stays for the tab that has the upload.
    expect(h.smh.callsOf('cancelUpload')).toHaveLength(0);
    expect(h.smh.callsOf('getUploadStatus')).toHaveLength(0);
    expect(await h.store.get(confirmKey)).toBeDefined();
    releaseOther?.();
  });

  it('cancel during a confirm that SMH has not carried out cancels the task there and ends cancelled', async () => {
    const h = harness();
    let release: (() => void) | undefined;
    const task = h.upload({
      client: {
        ...h.smh.client,
        // The confirm reaches SMH only after the cancel did.
        confirmUpload: async (key, options) => {
          await new Promise<void>((resolve) => (release = resolve));
          return h.smh.client.confirmUpload(key, { ...options, signal: undefined });
        },
      },
    });
    task.start();
    await h.run(task, (s) => s.state === 'confirming' && release !== undefined);
    await task.cancel();
    release?.();
    await h.run(task, () => h.smh.callsOf('confirmUpload').length === 1);
    expect(task.getSnapshot().state).toBe('cancelled');
    expect(h.smh.callsOf('cancelUpload')).toHaveLength(1);
    expect(h.smh.files.has('docs/video.mp4')).toBe(false);
  });

  it('cancel while SMH is still creating the task cancels that task too', async () => {
    const h = harness();
    let finishBegin: (() => void) | undefined;
    const task = h.upload({
      client: {
        ...h.smh.client,
        beginUpload: async (path, options) => {
          await new Promise<void>((resolve) => (finishBegin = resolve));
          return h.smh.client.beginUpload(path, { ...options, signal: undefined });
        },
      },
    });
    task.start();
    await h.run(task, () => finishBegin !== undefined);
    const cancelling = task.cancel();
    finishBegin?.();
    await cancelling;
    await h.run(task, () => h.smh.callsOf('cancelUpload').length === 1);
    expect(task.getSnapshot().state).toBe('cancelled');
    expect(h.smh.tasks.size).toBe(0);
  });

  it('pause while SMH is still creating the task cancels that task there; resume begins one task and finishes', async () => {
    const h = harness();
    let finishBegin: (() => void) | undefined;
    const task = h.upload({
      client: {
        ...h.smh.client,
        beginUpload: async (path, options) => {
          if (h.smh.callsOf('beginUpload').length === 0) await new Promise<void>((resolve) => (finishBegin = resolve));
          return h.smh.client.beginUpload(path, { ...options, signal: undefined });
        },
      },
    });
    task.start();
    await h.run(task, () => finishBegin !== undefined);
    task.pause();
    finishBegin?.();
    await h.run(task, () => h.smh.callsOf('beginUpload').length === 1);
    task.resume();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    // The first task would otherwise linger on SMH (and its COS multipart upload) until it expires.
    expect(h.smh.callsOf('cancelUpload').map((call) => call.key)).toEqual(['confirm-1']);
    expect([...h.smh.tasks.keys()]).toEqual([done.confirmKey]);
  });

  it('pause while the resume record is written after begin continues that task on resume, leaving no stale record', async () => {
    const h = harness();
    let releasePut: (() => void) | undefined;
    const store = {
      ...h.store,
      put: async (record: Parameters<typeof h.store.put>[0], file?: Blob) => {
        if (!releasePut) await new Promise<void>((resolve) => (releasePut = resolve));
        await h.store.put(record, file);
      },
    };
    const task = h.upload({ store });
    task.start();
    await h.run(task, () => releasePut !== undefined);
    task.pause();
    releasePut?.();
    await h.clock.advance(0);
    task.resume();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(h.smh.callsOf('beginUpload')).toHaveLength(1);
    expect(await h.store.list()).toEqual([]);
  });

  it('cancel before start just settles cancelled', async () => {
    const h = harness();
    const task = h.upload();
    await task.cancel();
    expect(task.getSnapshot().state).toBe('cancelled');
    expect(h.smh.calls).toHaveLength(0);
  });
});

describe('progress and notifications', () => {
  it('notifies at most once per 16 ms frame for progress, and at once for state changes', async () => {
    const h = harness({ progressSteps: 8, latencyMs: 8 });
    const task = h.upload();
    const calls: Array<{ at: number; snapshot: UploadSnapshot }> = [];
    task.subscribe((snapshot) => calls.push({ at: h.clock.now(), snapshot }));
    task.start();
    await h.run(task);
    const progressOnly = calls.filter((call, i) => i > 0 && call.snapshot.state === calls[i - 1]?.snapshot.state);
    const times = progressOnly.map((call) => call.at);
    // Progress notifications come from the frame timer: never two in one frame.
    for (let i = 1; i < times.length; i += 1) expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(16);
    expect(calls.map((call) => call.snapshot.state)).toContain('done');
    expect(calls.at(-1)?.snapshot.state).toBe('done');
  });

  it('gives no speed or ETA in the first second of sending, however long the task waited before it', async () => {
    const h = harness({ latencyMs: 1000, progressSteps: 4 });
    const task = h.upload({ file: makeFile(12 * MiB), maxConcurrency: 2 });
    // Created, then left waiting (a queue, a slow page) before it starts.
    await h.clock.advance(5_000);
    task.start();
    const early = await h.run(task, (s) => s.state === 'uploading' && s.parts.some((part) => part.sentBytes > 0));
    expect(early.bytesPerSecond).toBe(0);
    expect(early.etaSeconds).toBeUndefined();
    const later = await h.run(task, (s) => s.confirmedBytes >= 6 * MiB);
    expect(later.bytesPerSecond).toBeGreaterThan(1.5 * MiB);
  });

  it('gives no speed and no "0 seconds left" once every byte is sent but not yet acknowledged', async () => {
    const h = harness();
    // Each part is handed to the OS at once (as on a fast link with big send buffers), and COS
    // acknowledges it 2 s later.
    const transport: PartTransport = {
      async send(request) {
        request.onProgress?.(request.body.size);
        await new Promise<void>((resolve) => h.clock.setTimeout(resolve, 2_000));
        return h.smh.transport.send({ ...request, onProgress: undefined });
      },
    };
    const task = h.upload({ file: makeFile(4 * MiB), transport, concurrency: 1, maxConcurrency: 1, simpleUploadThreshold: MiB });
    task.start();
    const sending = await h.run(task, (s) => s.confirmedBytes >= 2 * MiB && s.bytesPerSecond > 0);
    expect(sending.etaSeconds).toBeGreaterThan(0);
    const draining = await h.run(task, (s) => s.progressBytes === s.totalBytes && s.confirmedBytes < s.totalBytes);
    expect(draining.state).toBe('uploading');
    expect(draining.bytesPerSecond).toBe(0);
    expect(draining.etaSeconds).toBeUndefined();
    expect((await h.run(task)).state).toBe('done');
  });

  it('reports speed and ETA from the injected clock while uploading', async () => {
    // 1 MiB parts that take 1 s each, two at a time: about 2 MiB/s.
    const h = harness({ latencyMs: 1000, progressSteps: 4 });
    const task = h.upload({ file: makeFile(12 * MiB), maxConcurrency: 2 });
    task.start();
    const mid = await h.run(task, (s) => s.confirmedBytes >= 6 * MiB);
    expect(mid.bytesPerSecond).toBeGreaterThan(1.5 * MiB);
    expect(mid.bytesPerSecond).toBeLessThan(2.5 * MiB);
    expect(mid.etaSeconds).toBeGreaterThan(1);
    expect(mid.etaSeconds).toBeLessThan(5);
    const done = await h.run(task);
    expect(done.bytesPerSecond).toBe(0);
    expect(done.etaSeconds).toBeUndefined();
  });

  it('keeps stored and in-flight bytes apart; a retried part restarts its bytes, the shown total does not go back', async () => {
    const h = harness({ progressSteps: 4 });
    const { networkError } = await import('./support/fakeSmh');
    let failed = false;
    h.smh.partFault = (attempt) => (attempt.partNumber === 2 && !failed ? ((failed = true), networkError()) : undefined);
    const task = h.upload({ concurrency: 1, maxConcurrency: 1 });
    const snapshots: UploadSnapshot[] = [];
    task.subscribe((s) => snapshots.push(s));
    task.start();
    await h.run(task);
    let shown = 0;
    let confirmed = 0;
    for (const s of snapshots) {
      expect(s.progressBytes).toBeGreaterThanOrEqual(shown);
      expect(s.confirmedBytes).toBeGreaterThanOrEqual(confirmed);
      expect(s.progressBytes).toBeLessThanOrEqual(s.totalBytes);
      expect(s.progressBytes).toBeGreaterThanOrEqual(s.confirmedBytes);
      shown = s.progressBytes as number;
      confirmed = s.confirmedBytes;
    }
    // Part 2 was in flight, then restarted from 0 while stored bytes stayed put.
    const restart = snapshots.findIndex((s, i) => i > 0 && s.parts[1]!.sentBytes < snapshots[i - 1]!.parts[1]!.sentBytes);
    expect(restart).toBeGreaterThan(0);
    const before = snapshots[restart - 1]!;
    const after = snapshots[restart]!;
    expect(after.confirmedBytes).toBe(before.confirmedBytes);
    expect(after.inflightBytes).toBeLessThan(before.inflightBytes);
    // The bar holds at its high-water mark, above what is stored and in flight now.
    expect(after.progressBytes).toBeGreaterThanOrEqual(before.progressBytes as number);
    expect(after.progressBytes).toBeGreaterThan(after.confirmedBytes + after.inflightBytes);
  });

  it('a paused upload shows only the stored bytes, and after resume the bar moves on from there', async () => {
    const h = harness({ progressSteps: 4 });
    const task = h.upload({ concurrency: 2, maxConcurrency: 2 });
    task.start();
    await h.run(task, (s) => s.confirmedBytes >= MiB && s.inflightBytes > 0);
    expect(task.getSnapshot().progressBytes).toBeGreaterThan(task.getSnapshot().confirmedBytes);
    task.pause();
    const paused = task.getSnapshot();
    expect(paused.progressBytes).toBe(paused.confirmedBytes);
    task.resume();
    const moving = await h.run(task, (s) => s.state === 'uploading' && s.inflightBytes > 0);
    // Not frozen at the bytes thrown away: stored plus what is in flight again.
    expect(moving.progressBytes).toBe(moving.confirmedBytes + moving.inflightBytes);
    const failed = harness();
    failed.smh.failures.set('confirmUpload', [smhError(400, 'InvalidArgument')]);
    const failing = failed.upload();
    failing.start();
    const end = await failed.run(failing);
    expect(end.state).toBe('failed');
    expect(end.progressBytes).toBe(end.confirmedBytes);
  });
});

describe('listeners', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("a listener that throws changes nothing: the upload finishes and the error is reported on its own", async () => {
    const reportError = vi.fn<(error: unknown) => void>();
    vi.stubGlobal('reportError', reportError);
    const h = harness();
    const task = h.upload();
    const boom = new Error('listener bug');
    task.subscribe((s) => {
      if (s.state === 'uploading') throw boom;
    });
    const later: string[] = [];
    task.subscribe((s) => later.push(s.state));
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.error).toBeUndefined();
    expect(reportError).toHaveBeenCalledWith(boom);
    // Listeners after the one that threw still hear every change.
    expect(later).toContain('uploading');
    expect(later.at(-1)).toBe('done');
  });
});

describe('settled', () => {
  it('is per run: a failed task started again settles anew with how that run ended', async () => {
    const h = harness();
    h.smh.failures.set('beginUpload', [smhError(400, 'InvalidArgument')]);
    const task = h.upload();
    task.start();
    expect((await h.run(task)).state).toBe('failed');
    const first = task.settled;
    await expect(first).resolves.toMatchObject({ state: 'failed' });
    task.start();
    expect(task.settled).not.toBe(first);
    await h.run(task);
    await expect(task.settled).resolves.toMatchObject({ state: 'done' });
    // The first run's promise still says how that run ended.
    await expect(first).resolves.toMatchObject({ state: 'failed' });
  });
});

describe('the stage loop', () => {
  it('fails with a clear UploadError instead of leaving the task active when stages keep bouncing', async () => {
    let stage: 'begin' | 'resync' = 'begin';
    let steps = 0;
    const bounce = async () => {
      steps += 1;
      stage = stage === 'begin' ? 'resync' : 'begin';
    };
    const run = runStages(() => stage, { begin: bounce, resync: bounce, transfer: bounce, confirm: bounce }, () => false, new AbortController().signal, 50);
    await expect(run).rejects.toBeInstanceOf(UploadError);
    await expect(run).rejects.toMatchObject({ code: 'StageLoop' });
    expect(steps).toBe(50);
  });

  it('ends quietly when the run is stopped, and at once when the task is finished', async () => {
    const controller = new AbortController();
    let steps = 0;
    const step = async () => {
      steps += 1;
      controller.abort();
    };
    await runStages(() => 'begin', { begin: step, resync: step, transfer: step, confirm: step }, () => false, controller.signal, 50);
    expect(steps).toBe(1);
    await runStages(() => 'finished', { begin: step, resync: step, transfer: step, confirm: step }, () => false, new AbortController().signal);
    expect(steps).toBe(1);
  });
});
