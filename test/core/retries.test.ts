import { describe, expect, it } from 'vitest';
import { CosError } from '../../src/api/errors';
import { harness } from './support/setup';
import { MiB, cosError, makeBytes, makeFile, networkError, sameBytes } from './support/fakeSmh';

describe('retries', () => {
  it('waits 250, 500, 1000 ms (full jitter, random 0.5) between tries of a failing part', async () => {
    const h = harness({ latencyMs: 0 });
    let failures = 3;
    h.smh.partFault = (attempt) => (attempt.partNumber === 1 && failures-- > 0 ? cosError(503, 'ServiceUnavailable') : undefined);
    const task = h.upload({ file: makeFile(2 * MiB), concurrency: 1, maxConcurrency: 1 });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    const times = h.smh.attempts.filter((a) => a.partNumber === 1).map((a) => a.at);
    expect(times.slice(1).map((t, i) => t - (times[i] as number))).toEqual([250, 500, 1000]);
    expect(task.getSnapshot().parts[0]?.attempts).toBe(4);
  });

  it('fails the task with the part error after maxRetries, aborting siblings, and keeps stored parts', async () => {
    const h = harness();
    h.smh.partFault = (attempt) => (attempt.partNumber === 3 ? cosError(500, 'InternalError') : undefined);
    const task = h.upload({ maxRetries: 2 });
    task.start();
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(failed.previousState).toBe('uploading');
    expect(failed.error).toBeInstanceOf(CosError);
    expect(failed.error).toMatchObject({ status: 500, code: 'InternalError' });
    expect(h.smh.attempts.filter((a) => a.partNumber === 3)).toHaveLength(3);
    expect(failed.parts[2]?.state).toBe('failed');
    expect(failed.parts.some((part) => part.state === 'sending')).toBe(false);
    expect(failed.inflightBytes).toBe(0);
    expect(h.smh.callsOf('confirmUpload')).toHaveLength(0);
  });

  it('does not retry what is not retryable (a COS 400)', async () => {
    const h = harness();
    h.smh.partFault = (attempt) => (attempt.partNumber === 1 ? cosError(400, 'InvalidArgument') : undefined);
    const task = h.upload();
    task.start();
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(h.smh.attempts.filter((a) => a.partNumber === 1)).toHaveLength(1);
  });

  it('start() after a failure asks SMH what it stores and sends only the rest', async () => {
    const h = harness();
    let broken = true;
    h.smh.partFault = (attempt) => (broken && attempt.partNumber === 4 ? networkError() : undefined);
    const task = h.upload({ maxRetries: 0 });
    task.start();
    expect((await h.run(task)).state).toBe('failed');
    const storedBefore = h.smh.storedParts('confirm-1');
    expect(storedBefore).not.toContain(4);
    broken = false;
    const before = h.smh.attempts.length;
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(h.smh.callsOf('getUploadStatus')).toHaveLength(1);
    const resent = h.smh.attempts.slice(before).map((a) => a.partNumber);
    expect(resent.toSorted()).toEqual([1, 2, 3, 4, 5, 6].filter((n) => !storedBefore.includes(n)));
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(5 * MiB + 123))).toBe(true);
  });

  it('retries SMH calls (begin) that fail with 503, then goes on', async () => {
    const h = harness();
    const { smhError } = await import('./support/fakeSmh');
    h.smh.failNext('beginUpload', smhError(503, 'ServerOverloaded'), smhError(503, 'ServerOverloaded'));
    const task = h.upload();
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.callsOf('beginUpload')).toHaveLength(3);
    // While it waited to try again, the snapshot said so; once done, it does not.
    const seen = h.seen.get(task.id) ?? [];
    const said = seen.flatMap((s) => (s.retrying ? [`${s.state} ${s.retrying.attempt}/${s.retrying.of}`] : []));
    expect([...new Set(said)]).toEqual(['beginning 2/6', 'beginning 3/6']);
    // Steady from the first failure until the call goes through: no flicker while a retry is on the wire.
    const first = seen.findIndex((s) => s.retrying);
    const last = seen.findLastIndex((s) => s.retrying);
    expect(seen.slice(first, last + 1).every((s) => s.retrying)).toBe(true);
    expect(task.getSnapshot().retrying).toBeUndefined();
  });

  it("waits at least as long as SMH's Retry-After before trying again", async () => {
    const h = harness();
    const { SmhApiError } = await import('../../src/api/errors');
    h.smh.failNext('beginUpload', new SmhApiError('slow down', { status: 429, code: 'RateLimitExceeded', retryAfterMs: 5_000 }));
    const task = h.upload();
    task.start();
    const failedAt = h.clock.now();
    await h.run(task, () => h.smh.callsOf('beginUpload').length === 2);
    expect(h.clock.now() - failedAt).toBeGreaterThanOrEqual(5_000);
    expect((await h.run(task)).state).toBe('done');
  });

  it('part PUTs go through the same policy: the retrying note is shown during the wait, then cleared', async () => {
    const h = harness({ latencyMs: 0 });
    let failures = 0;
    h.smh.partFault = (attempt) => (attempt.partNumber === 1 && failures < 2 ? (failures++, cosError(503, 'ServiceUnavailable')) : undefined);
    const task = h.upload({ concurrency: 1, maxConcurrency: 1 });
    task.start();
    const waiting = await h.run(task, (s) => s.retrying !== undefined);
    expect(waiting.retrying).toEqual({ attempt: 2, of: 6 });
    // Pause ends the wait at once and clears the note.
    task.pause();
    expect(task.getSnapshot().retrying).toBeUndefined();
    task.resume();
    expect((await h.run(task)).state).toBe('done');
    expect(task.getSnapshot().retrying).toBeUndefined();
  });

  it("honours a COS Retry-After (when the error carries one), capped at 60 s", async () => {
    const h = harness({ latencyMs: 0 });
    let failed = false;
    h.smh.partFault = () => {
      if (failed) return undefined;
      failed = true;
      return Object.assign(cosError(503, 'SlowDown'), { retryAfterMs: 10 * 60_000 });
    };
    const task = h.upload({ concurrency: 1, maxConcurrency: 1 });
    task.start();
    await h.run(task, (s) => s.retrying !== undefined);
    expect(h.clock.pendingDelays()).toContain(60_000);
    expect((await h.run(task)).state).toBe('done');
  });

  it('halves the number of parallel parts on 503s and grows it again while throughput improves', async () => {
    const h = harness();
    let failures = 4;
    h.smh.partFault = () => (failures-- > 0 ? cosError(503, 'SlowDown') : undefined);
    const task = h.upload({ file: makeFile(24 * MiB), concurrency: 4, maxConcurrency: 6 });
    task.start();
    await h.run(task);
    expect(task.getSnapshot().state).toBe('done');
    // Not asserting an exact schedule (it depends on timing), only the bounds.
    expect(h.smh.maxInflightParts).toBeLessThanOrEqual(6);
    expect(h.smh.maxInflightParts).toBeGreaterThanOrEqual(4);
  });
});
