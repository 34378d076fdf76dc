// createUpload checks its options before anything is sent: bad input is a TypeError that names the
// option, good edge values (0 bytes, a huge Blob-like) go through or fail as documented.
import { describe, expect, it } from 'vitest';
import { harness } from './support/setup';
import { MiB, makeFile } from './support/fakeSmh';

const GiB = 1024 * MiB;

describe('createUpload options', () => {
  it('refuses a negative or non-number renewBeforeMs, and takes 0', () => {
    const h = harness();
    expect(() => h.upload({ renewBeforeMs: -1 })).toThrow(/renewBeforeMs must be a number of milliseconds ≥ 0, got -1/);
    expect(() => h.upload({ renewBeforeMs: '5' as unknown as number })).toThrow(TypeError);
    expect(() => h.upload({ renewBeforeMs: 0 })).not.toThrow();
  });

  it('refuses a negative, NaN or non-number simpleUploadThreshold, and takes 0 (every file multipart)', () => {
    const h = harness();
    expect(() => h.upload({ simpleUploadThreshold: -1 })).toThrow(/simpleUploadThreshold must be a number of bytes ≥ 0, got -1/);
    expect(() => h.upload({ simpleUploadThreshold: Number.NaN })).toThrow(/simpleUploadThreshold/);
    expect(() => h.upload({ simpleUploadThreshold: '5' as unknown as number })).toThrow(/got 5\./);
    const task = h.upload({ simpleUploadThreshold: 0, file: makeFile(10) });
    expect(task.getSnapshot().parts).toHaveLength(1);
  });

  it('names localModificationTime when it is not a time', () => {
    const h = harness();
    expect(() => h.upload({ localModificationTime: 'yesterday' })).toThrow(/localModificationTime/);
  });

  it('refuses at once a partSize that cuts the file into more than 10,000 parts', () => {
    const h = harness();
    // A Blob-like of 20 GiB: nothing is read before the plan is laid out.
    const huge = { size: 20 * GiB, type: '', slice: () => new Blob() } as unknown as Blob;
    expect(() => h.upload({ file: huge, partSize: MiB })).toThrow(/COS allows 10000/);
  });
});
