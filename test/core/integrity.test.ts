import { describe, expect, it } from 'vitest';
import { crc64Of, crc64ToDecimal } from '../../src/core/crc64';
import { DIGEST_SLICE, HASH_STEP, Integrity } from '../../src/core/engine/integrity';
import { createMd5 } from '../../src/core/hashing';
import { MiB, makeBytes } from './support/fakeSmh';

/** A Blob whose reads (`slice().arrayBuffer()`) are recorded by size. */
function recordingBlob(bytes: Uint8Array, reads: number[], offset = 0, end = bytes.length): Blob {
  const view = bytes.subarray(offset, end);
  return {
    size: view.length,
    type: '',
    slice: (start = 0, stop = view.length) => recordingBlob(bytes, reads, offset + start, offset + Math.min(stop, view.length)),
    arrayBuffer: async () => {
      reads.push(view.length);
      return view.slice().buffer;
    },
  } as unknown as Blob;
}

describe('part digests', () => {
  it('hash a part in bounded slices, never reading the whole part at once, with the same MD5 and CRC-64', async () => {
    const bytes = makeBytes(10 * MiB + 5);
    const reads: number[] = [];
    const integrity = new Integrity(recordingBlob(bytes, reads));
    const part = { number: 1, offset: 0, size: bytes.length };
    const digest = await integrity.digest(part, { md5: true, crc: true });
    expect(reads.length).toBeGreaterThan(1);
    expect(Math.max(...reads)).toBeLessThanOrEqual(DIGEST_SLICE);
    expect(reads.reduce((a, b) => a + b, 0)).toBe(bytes.length);
    const md5 = await createMd5();
    md5.update(bytes);
    expect(digest.md5).toBe(md5.digest());
    expect(await integrity.fileCrc([part], new AbortController().signal)).toBe(crc64ToDecimal(await crc64Of(bytes)));
  });

  it('stops between slices when the run is stopped', async () => {
    const controller = new AbortController();
    controller.abort();
    const integrity = new Integrity(recordingBlob(makeBytes(2 * MiB), []));
    await expect(integrity.digest({ number: 1, offset: 0, size: 2 * MiB }, { md5: true, crc: false }, controller.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('yields to the event loop after every step of hashing, so no part is hashed in one long task', async () => {
    const bytes = makeBytes(3 * MiB + 7);
    const reads: number[] = [];
    // Bytes read (hence at most hashed) when each yield happens.
    const readAtYield: number[] = [];
    const integrity = new Integrity(recordingBlob(bytes, reads), async () => {
      readAtYield.push(reads.reduce((a, b) => a + b, 0));
    });
    const part = { number: 1, offset: 0, size: bytes.length };
    await integrity.digest(part, { md5: true, crc: true });
    // About 1 ms of MD5 + CRC-64 on a laptop: the budget that keeps every step far from a 50 ms long task.
    expect(HASH_STEP).toBeLessThanOrEqual(256 * 1024);
    expect(HASH_STEP).toBeLessThanOrEqual(DIGEST_SLICE);
    expect(readAtYield).toHaveLength(Math.ceil(bytes.length / HASH_STEP));
    // At least one yield between any two reads: a slice is never hashed in the same task as the next.
    for (let i = 1; i < reads.length; i += 1) {
      const before = reads.slice(0, i).reduce((a, b) => a + b, 0);
      expect(readAtYield).toContain(before);
    }
    // Yielding does not change the digests.
    const md5 = await createMd5();
    md5.update(bytes);
    expect(await integrity.md5Of(part, false)).toBe(md5.digest());
    expect(integrity.crcOf(1)).toBe(crc64ToDecimal(await crc64Of(bytes)));
  });

  it('yields while reading parts kept from an earlier session for the whole-file CRC', async () => {
    let yields = 0;
    const integrity = new Integrity(recordingBlob(makeBytes(2 * MiB), []), async () => {
      yields += 1;
    });
    await integrity.fileCrc([{ number: 1, offset: 0, size: MiB }, { number: 2, offset: MiB, size: MiB }], new AbortController().signal);
    expect(yields).toBe((2 * MiB) / HASH_STEP);
  });

  it('stops between steps when the run is stopped while a slice is being hashed', async () => {
    const controller = new AbortController();
    let yields = 0;
    const integrity = new Integrity(recordingBlob(makeBytes(2 * MiB), []), async () => {
      yields += 1;
      if (yields === 1) controller.abort();
    });
    await expect(integrity.digest({ number: 1, offset: 0, size: 2 * MiB }, { md5: true, crc: true }, controller.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(yields).toBe(1);
    expect(integrity.hasCrc(1)).toBe(false);
  });
});
