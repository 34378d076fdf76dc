import { describe, expect, it } from 'vitest';
import { SmhApiError } from '../../src/api/errors';
import type { UploadError } from '../../src/core/errors';
import { lockName } from '../../src/core/locks';
import { createFakeLocks } from './support/fakeLocks';
import { harness } from './support/setup';
import { MiB, makeBytes, makeFile, sameBytes } from './support/fakeSmh';

function setup() {
  const h = harness();
  h.smh.addFile('docs/video.mp4', new Uint8Array([9, 9, 9]));
  const task = h.upload({ conflictResolutionStrategy: 'ask' });
  task.start();
  return { h, task };
}

describe('name clash under ask, at begin', () => {

  it('waits in conflict with the 409 as the error', async () => {
    const { h, task } = setup();
    const snapshot = await h.run(task);
    expect(snapshot.state).toBe('conflict');
    expect(snapshot.previousState).toBe('beginning');
    expect(snapshot.error).toBeInstanceOf(SmhApiError);
    expect(snapshot.error).toMatchObject({ status: 409, code: 'SameNameDirectoryOrFileExists' });
    expect(h.smh.attempts).toHaveLength(0);
  });

  it('rename begins again with rename and shows the final path beside the requested one', async () => {
    const { h, task } = setup();
    await h.run(task);
    task.resolveConflict('rename');
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.conflictResolutionStrategy).toBe('rename');
    expect(done.conflictResolution).toBe('rename');
    expect(done.requestedPath).toEqual(['docs', 'video.mp4']);
    expect(done.finalPath).toEqual(['docs', 'video (1).mp4']);
    expect(done.error).toBeUndefined();
    expect(h.smh.optionsOf('beginUpload', 1).conflictResolutionStrategy).toBe('rename');
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), new Uint8Array([9, 9, 9]))).toBe(true);
  });

  it('overwrite begins again with overwrite and replaces the file', async () => {
    const { h, task } = setup();
    await h.run(task);
    task.resolveConflict('overwrite');
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.finalPath).toEqual(['docs', 'video.mp4']);
    expect(done.conflictResolution).toBe('overwrite');
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(5 * MiB + 123))).toBe(true);
  });

  it('cancel cancels the task', async () => {
    const { h, task } = setup();
    await h.run(task);
    task.resolveConflict('cancel');
    await h.run(task);
    expect(task.getSnapshot().state).toBe('cancelled');
    await expect(task.settled).resolves.toMatchObject({ state: 'cancelled' });
  });
});

describe('name clash under ask, at confirm', () => {
  it('a file that appeared meanwhile stops at confirm; overwrite confirms again with that strategy', async () => {
    const h = harness();
    const task = h.upload({ conflictResolutionStrategy: 'ask' });
    task.start();
    await h.run(task, (s) => s.state === 'uploading');
    h.smh.addFile('docs/video.mp4');
    const conflict = await h.run(task);
    expect(conflict.state).toBe('conflict');
    expect(conflict.previousState).toBe('confirming');
    task.resolveConflict('overwrite');
    const done = await h.run(task);
    expect(done.state).toBe('done');
    const confirms = h.smh.callsOf('confirmUpload');
    expect(confirms).toHaveLength(2);
    expect(h.smh.optionsOf('confirmUpload', 1).conflictResolutionStrategy).toBe('overwrite');
    // No part was sent twice.
    expect(h.smh.attempts).toHaveLength(6);
  });

  it('confirm always sends the strategy in force: the one begun with, or the answer given', async () => {
    for (const strategy of ['rename', 'overwrite', 'ask'] as const) {
      const h = harness();
      const task = h.upload({ conflictResolutionStrategy: strategy, file: makeFile(3 * MiB) });
      task.start();
      expect((await h.run(task)).state).toBe('done');
      expect(h.smh.optionsOf('confirmUpload', 0).conflictResolutionStrategy).toBe(strategy);
    }
  });

  it('cancel during a confirm conflict cancels the task on SMH', async () => {
    const h = harness();
    const task = h.upload({ conflictResolutionStrategy: 'ask', file: makeFile(3 * MiB) });
    task.start();
    await h.run(task, (s) => s.state === 'uploading');
    h.smh.addFile('docs/video.mp4');
    await h.run(task);
    task.resolveConflict('cancel');
    await h.run(task, (s) => s.state !== 'conflict');
    expect(task.getSnapshot().state).toBe('cancelled');
    expect(h.smh.callsOf('cancelUpload')).toHaveLength(1);
  });
});

/** A multipart task holding its lock, stopped at confirm by a file that appeared meanwhile. */
async function confirmConflict() {
  const h = harness();
  const locks = createFakeLocks();
  const task = h.upload({ conflictResolutionStrategy: 'ask', locks, file: makeFile(3 * MiB) });
  task.start();
  await h.run(task, (s) => s.state === 'uploading');
  const confirmKey = task.getSnapshot().confirmKey as string;
  expect(locks.held.has(lockName(confirmKey))).toBe(true);
  h.smh.addFile('docs/video.mp4');
  expect((await h.run(task)).state).toBe('conflict');
  return { h, locks, task, confirmKey };
}

describe('the Web Lock during a conflict', () => {
  it('is let go while the task waits for an answer, and taken again when it is resolved', async () => {
    const { h, locks, task, confirmKey } = await confirmConflict();
    expect(locks.held.size).toBe(0);
    task.resolveConflict('overwrite');
    await h.run(task, (s) => s.state === 'confirming');
    expect(locks.held.has(lockName(confirmKey))).toBe(true);
    expect((await h.run(task)).state).toBe('done');
    expect(locks.held.size).toBe(0);
  });

  it('lets another tab take the upload over; the waiting task then refuses to confirm alongside it', async () => {
    const { h, locks, task, confirmKey } = await confirmConflict();
    const other = h.resume({ confirmKey, locks, file: makeFile(3 * MiB), conflictResolutionStrategy: 'ask' });
    other.start();
    await h.run(other, () => locks.held.has(lockName(confirmKey)));
    task.resolveConflict('overwrite');
    const refused = await h.run(task);
    expect(refused.state).toBe('failed');
    expect((refused.error as UploadError).code).toBe('ResumeLocked');
    // The other tab meets the same clash, and its answer finishes the upload.
    expect((await h.run(other)).state).toBe('conflict');
    other.resolveConflict('overwrite');
    expect((await h.run(other)).state).toBe('done');
    // The first clash, the other tab's clash and its overwrite: the refused task confirmed nothing.
    expect(h.smh.callsOf('confirmUpload')).toHaveLength(3);
    expect(locks.held.size).toBe(0);
  });
});

describe('resolveConflict outside a conflict', () => {
  it('is a no-op that leaves state alone', async () => {
    const h = harness();
    const task = h.upload();
    const idle = task.getSnapshot();
    task.resolveConflict('overwrite');
    expect(task.getSnapshot()).toBe(idle);
    task.start();
    const done = await h.run(task);
    task.resolveConflict('rename');
    expect(task.getSnapshot()).toBe(done);
    expect(h.smh.callsOf('beginUpload')).toHaveLength(1);
  });

  it('a 409 under rename is a plain failure, not a conflict', async () => {
    const h = harness();
    const { smhError } = await import('./support/fakeSmh');
    h.smh.failNext('beginUpload', smhError(409, 'SameNameDirectoryOrFileExists'));
    const task = h.upload({ conflictResolutionStrategy: 'rename' });
    task.start();
    expect((await h.run(task)).state).toBe('failed');
  });
});
