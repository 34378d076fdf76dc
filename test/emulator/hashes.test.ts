import { describe, expect, it } from 'vitest';
import { crc64 } from '../../emulator/src/crc64.js';
import { ObjectHasher, multipartETag } from '../../emulator/src/hashes.js';
import { bytesOf, crc64Decimal, instantHashes, md5, MiB } from './helpers.js';

describe('emulator hashing', () => {
  it('computes CRC-64/XZ: the catalogue check value for "123456789"', () => {
    expect(crc64(Buffer.from('123456789'))).toBe(BigInt('0x995DC9BBDF1939FA').toString());
    expect(crc64(new Uint8Array(0))).toBe('0');
  });

  it('agrees with hash-wasm on odd lengths and across chunk boundaries', async () => {
    for (const size of [1, 7, 8, 9, 63, 1000, 65_537]) {
      const data = bytesOf(size, size);
      const whole = crc64(data);
      expect(whole).toBe(await crc64Decimal(data));
      const hasher = new ObjectHasher();
      hasher.update(data.subarray(0, 3));
      hasher.update(data.subarray(3));
      expect(hasher.digest().crc64).toBe(whole);
    }
  });

  it('chains SHA-256 over 1 MiB blocks for instant upload, whatever the chunking', () => {
    const data = bytesOf(2 * MiB + 12345, 9);
    const hasher = new ObjectHasher();
    for (let off = 0; off < data.length; off += 300_001) hasher.update(data.subarray(off, off + 300_001));
    const digest = hasher.digest();
    expect({ beginningHash: digest.beginningHash, fullHash: digest.fullHash }).toEqual(instantHashes(data));
    const small = bytesOf(1000, 3);
    const s = new ObjectHasher();
    s.update(small);
    expect(s.digest().beginningHash).toBe(instantHashes(small).fullHash);
  });

  it('builds the COS multipart ETag from the parts\' MD5s', () => {
    const a = bytesOf(10, 1);
    const b = bytesOf(20, 2);
    const expected = md5(Buffer.concat([Buffer.from(md5(a), 'hex'), Buffer.from(md5(b), 'hex')]));
    expect(multipartETag([md5(a), md5(b)])).toBe(`"${expected}-2"`);
  });
});
