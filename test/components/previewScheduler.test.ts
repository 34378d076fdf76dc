// The preview scheduler: a few jobs at a time, each started when the browser is idle, and aborted
// work dropped before it costs anything.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPreviewScheduler, deferToIdle } from '../../src/components/previewScheduler';

/** A defer the test runs by hand: what would wait for an idle moment. */
function manualDefer() {
  const queued: Array<{ callback: () => void; signal: AbortSignal }> = [];
  return {
    defer: (callback: () => void, signal: AbortSignal) => void queued.push({ callback, signal }),
    /** Runs every deferred start whose deferral was not aborted. */
    idle() {
      for (const { callback, signal } of queued.splice(0)) if (!signal.aborted) callback();
    },
    get size() {
      return queued.length;
    },
  };
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createPreviewScheduler', () => {
  it('runs at most `concurrency` jobs, each only once the browser is idle, in the order asked', async () => {
    const idle = manualDefer();
    const scheduler = createPreviewScheduler({ concurrency: 2, defer: idle.defer });
    const started: number[] = [];
    const gates = [0, 1, 2, 3].map(() => deferred());
    const results = gates.map((gate, index) =>
      scheduler.run(async () => {
        started.push(index);
        await gate.promise;
        return index;
      }),
    );
    // Slots are taken, but nothing runs before the idle callback.
    expect(started).toEqual([]);
    expect(scheduler.stats()).toEqual({ running: 2, waiting: 2 });
    idle.idle();
    expect(started).toEqual([0, 1]);

    gates[0]!.resolve();
    await expect(results[0]).resolves.toBe(0);
    await tick();
    idle.idle();
    expect(started).toEqual([0, 1, 2]);
    expect(scheduler.stats()).toEqual({ running: 2, waiting: 1 });

    for (const gate of gates) gate.resolve();
    await tick();
    idle.idle();
    await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3]);
    expect(scheduler.stats()).toEqual({ running: 0, waiting: 0 });
  });

  it('drops a waiting job when its signal aborts: it never runs and rejects with the reason', async () => {
    const idle = manualDefer();
    const scheduler = createPreviewScheduler({ concurrency: 1, defer: idle.defer });
    const gate = deferred();
    const first = scheduler.run(() => gate.promise);
    const controller = new AbortController();
    const job = vi.fn<() => Promise<string>>(async () => 'made');
    const second = scheduler.run(job, controller.signal);
    controller.abort(new DOMException('card removed', 'AbortError'));
    await expect(second).rejects.toThrow('card removed');
    expect(scheduler.stats()).toEqual({ running: 1, waiting: 0 });
    idle.idle();
    gate.resolve();
    await first;
    await tick();
    idle.idle();
    expect(job).not.toHaveBeenCalled();
  });

  it('gives the slot back when a job is aborted between getting it and the idle callback', async () => {
    const idle = manualDefer();
    const scheduler = createPreviewScheduler({ concurrency: 1, defer: idle.defer });
    const controller = new AbortController();
    const aborted = scheduler.run(async () => 'never', controller.signal);
    const next = scheduler.run(async () => 'next');
    controller.abort();
    await expect(aborted).rejects.toBeDefined();
    idle.idle();
    await expect(next).resolves.toBe('next');
  });

  it('a job that throws rejects its own promise and frees its slot', async () => {
    const idle = manualDefer();
    const scheduler = createPreviewScheduler({ concurrency: 1, defer: idle.defer });
    const failing = scheduler.run(() => {
      throw new Error('boom');
    });
    const after = scheduler.run(async () => 'after');
    idle.idle();
    await expect(failing).rejects.toThrow('boom');
    await tick();
    idle.idle();
    await expect(after).resolves.toBe('after');
  });

  it('a signal aborted before asking runs nothing', async () => {
    const scheduler = createPreviewScheduler({ defer: manualDefer().defer });
    const job = vi.fn<() => Promise<number>>(async () => 1);
    await expect(scheduler.run(job, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    expect(job).not.toHaveBeenCalled();
    expect(scheduler.stats()).toEqual({ running: 0, waiting: 0 });
  });
});

describe('deferToIdle', () => {
  it("uses scheduler.postTask at background priority where the browser has it", () => {
    const postTask = vi.fn<(callback: () => void) => Promise<void>>(async (callback) => callback());
    vi.stubGlobal('scheduler', { postTask });
    const callback = vi.fn<() => void>();
    const { signal } = new AbortController();
    deferToIdle(callback, signal);
    expect(postTask).toHaveBeenCalledWith(callback, { priority: 'background', signal });
  });

  it('else requestIdleCallback, with a timeout so a busy page still gets its previews, cancelled on abort', () => {
    const requestIdle = vi.fn<() => number>(() => 7);
    const cancelIdle = vi.fn<(id: number) => void>();
    vi.stubGlobal('requestIdleCallback', requestIdle);
    vi.stubGlobal('cancelIdleCallback', cancelIdle);
    const controller = new AbortController();
    const callback = vi.fn<() => void>();
    deferToIdle(callback, controller.signal);
    expect(requestIdle).toHaveBeenCalledWith(callback, { timeout: 1000 });
    controller.abort();
    expect(cancelIdle).toHaveBeenCalledWith(7);
  });
});
