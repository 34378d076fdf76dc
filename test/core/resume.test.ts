import { describe, expect, it } from 'vitest';
import { SmhResponseError } from '../../src/api/errors';
import type { UploadTaskStatus } from '../../src/api/types';
import { UploadError } from '../../src/core/errors';
import type { UploadTask } from '../../src/core/types';
import { createFakeLocks } from './support/fakeLocks';
import { harness, type Harness } from './support/setup';
import { MiB, makeBytes, makeFile, sameBytes, smhError } from './support/fakeSmh';

const SIZE = 5 * MiB + 123;

/** Uploads until `stored` parts are on the server, then drops the task as a closed tab would. */
async function interrupted(h: Harness, stored = 3, options: Parameters<Harness['upload']>[0] = {}): Promise<string> {
  const task = h.upload({ concurrency: 1, maxConcurrency: 1, ...options });
  task.start();
  await h.run(task, (s) => s.storedBytes >= stored * MiB);
  task.pause();
  return task.getSnapshot().confirmKey as string;
}

function sentParts(h: Harness, from: number): number[] {
  return h.smh.attempts.slice(from).map((a) => a.partNumber as number).toSorted((a, b) => a - b);
}

async function expectCode(task: UploadTask, h: Harness, code: string) {
  task.start();
  const failed = await h.run(task);
  expect(failed.state).toBe('failed');
  expect(failed.error).toBeInstanceOf(UploadError);
  expect((failed.error as UploadError).code).toBe(code);
  return failed;
}

/** One tab (`first`) sending with the lock held; a second tab's resume of it (`second`) refused ResumeLocked. */
async function lockedOut() {
  const h = harness();
  const locks = createFakeLocks();
  const first = h.upload({ locks, concurrency: 1, maxConcurrency: 1 });
  first.start();
  await h.run(first, (s) => s.storedBytes >= MiB);
  const confirmKey = first.getSnapshot().confirmKey as string;
  const second = h.resume({ confirmKey, locks });
  await expectCode(second, h, 'ResumeLocked');
  return { h, locks, first, second, confirmKey };
}

