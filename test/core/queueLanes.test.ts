// Scheduling many files: small files in a lane of their own, large ones in theirs, and one budget of
// SMH calls (begin, confirm) across the queue. Fake clock throughout: SMH calls here take 40 ms of
// fake time, as over a home link, so calls in flight can be counted.
import { describe, expect, it } from 'vitest';
import { CallBudget } from '../../src/core/callBudget';
import { createUploadQueue, type UploadQueue } from '../../src/core/queue';
import { DEFAULT_QUEUE_LIMITS } from '../../src/core/queueLimits';
import { isActive } from '../../src/core/transitions';
import type { UploadTask } from '../../src/core/types';
import { harness, type Harness } from './support/setup';
import { MiB, makeFile } from './support/fakeSmh';

const LINK_MS = 40;

/** Makes the fake SMH's begin and confirm take LINK_MS of fake time; counts them in flight. */
function slowSmh(h: Harness) {
  const seen = { now: 0, most: 0, order: [] as string[] };
  const { client } = h.smh;
  for (const method of ['beginUpload', 'beginSimpleUpload', 'confirmUpload'] as const) {
    const real = client[method] as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      seen.now += 1;
      seen.most = Math.max(seen.most, seen.now);
      seen.order.push(method);
      try {
        await new Promise<void>((resolve) => h.clock.setTimeout(() => resolve(), LINK_MS));
        return await real(...args);
      } finally {
        seen.now -= 1;
      }
    };
  }
  return seen;
}

/** `count` small files (4 KiB, under the harness's 2 MiB simple-upload threshold), small/1.bin… */
function addSmall(h: Harness, queue: UploadQueue, count: number, from = 1): UploadTask[] {
  return Array.from({ length: count }, (_, i) =>
    queue.add(h.upload({ file: makeFile(4096, { seed: from + i }), path: `small/${from + i}.bin` })),
  );
}

function addLarge(h: Harness, queue: UploadQueue, name = 'large.bin', size = 4 * MiB): UploadTask {
  return queue.add(h.upload({ file: makeFile(size, { seed: 99 }), path: `big/${name}` }));
}

/** Lets settled calls' continuations run (real microtasks and I/O turns; no timers involved). */
const tick = () => new Promise((resolve) => setImmediate(resolve));
const active = (tasks: readonly UploadTask[]) => tasks.filter((task) => isActive(task.getSnapshot().state)).length;
const done = (tasks: readonly UploadTask[]) => tasks.every((task) => task.getSnapshot().state === 'done');

// Many tasks on a shared two-core machine: real time for the fakes' hashing, not a threshold.
describe('queue lanes', { timeout: 60_000 }, () => {
  it('small files start at once beside a running large file, up to their own limit', async () => {
    // Parts take 200 ms of fake time: the large file is still sending when the small ones are done.
    const h = harness({ latencyMs: 200 });
    const queue = createUploadQueue();
    slowSmh(h);
    const large = addLarge(h, queue, 'large.bin', 12 * MiB);
    await h.run(large, (s) => s.state === 'uploading');
    const small = addSmall(h, queue, 10);
    expect(active(small)).toBe(DEFAULT_QUEUE_LIMITS.smallFiles);
    expect(large.getSnapshot().state).toBe('uploading');
    await h.run(large, () => done(small));
    // Every small file was sent while the large one was still on its way.
    expect(large.getSnapshot().state).not.toBe('done');
    await h.run(large);
    expect(large.getSnapshot().state).toBe('done');
  });

  it('a large file is not starved by a stream of small files queued before it', async () => {
    const h = harness();
    const queue = createUploadQueue();
    slowSmh(h);
    const first = addSmall(h, queue, 30);
    const large = addLarge(h, queue);
    // More small files keep arriving while it runs.
    let next = 41;
    const stream: UploadTask[] = [];
    const stop = queue.subscribe(() => {});
    large.subscribe(() => {
      if (next < 120 && stream.length < 80) stream.push(...addSmall(h, queue, 1, next++));
    });
    expect(large.getSnapshot().state).toBe('beginning');
    await h.run(large);
    stop();
    expect(large.getSnapshot().state).toBe('done');
    // It finished long before the small files queued ahead of it.
    const waiting = [...first, ...stream].filter((task) => task.getSnapshot().state === 'idle');
    expect(waiting.length).toBeGreaterThan(10);
  });

  it('the large lane runs `largeFiles` at once, whatever the small lane does', () => {
    const h = harness();
    const queue = createUploadQueue({ limits: { largeFiles: 1, smallFiles: 2 } });
    const large = [addLarge(h, queue, 'a.bin'), addLarge(h, queue, 'b.bin')];
    const small = addSmall(h, queue, 3);
    expect(large.map((task) => task.getSnapshot().state)).toEqual(['beginning', 'idle']);
    expect(small.map((task) => task.getSnapshot().state)).toEqual(['beginning', 'beginning', 'idle']);
  });

  it('a cap on all uploads (limits.uploads) makes one line again, first come first served', () => {
    const h = harness();
    const queue = createUploadQueue({ limits: { uploads: 2 } });
    const large = addLarge(h, queue);
    const small = addSmall(h, queue, 3);
    expect(large.getSnapshot().state).toBe('beginning');
    expect(small.map((task) => task.getSnapshot().state)).toEqual(['beginning', 'idle', 'idle']);
  });
});

