import { afterEach, describe, expect, it, vi } from 'vitest';
import { Integrity, warnCrcHeaderMissing } from '../../src/core/engine/integrity';

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
