import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { harness } from './support/setup';
import { flushAsync } from './support/fakeClock';
import { MiB, makeBytes, makeFile, storedFile } from './support/fakeSmh';

const SIZE = 3 * MiB + 17;
const bytes = makeBytes(SIZE);
const sha = (data: Uint8Array) => createHash('sha256').update(data).digest();

function chainedHash(data: Uint8Array): string {
  let previous: Buffer | undefined;
  for (let offset = 0; offset < data.length; offset += MiB) {
    const block = data.subarray(offset, offset + MiB);
    previous = sha(previous ? Buffer.concat([previous, block]) : block);
  }
  return (previous as Buffer).toString('hex');
}

const stored = storedFile('docs/video.mp4', SIZE);

describe('instant upload (秒传)', () => {
  it('201: sends beginningHash only, no full hash, and uploads normally', async () => {
    const h = harness();
    const task = h.upload({ instantUpload: true, instantUploadThreshold: MiB, file: makeFile(SIZE) });
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.mode).toBe('multipart');
    const begin = h.smh.optionsOf('beginUpload');
    expect(begin.beginningHash).toBe(sha(bytes.subarray(0, MiB)).toString('hex'));
    expect(begin.fullHash).toBeUndefined();
    expect(done.hashedBytes).toBeUndefined();
  });

  it('202 → 200: hashes the whole file (hashing, hashedBytes) and is done without sending a byte', async () => {
    const h = harness();
    h.smh.instant.push({ beginningHash: sha(bytes.subarray(0, MiB)).toString('hex'), fullHash: chainedHash(bytes), file: stored });
    const task = h.upload({ instantUpload: true, instantUploadThreshold: MiB, file: makeFile(SIZE) });
    const states: string[] = [];
    task.subscribe((s) => states.push(s.state));
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.mode).toBe('instant');
    expect(done.result).toEqual(stored);
    expect(done.finalPath).toEqual(['docs', 'video.mp4']);
    expect(done.hashedBytes).toBe(SIZE);
    expect(done.storedBytes).toBe(SIZE);
    expect(done.progressBytes).toBe(SIZE);
    expect(states).toContain('hashing');
    expect(h.smh.attempts).toHaveLength(0);
    expect(h.smh.callsOf('confirmUpload')).toHaveLength(0);
    expect(h.smh.optionsOf('beginUpload', 1).fullHash).toBe(chainedHash(bytes));
  });

  it('202 → 201: the full hash did not match, so it uploads normally', async () => {
    const h = harness();
    h.smh.instant.push({ beginningHash: sha(bytes.subarray(0, MiB)).toString('hex'), fullHash: 'f'.repeat(64), file: stored });
    const task = h.upload({ instantUpload: true, instantUploadThreshold: MiB, file: makeFile(SIZE) });
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.mode).toBe('multipart');
    expect(h.smh.callsOf('beginUpload')).toHaveLength(2);
    expect(h.smh.attempts.length).toBeGreaterThanOrEqual(4);
  });

  it('is not tried for files under 1 MiB, SMH\'s minimum, even with a lower threshold', async () => {
    const h = harness();
    const task = h.upload({ instantUpload: true, instantUploadThreshold: 0, file: makeFile(MiB - 1) });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.optionsOf('beginSimpleUpload').beginningHash).toBeUndefined();
  });

  it('is tried with the simple begin for a small file', async () => {
    const h = harness();
    const small = makeBytes(MiB + 5, 3);
    h.smh.instant.push({ beginningHash: sha(small.subarray(0, MiB)).toString('hex'), fullHash: chainedHash(small), file: stored });
    const task = h.upload({ instantUpload: true, instantUploadThreshold: MiB, file: makeFile(MiB + 5, { seed: 3 }) });
    task.start();
    const done = await h.run(task);
    expect(done.mode).toBe('instant');
    expect(h.smh.callsOf('beginSimpleUpload')).toHaveLength(2);
  });
});

describe('instantUploadThreshold', () => {
  it('by default hashes no file under 8 MiB (one PUT costs about what a match saves) and hashes one of 8 MiB', async () => {
    const h = harness();
    const below = h.upload({ instantUpload: true, file: makeFile(8 * MiB - 1), path: 'docs/below.bin' });
    below.start();
    expect((await h.run(below)).state).toBe('done');
    expect(h.smh.optionsOf('beginUpload').beginningHash).toBeUndefined();
    const at = h.upload({ instantUpload: true, file: makeFile(8 * MiB, { seed: 2 }), path: 'docs/at.bin' });
    at.start();
    expect((await h.run(at)).state).toBe('done');
    expect(h.smh.optionsOf('beginUpload', 1).beginningHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a lower threshold hashes smaller files, a higher one skips larger ones', async () => {
    const h = harness();
    const hashed = h.upload({ instantUpload: true, instantUploadThreshold: 3 * MiB, file: makeFile(SIZE) });
    hashed.start();
    await h.run(hashed);
    expect(h.smh.optionsOf('beginUpload').beginningHash).toBe(sha(bytes.subarray(0, MiB)).toString('hex'));
    const skipped = h.upload({ instantUpload: true, instantUploadThreshold: SIZE + 1, file: makeFile(SIZE), path: 'docs/other.bin' });
    skipped.start();
    await h.run(skipped);
    expect(h.smh.optionsOf('beginUpload', 1).beginningHash).toBeUndefined();
  });

  it('paused while SMH answers the full hash with a match: the file is stored, so the task is done, with no second begin', async () => {
    const h = harness();
    h.smh.instant.push({ beginningHash: sha(bytes.subarray(0, MiB)).toString('hex'), fullHash: chainedHash(bytes), file: stored });
    const task = h.upload({ instantUpload: true, instantUploadThreshold: MiB, file: makeFile(SIZE) });
    const begin = h.smh.client.beginUpload;
    // The person pauses while the begin that carries the full hash is on the wire.
    h.smh.client.beginUpload = async (path, options) => {
      const reply = await begin(path, options);
      if (options?.fullHash) task.pause();
      return reply;
    };
    const states: string[] = [];
    task.subscribe((s) => states.push(s.state));
    task.start();
    await h.run(task, () => h.smh.callsOf('beginUpload').length === 2);
    await flushAsync(20);
    const done = task.getSnapshot();
    expect(states).toContain('paused');
    expect([done.state, done.mode]).toEqual(['done', 'instant']);
    expect(done.result).toEqual(stored);
    task.resume();
    await flushAsync(20);
    expect(h.smh.callsOf('beginUpload')).toHaveLength(2);
    expect(h.smh.callsOf('cancelUpload')).toHaveLength(0);
  });

  it('refuses a threshold that is not a number of bytes', () => {
    const h = harness();
    for (const bad of [-1, Number.NaN, '1' as unknown as number]) {
      expect(() => h.upload({ instantUploadThreshold: bad })).toThrow(/instantUploadThreshold/);
    }
  });
});
