import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HASH_BLOCK, beginningHash, createMd5, fullHash, normalizeEtag } from '../../src/core/hashing';
import { makeBytes } from './support/fakeSmh';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

/** docs/smh-protocol.md §4.8, written out plainly: h1 = SHA256(b1), hk = SHA256(h(k−1) ‖ bk). */
function referenceFullHash(data: Uint8Array): string {
  let previous: Buffer | undefined;
  for (let offset = 0; offset < data.length; offset += HASH_BLOCK) {
    const block = data.subarray(offset, offset + HASH_BLOCK);
    previous = sha256(previous ? Buffer.concat([previous, block]) : block);
  }
  return (previous as Buffer).toString('hex');
}

describe('instant upload hashes', () => {
  it('beginningHash is the SHA-256 of the first 1 MiB', async () => {
    const data = makeBytes(HASH_BLOCK + 500, 2);
    expect(await beginningHash(new Blob([data as Uint8Array<ArrayBuffer>]))).toBe(sha256(data.subarray(0, HASH_BLOCK)).toString('hex'));
  });

  it('fullHash chains SHA-256 over 1 MiB blocks (a file of 9.5 blocks, read in slices)', async () => {
    const data = makeBytes(9 * HASH_BLOCK + HASH_BLOCK / 2, 5);
    const progress: number[] = [];
    const hash = await fullHash(new Blob([data as Uint8Array<ArrayBuffer>]), { onProgress: (bytes) => progress.push(bytes) });
    expect(hash).toBe(referenceFullHash(data));
    expect(progress.at(-1)).toBe(data.length);
    expect(progress.length).toBeGreaterThan(1);
  });

  it('fullHash of exactly 1 MiB equals beginningHash', async () => {
    const blob = new Blob([makeBytes(HASH_BLOCK, 7) as Uint8Array<ArrayBuffer>]);
    expect(await fullHash(blob)).toBe(await beginningHash(blob));
  });

  it('fullHash stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(fullHash(new Blob([makeBytes(10) as Uint8Array<ArrayBuffer>]), { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('MD5 for ETags', () => {
  it('matches COS ETags once quotes are stripped', async () => {
    const data = makeBytes(2000, 1);
    const md5 = await createMd5();
    md5.update(data.subarray(0, 700));
    md5.update(data.subarray(700));
    const expected = createHash('md5').update(data).digest('hex');
    expect(md5.digest()).toBe(expected);
    expect(normalizeEtag(`"${expected.toUpperCase()}"`)).toBe(expected);
    expect(normalizeEtag('""')).toBeUndefined();
  });
});
