// Resuming a task that cannot go on: a file that cannot fit the task's part size, or server parts
// the file cannot have, fail with a typed FileMismatch, and nothing is sent. (A status naming no
// upload or two: test/core/resume.test.ts.)
import { describe, expect, it } from 'vitest';
import { UploadError } from '../../src/core/errors';
import { harness, type Harness } from './support/setup';
import { MiB, makeFile } from './support/fakeSmh';

describe('resuming a task with a file its part size cannot cut', () => {
  it('fails with FileMismatch before any part is sent', async () => {
    const h = harness();
    await h.smh.client.beginUpload('docs/huge.bin', { size: 20 * 1024 * MiB });
    // 20 GiB in 1 MiB parts is more than COS's 10,000: not the file this task was started with.
    const huge = { size: 20 * 1024 * MiB, type: '', slice: () => new Blob() } as unknown as Blob;
    const task = h.resume({ confirmKey: 'confirm-1', partSize: MiB, file: huge });
    task.start();
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'FileMismatch' });
    expect(failed.error?.message).toMatch(/cannot be cut into the task's 1048576-byte parts/);
    expect(h.smh.attempts).toHaveLength(0);
  });
});

/** A multipart upload paused after two parts: the task's confirmKey. */
async function pausedAfterTwoParts(h: Harness): Promise<string> {
  const task = h.upload({ concurrency: 1, maxConcurrency: 1 });
  task.start();
  await h.run(task, (snapshot) => snapshot.storedBytes >= 2 * MiB);
  task.pause();
  return task.getSnapshot().confirmKey as string;
}

describe('resuming a task whose server parts this file cannot have', () => {
  it('fails with FileMismatch naming the part, for a part past the end or larger than a part, and sends nothing', async () => {
    const cases = [
      { number: 7, size: 100, says: 'part 7 (100 bytes)' },
      { number: 1, size: 2 * MiB, says: `part 1 (${2 * MiB} bytes)` },
    ];
    for (const { number, size, says } of cases) {
      const h = harness();
      const confirmKey = await pausedAfterTwoParts(h);
      h.smh.setPart(confirmKey, number, new Uint8Array(size));
      const before = h.smh.attempts.length;
      const task = h.resume({ confirmKey });
      task.start();
      const failed = await h.run(task);
      expect(failed.state).toBe('failed');
      expect(failed.error).toBeInstanceOf(UploadError);
      expect(failed.error).toMatchObject({ code: 'FileMismatch' });
      expect(failed.error?.message).toContain(`The server stores ${says}, which a ${5 * MiB + 123}-byte file cut into ${MiB}-byte parts does not have`);
      expect(h.smh.attempts).toHaveLength(before);
    }
  });
});

describe('resuming with another file', () => {
  it('says what differs from the file the upload was started with, all at once, and which file to pick again', async () => {
    const h = harness();
    const confirmKey = await pausedAfterTwoParts(h);
    const other = makeFile(5 * MiB, { name: 'other.mp4', lastModified: 42 });
    const task = h.resume({ confirmKey, file: other });
    task.start();
    const failed = await h.run(task);
    expect(failed.error).toMatchObject({ code: 'FileMismatch' });
    expect(failed.error?.message).toBe(
      `This is not the file the upload was started with (size ${5 * MiB} bytes instead of ${5 * MiB + 123}, name "other.mp4" instead of "video.mp4", a different modification time). Pick "video.mp4" again.`,
    );
  });
});

describe('checking the stored parts of a resumed task', () => {
  it('with integrityCheck, tells listeners at once that hashing starts from 0 bytes, not a frame later', async () => {
    const h = harness();
    const confirmKey = await pausedAfterTwoParts(h);
    const task = h.resume({ confirmKey, integrityCheck: true });
    const told: { hashedBytes: number | undefined; at: number }[] = [];
    task.subscribe((snapshot) => {
      if (snapshot.state === 'hashing') told.push({ hashedBytes: snapshot.hashedBytes, at: h.clock.now() });
    });
    task.start();
    await h.run(task);
    const hashingFrom = told[0]?.at;
    expect(told.find((snapshot) => snapshot.hashedBytes === 0)).toEqual({ hashedBytes: 0, at: hashingFrom });
  });
});