describe('the SMH call budget', { timeout: 60_000 }, () => {
  it('overlaps the begins and confirms of small files, never more than `smhCalls` at once', async () => {
    const h = harness();
    const queue = createUploadQueue({ limits: { smallFiles: 8, smhCalls: 3 } });
    const calls = slowSmh(h);
    const small = addSmall(h, queue, 30);
    const started = h.clock.now();
    await h.run(small[29]!, () => done(small));
    expect(calls.most).toBe(3);
    expect(h.smh.files.size).toBe(30);
    // 30 files × 2 calls of 40 ms, three at a time: 20 rounds of calls, not 60.
    expect(h.clock.now() - started).toBeLessThan(30 * 2 * LINK_MS / 2);
  });

  it('a call waiting for the budget is dropped when its task pauses, and the budget is whole after', async () => {
    const h = harness();
    const queue = createUploadQueue({ limits: { smhCalls: 1 } });
    const calls = slowSmh(h);
    const [a, b] = addSmall(h, queue, 2);
    await h.run(a!, () => calls.now === 1);
    b!.pause();
    expect(b!.getSnapshot().state).toBe('paused');
    await h.run(a!);
    b!.resume();
    await h.run(b!);
    expect(b!.getSnapshot().state).toBe('done');
    expect(calls.most).toBe(1);
  });
});

describe('the COS request budget', { timeout: 60_000 }, () => {
  it("puts no more than `cosRequests` PUTs on the wire, small files' first, and the large file's parts still go", async () => {
    // PUTs take 200 ms of fake time, so they overlap and can be counted.
    const h = harness({ latencyMs: 200 });
    const queue = createUploadQueue({ limits: { cosRequests: 3 } });
    const large = addLarge(h, queue, 'large.bin', 6 * MiB);
    await h.run(large, (s) => s.state === 'uploading');
    const small = addSmall(h, queue, 12);
    let partsWhileSmallRan = 0;
    const stored = () => large.getSnapshot().parts.filter((part) => part.state === 'stored').length;
    const before = stored();
    await h.run(large, () => done(small));
    partsWhileSmallRan = stored() - before;
    expect(h.smh.maxInflightParts).toBe(3);
    // Twelve small files never took every connection: the large file stored parts meanwhile.
    expect(partsWhileSmallRan).toBeGreaterThan(0);
    await h.run(large);
    expect(large.getSnapshot().state).toBe('done');
  });
  it('keeps the slots of running small files from the large file between their PUTs, so a photo never waits for a part', async () => {
    // PUTs take 200 ms of fake time and begins/confirms 40: without slots kept, every gap between a
    // photo's begin and its PUT let a part take the slot, and the photo then waited 200 ms for it.
    const h = harness({ latencyMs: 200 });
    slowSmh(h);
    const queue = createUploadQueue({ limits: { cosRequests: 3 } });
    const large = queue.add(h.upload({ file: makeFile(12 * MiB, { seed: 99 }), path: 'big/large.bin', concurrency: 3, maxConcurrency: 3 }));
    await h.run(large, (s) => s.state === 'uploading');
    const small = addSmall(h, queue, 12);
    const partsOnWire = (now: number) =>
      h.smh.attempts.filter((attempt) => attempt.partNumber !== undefined && attempt.at <= now && attempt.at + 200 > now).length;
    const crowded: number[] = [];
    h.smh.onPartStart = (attempt) => {
      // Two or more small files running keep two of the three slots: a part starts only alone.
      if (attempt.partNumber !== undefined && active(small) >= 2) crowded.push(partsOnWire(attempt.at));
    };
    await h.run(large, () => done(small));
    expect(crowded.length).toBeGreaterThan(0);
    expect(Math.max(...crowded)).toBe(1);
    await h.run(large);
    expect(large.getSnapshot().state).toBe('done');
  });
});