describe('resumeUpload', () => {
  it('sends only the parts the server lacks, then confirms byte-exact', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 3);
    const before = h.smh.attempts.length;
    const task = h.resume({ confirmKey });
    expect(task.getSnapshot().state).toBe('idle');
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(sentParts(h, before)).toEqual([4, 5, 6]);
    expect(h.smh.callsOf('beginUpload')).toHaveLength(1);
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(SIZE))).toBe(true);
    // Done: the record is gone.
    expect(await h.store.get(confirmKey)).toBeUndefined();
  });

  it('counts the parts already stored as confirmed from the start', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 3);
    const task = h.resume({ confirmKey });
    task.start();
    const first = await h.run(task, (s) => s.state === 'uploading');
    expect(first.storedBytes).toBe(3 * MiB);
    expect(first.parts.filter((part) => part.state === 'stored').map((part) => part.number)).toEqual([1, 2, 3]);
  });

  it('fills a gap in the middle', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 4);
    h.smh.dropPart(confirmKey, 2);
    const before = h.smh.attempts.length;
    const task = h.resume({ confirmKey });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(sentParts(h, before)).toEqual([2, 5, 6]);
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(SIZE))).toBe(true);
  });

  it('sends again a stored part whose Size does not match the plan', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 3);
    h.smh.setPart(confirmKey, 2, makeBytes(MiB - 10, 99));
    const before = h.smh.attempts.length;
    const task = h.resume({ confirmKey });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(sentParts(h, before)).toEqual([2, 4, 5, 6]);
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(SIZE))).toBe(true);
  });

  it('with integrityCheck, sends again a part whose ETag is not the MD5 of the local bytes', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 3);
    h.smh.corruptPart(confirmKey, 1);
    const before = h.smh.attempts.length;
    const task = h.resume({ confirmKey, integrityCheck: true, crc64: true });
    task.start();
    const states: string[] = [];
    task.subscribe((s) => states.push(s.state));
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(states).toContain('hashing');
    expect(done.hashedBytes).toBe(3 * MiB);
    expect(sentParts(h, before)).toEqual([1, 4, 5, 6]);
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(SIZE))).toBe(true);
  });

  it('hashes and counts a part the status lists twice only once', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 3);
    const getUploadStatus = h.smh.client.getUploadStatus;
    h.smh.client.getUploadStatus = async (key, options) => {
      const status = await getUploadStatus(key, options);
      return { ...status, parts: [...(status.parts ?? []), ...(status.parts ?? []).slice(0, 1)] };
    };
    const before = h.smh.attempts.length;
    const task = h.resume({ confirmKey, integrityCheck: true });
    task.start();
    const first = await h.run(task, (s) => s.state === 'uploading');
    expect(first.hashedBytes).toBe(3 * MiB);
    expect(first.storedBytes).toBe(3 * MiB);
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(sentParts(h, before)).toEqual([4, 5, 6]);
  });

  it('without integrityCheck trusts parts of the right size (documented trade-off)', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 3);
    h.smh.corruptPart(confirmKey, 1);
    const before = h.smh.attempts.length;
    const task = h.resume({ confirmKey });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(sentParts(h, before)).toEqual([4, 5, 6]);
  });

  it('computes crc64 over kept and new parts, which SMH checks at confirm', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 2);
    const task = h.resume({ confirmKey, crc64: true });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.optionsOf('confirmUpload').crc64).toMatch(/^\d+$/);
  });

  it('uses the credentials of the status reply, renewing only when they are near expiry', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 2);
    const task = h.resume({ confirmKey });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.callsOf('renewUpload')).toHaveLength(0);
  });

  it('says FileMismatch before sending a byte when the size differs from the record', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 2);
    const before = h.smh.attempts.length;
    const failed = await expectCode(h.resume({ confirmKey, file: makeFile(SIZE + 1) }), h, 'FileMismatch');
    expect(failed.error?.message).toMatch(/size/);
    expect(h.smh.attempts.length).toBe(before);
    expect(h.smh.callsOf('confirmUpload')).toHaveLength(0);
  });

  it('says FileMismatch for another name or modification time', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 2);
    await expectCode(h.resume({ confirmKey, file: makeFile(SIZE, { name: 'other.mp4' }) }), h, 'FileMismatch');
    await expectCode(h.resume({ confirmKey, file: makeFile(SIZE, { lastModified: 42 }) }), h, 'FileMismatch');
    // The record stays: the right file can still be picked.
    expect(await h.store.get(confirmKey)).toBeDefined();
  });

  it('without a record, says FileMismatch when the stored parts cannot fit the file', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 4);
    await h.store.remove(confirmKey);
    const before = h.smh.attempts.length;
    await expectCode(h.resume({ confirmKey, file: makeFile(3 * MiB), path: 'docs/video.mp4' }), h, 'FileMismatch');
    expect(h.smh.attempts.length).toBe(before);
  });

  it('without a record, works out the part size from the stored parts and finishes', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 2, { partSize: 2 * MiB, file: makeFile(SIZE) });
    await h.store.remove(confirmKey);
    const task = h.resume({ confirmKey, partSize: undefined });
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.partSize).toBe(2 * MiB);
    expect(done.requestedPath).toEqual(['docs', 'video.mp4']);
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(SIZE))).toBe(true);
  });

  it('is done without sending when the task is already confirmed', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 2);
    h.smh.markConfirmed(confirmKey);
    const before = h.smh.attempts.length;
    const task = h.resume({ confirmKey });
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.storedBytes).toBe(SIZE);
    expect(done.finalPath).toEqual(['docs', 'video.mp4']);
    expect(h.smh.attempts.length).toBe(before);
    expect(h.smh.callsOf('confirmUpload')).toHaveLength(0);
  });

  it('says TaskGone when the task vanished, and forgets the record', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 2);
    h.smh.tasks.delete(confirmKey);
    const failed = await expectCode(h.resume({ confirmKey }), h, 'TaskGone');
    expect(failed.error?.cause).toMatchObject({ status: 404, code: 'ConfirmKeyNotFound' });
    expect(await h.store.get(confirmKey)).toBeUndefined();
    expect(h.smh.callsOf('beginUpload')).toHaveLength(1);
  });

  it('with restartIfGone, begins a fresh upload when the task vanished', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 2);
    h.smh.tasks.delete(confirmKey);
    const task = h.resume({ confirmKey, restartIfGone: true });
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.confirmKey).not.toBe(confirmKey);
    expect(h.smh.callsOf('beginUpload')).toHaveLength(2);
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(SIZE))).toBe(true);
  });

  it('says PathDeleted when a folder on the path was deleted (status path: null)', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 2);
    h.smh.deletePath(confirmKey);
    const failed = await expectCode(h.resume({ confirmKey }), h, 'PathDeleted');
    expect(failed.error?.message).toMatch(/folder/);
  });

  it('says ResumeLocked when another tab holds the task, and goes ahead once it is free', async () => {
    const { locks, first } = await lockedOut();
    await first.cancel();
    expect(locks.held.size).toBe(0);
  });

  it('cancelling a task another tab is sending stops it here only: the upload and its record live on there', async () => {
    const { h, first, second, confirmKey } = await lockedOut();
    await second.cancel();
    expect(second.getSnapshot().state).toBe('cancelled');
    expect(h.smh.callsOf('cancelUpload')).toHaveLength(0);
    expect(await h.store.get(confirmKey)).toBeDefined();
    // The tab that holds it finishes byte-exact.
    expect((await h.run(first)).state).toBe('done');
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(SIZE))).toBe(true);
  });

  it('cancelling a paused task nobody else took over still cancels it at SMH', async () => {
    const h = harness();
    const locks = createFakeLocks();
    const task = h.upload({ locks, concurrency: 1, maxConcurrency: 1 });
    task.start();
    await h.run(task, (s) => s.storedBytes >= MiB);
    task.pause();
    const confirmKey = task.getSnapshot().confirmKey as string;
    await task.cancel();
    expect(h.smh.callsOf('cancelUpload')).toHaveLength(1);
    expect(await h.store.get(confirmKey)).toBeUndefined();
    expect(locks.held.size).toBe(0);
  });

  it('a paused task lets go of its lock: the upload can be resumed elsewhere, and the paused one then refuses to send alongside', async () => {
    const h = harness();
    const locks = createFakeLocks();
    const first = h.upload({ locks, concurrency: 1, maxConcurrency: 1 });
    first.start();
    await h.run(first, (s) => s.storedBytes >= 2 * MiB);
    first.pause();
    await h.clock.advance(0);
    expect(locks.held.size).toBe(0);
    const paused = first.getSnapshot();
    const confirmKey = paused.confirmKey as string;
    const second = h.resume({ confirmKey, locks });
    second.start();
    await h.run(second, (s) => s.state === 'uploading');
    first.resume();
    const refused = await h.run(first);
    expect(refused.state).toBe('failed');
    expect((refused.error as UploadError).code).toBe('ResumeLocked');
    // It sent nothing more.
    expect(refused.parts.map((part) => part.attempts)).toEqual(paused.parts.map((part) => part.attempts));
    expect((await h.run(second)).state).toBe('done');
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(SIZE))).toBe(true);
    expect(locks.held.size).toBe(0);
  });

  it('refuses a status reply without an uploadId, or whose uploadPartInfo names another upload, before sending a byte', async () => {
    const edits: Array<[(status: UploadTaskStatus) => UploadTaskStatus, RegExp]> = [
      [({ uploadId: _id, uploadPartInfo, ...rest }) => ({ ...rest, uploadPartInfo: { ...uploadPartInfo!, uploadId: '' } }), /has no uploadId; no part was sent/],
      [
        (status) => ({ ...status, uploadPartInfo: { ...status.uploadPartInfo!, uploadId: 'someone-elses-upload' } }),
        /but hands out credentials for "someone-elses-upload"; no part was sent/,
      ],
    ];
    for (const [edit, says] of edits) {
      const h = harness();
      const confirmKey = await interrupted(h, 2);
      const before = h.smh.attempts.length;
      const task = h.resume({
        confirmKey,
        client: { ...h.smh.client, getUploadStatus: async (key, options) => edit(await h.smh.client.getUploadStatus(key, options)) },
      });
      task.start();
      const failed = await h.run(task);
      expect(failed.state).toBe('failed');
      expect(failed.error).toBeInstanceOf(SmhResponseError);
      // The reply was read in full (200): only what it says is wrong, so there is no body excerpt.
      expect(failed.error).toMatchObject({ status: 200, field: 'uploadId', excerpt: '' });
      expect(failed.error?.message).toMatch(says);
      expect(h.smh.attempts.length).toBe(before);
    }
  });

  it('throws a TypeError without a confirmKey', () => {
    const h = harness();
    expect(() => h.resume({ confirmKey: '' })).toThrow(/confirmKey/);
  });

  it('retries status calls that fail with 503', async () => {
    const h = harness();
    const confirmKey = await interrupted(h, 2);
    h.smh.failNext('getUploadStatus', smhError(503, 'ServerOverloaded'));
    const task = h.resume({ confirmKey });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.callsOf('getUploadStatus')).toHaveLength(2);
  });
});
