import { describe, expect, it } from 'vitest';
import { crc64Of, crc64ToDecimal } from '../../src/core/crc64';
import { DIGEST_SLICE, Integrity } from '../../src/core/engine/integrity';
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
});
