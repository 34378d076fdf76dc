import { afterEach, describe, expect, it, vi } from 'vitest';
import { Integrity, warnCrcHeaderMissing } from '../../src/core/engine/integrity';
import { harness } from './support/setup';
import { MiB, countingReads, makeFile } from './support/fakeSmh';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the console warning for an unreadable x-cos-hash-crc64ecma', () => {
  it('says what is not checked, what still is, and which CORS setting to change, once per client', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const client = {};
    warnCrcHeaderMissing(client);
    warnCrcHeaderMissing(client);
    expect(warn.mock.calls).toEqual([
      [
        'react-smh-upload: crc64 is on, but COS part replies carry no readable x-cos-hash-crc64ecma header, so each ' +
          "part's CRC-64 is not compared (the whole file's CRC-64 is still checked at confirm). Add " +
          "x-cos-hash-crc64ecma (beside ETag) to the bucket's CORS rule ExposeHeaders.",
      ],
    ]);
  });
});

describe('Integrity.crcOf', () => {
  it('has no CRC-64 for a part that was never read', () => {
    expect(new Integrity(new Blob(['abc'])).crcOf(1)).toBeUndefined();
  });
});

describe('resuming with integrityCheck and crc64 when one stored part differs from the file', () => {
  it('reads each kept part once: sending the differing part again does not make confirm read the others again', async () => {
    const h = harness();
    const { file, readsAt } = countingReads(makeFile(5 * MiB + 123));
    const first = h.upload({ file, concurrency: 1, maxConcurrency: 1 });
    first.start();
    await h.run(first, (snapshot) => snapshot.storedBytes >= 2 * MiB);
    first.pause();
    const confirmKey = first.getSnapshot().confirmKey as string;
    h.smh.corruptPart(confirmKey, 2);
    const before = readsAt(0);
    const task = h.resume({ confirmKey, file, integrityCheck: true, crc64: true });
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.parts[1]?.attempts).toBeGreaterThan(0);
    // Part 1 is verified against its ETag (one read for its MD5 and CRC-64), and never read again.
    expect(readsAt(0) - before).toBe(1);
  });
});
