// Beginning an upload with instant upload (秒传) on: what a begin sends once the whole file's hash
// is known, and what listeners hear while it is hashed.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SmhResponseError } from '../../src/api/errors';
import type { UploadTask } from '../../src/core/types';
import { harness, type Harness } from './support/setup';
import { MiB, makeBytes, makeFile, smhError, storedFile } from './support/fakeSmh';

const SIZE = 3 * MiB + 17;
const firstMiB = createHash('sha256').update(makeBytes(SIZE).subarray(0, MiB)).digest('hex');

/** A task that hashed the whole file (202), then failed for good at the begin carrying the hash. */
async function failedAfterHashing(h: Harness): Promise<UploadTask> {
  // SMH holds a file with the same first MiB but other bytes after it: 202, then 201.
  h.smh.instant.push({ beginningHash: firstMiB, fullHash: 'f'.repeat(64), file: storedFile('docs/other.mp4', SIZE) });
  const task = h.upload({ instantUpload: true, instantUploadThreshold: MiB, file: makeFile(SIZE) });
  let refused = false;
  task.subscribe((snapshot) => {
    // The begin that carries the full hash fails for good.
    if (snapshot.state === 'hashing' && !refused) {
      refused = true;
      h.smh.failNext('beginUpload', smhError(400, 'InvalidArgument'));
    }
  });
  task.start();
  expect((await h.run(task)).state).toBe('failed');
  expect(h.smh.callsOf('beginUpload')).toHaveLength(2);
  return task;
}

describe('beginning again after the whole file was hashed', () => {
  it('sends the full hash with the first begin, so SMH is asked once, not twice', async () => {
    const h = harness();
    const task = await failedAfterHashing(h);
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.callsOf('beginUpload')).toHaveLength(3);
    expect(h.smh.optionsOf('beginUpload', 2)).toMatchObject({ beginningHash: firstMiB, fullHash: h.smh.optionsOf('beginUpload', 1).fullHash });
  });

  it('fails without hashing the file again when SMH answers 202 to a begin that already carried the full hash', async () => {
    const h = harness();
    const task = await failedAfterHashing(h);
    const begin = h.smh.client.beginUpload;
    // Against the protocol: "hash matched" although the full hash was sent.
    h.smh.client.beginUpload = async (...args) => {
      await begin(...args);
      return { status: 'hashMatched' };
    };
    const states: string[] = [];
    task.subscribe((snapshot) => states.push(snapshot.state));
    task.start();
    const failed = await h.run(task);
    expect(failed.error).toBeInstanceOf(SmhResponseError);
    expect(failed.error?.message).toMatch(/answered 202 \(hash matched\) again after fullHash was sent/);
    // The reply had no body worth showing: no excerpt is made up for support.
    expect(failed.error).toMatchObject({ status: 202, excerpt: '' });
    expect(states).not.toContain('hashing');
  });
});

describe('hashing the whole file after a 202', () => {
  it('tells listeners at once that hashing starts from 0 bytes, not a frame later', async () => {
    const h = harness();
    h.smh.instant.push({ beginningHash: firstMiB, fullHash: 'f'.repeat(64), file: storedFile('docs/other.mp4', SIZE) });
    const task = h.upload({ instantUpload: true, instantUploadThreshold: MiB, file: makeFile(SIZE) });
    const told: { hashedBytes: number | undefined; at: number }[] = [];
    task.subscribe((snapshot) => {
      if (snapshot.state === 'hashing') told.push({ hashedBytes: snapshot.hashedBytes, at: h.clock.now() });
    });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    const hashingFrom = told[0]?.at;
    expect(told.find((snapshot) => snapshot.hashedBytes === 0)).toEqual({ hashedBytes: 0, at: hashingFrom });
  });
});
