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

  it('refuses a bad partSize at once, even for a file small enough to go in one PUT', () => {
    const h = harness();
    expect(() => h.upload({ file: makeFile(10), partSize: 100 })).toThrow(/partSize must be a whole number of bytes .* got 100\./);
  });

  it('names localCreationTime when it is not a time, or an invalid Date', () => {
    const h = harness();
    expect(() => h.upload({ localCreationTime: 'yesterday' })).toThrow(/^localCreationTime must be/);
    expect(() => h.upload({ localCreationTime: new Date(Number.NaN) })).toThrow(
      /^localCreationTime must be a valid Date, a number of ms since 1970 or an ISO 8601 string; got Invalid Date\.$/,
    );
  });

  it('tries instant upload by default for a file past instantUploadThreshold', async () => {
    const h = harness();
    const task = h.upload({ instantUpload: undefined, instantUploadThreshold: MiB, file: makeFile(3 * MiB) });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.optionsOf('beginUpload').beginningHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('asks SMH to rename on a name clash when no conflictResolutionStrategy is given', async () => {
    const h = harness();
    h.smh.addFile('docs/video.mp4');
    const task = h.upload({ conflictResolutionStrategy: undefined });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.optionsOf('beginUpload').conflictResolutionStrategy).toBe('rename');
    expect(h.smh.optionsOf('confirmUpload').conflictResolutionStrategy).toBe('rename');
  });
});