describe('UploadQueue.setLimits', { timeout: 60_000 }, () => {
  it('raising smallFiles and smhCalls after tasks were added starts more at once', async () => {
    const h = harness();
    const queue = createUploadQueue({ limits: { smallFiles: 1, smhCalls: 1 } });
    const calls = slowSmh(h);
    const small = addSmall(h, queue, 6);
    expect(active(small)).toBe(1);
    queue.setLimits({ smallFiles: 4, smhCalls: 4 });
    expect(queue.limits).toEqual({ ...DEFAULT_QUEUE_LIMITS, smallFiles: 4, smhCalls: 4 });
    expect(active(small)).toBe(4);
    await h.run(small[5]!, () => done(small));
    expect(calls.most).toBe(4);
  });

  it('lowering a limit pauses nobody; a bad value throws a TypeError and changes nothing', () => {
    const h = harness();
    const queue = createUploadQueue();
    const small = addSmall(h, queue, 4);
    queue.setLimits({ smallFiles: 1 });
    expect(active(small)).toBe(4);
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity, '2' as unknown as number]) {
      expect(() => queue.setLimits({ smhCalls: 2, smallFiles: bad })).toThrow(TypeError);
    }
    expect(() => createUploadQueue({ limits: { largeFiles: 0 } })).toThrow(/largeFiles/);
    expect(queue.limits).toEqual({ ...DEFAULT_QUEUE_LIMITS, smallFiles: 1 });
    queue.setLimits({ uploads: Infinity });
    expect(queue.limits.uploads).toBe(Infinity);
  });

  it('the deprecated concurrency is one line of n uploads, whatever their size', () => {
    const queue = createUploadQueue({ concurrency: 3 });
    expect(queue.limits).toEqual({ ...DEFAULT_QUEUE_LIMITS, uploads: 3, largeFiles: 3, smallFiles: 3 });
    expect(queue.concurrency).toBe(3);
    queue.setConcurrency(1);
    expect(queue.limits).toMatchObject({ uploads: 1, largeFiles: 1, smallFiles: 1 });
  });
});

/** Calls on `budget` that log their names as they start and end when their gate is opened. */
function namedCalls(budget: CallBudget) {
  const signal = new AbortController().signal;
  const order: string[] = [];
  const gates = new Map<string, () => void>();
  const call = (name: string, urgent: boolean) =>
    budget.run(urgent, signal, async () => {
      order.push(name);
      await new Promise<void>((resolve) => gates.set(name, resolve));
    });
  return { call, order, gates };
}

describe('CallBudget', () => {
  it('lets urgent calls (confirms) go before others waiting, in order among themselves', async () => {
    const budget = new CallBudget(1);
    const signal = new AbortController().signal;
    const order: string[] = [];
    const gates: (() => void)[] = [];
    const call = (name: string, urgent: boolean) =>
      budget.run(urgent, signal, async () => {
        order.push(name);
        await new Promise<void>((resolve) => gates.push(resolve));
      });
    const all = [call('begin 1', false), call('begin 2', false), call('confirm 1', true), call('confirm 2', true), call('begin 3', false)];
    for (let i = 0; i < 5; i += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      gates.shift()?.();
    }
    await Promise.all(all);
    expect(order).toEqual(['begin 1', 'confirm 1', 'confirm 2', 'begin 2', 'begin 3']);
    expect(budget.inFlight).toBe(0);
  });

  it('while others wait, urgent calls take all slots but one: a stream of urgent calls never starves the rest', async () => {
    const budget = new CallBudget(2);
    const { call, order, gates } = namedCalls(budget);
    const all = [call('small 1', true), call('part 1', false), call('small 2', true), call('part 2', false)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['small 1', 'part 1']);
    // A slot frees while "small 1" still holds the other: the waiting part goes before "small 2".
    gates.get('part 1')!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['small 1', 'part 1', 'part 2']);
    for (const name of ['small 1', 'part 2']) gates.get(name)!();
    await new Promise((resolve) => setImmediate(resolve));
    gates.get('small 2')!();
    await Promise.all(all);
    expect(order).toEqual(['small 1', 'part 1', 'part 2', 'small 2']);
  });

  it('keeps `reserved` slots (at most all but one) for urgent calls to come; reconsider() gives them back', async () => {
    let reserved = 5;
    const budget = new CallBudget(3, () => reserved);
    const { call, order, gates } = namedCalls(budget);
    const all = [call('part 1', false), call('part 2', false), call('small 1', true), call('small 2', true)];
    await tick();
    // No urgent call waited when "part 2" asked, yet it waits: two of the three slots are kept.
    expect(order).toEqual(['part 1', 'small 1', 'small 2']);
    // A small call ends: its slot stays kept while the reserve says more may come.
    gates.get('small 1')!();
    await tick();
    expect(order).toEqual(['part 1', 'small 1', 'small 2']);
    reserved = 0;
    budget.reconsider();
    await tick();
    expect(order).toEqual(['part 1', 'small 1', 'small 2', 'part 2']);
    for (const name of order) gates.get(name)!();
    await Promise.all(all);
    expect(budget.inFlight).toBe(0);
  });

  it('an aborted waiter rejects at once and takes no slot; a failed call gives its slot back', async () => {
    const budget = new CallBudget(1);
    let release!: () => void;
    const holding = budget.run(false, new AbortController().signal, () => new Promise<void>((resolve) => (release = resolve)));
    const stop = new AbortController();
    const waiting = budget.run(false, stop.signal, async () => 'ran');
    stop.abort(new DOMException('paused', 'AbortError'));
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    release();
    await holding;
    await expect(budget.run(false, new AbortController().signal, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(budget.inFlight).toBe(0);
    await expect(budget.run(false, new AbortController().signal, async () => 'next')).resolves.toBe('next');
  });
});
