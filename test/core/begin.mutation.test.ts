// Beginning an upload with instant upload (秒传) on: what a begin sends once the whole file's hash
// is known.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { harness } from './support/setup';
import { MiB, makeBytes, makeFile, smhError, storedFile } from './support/fakeSmh';

const SIZE = 3 * MiB + 17;
const firstMiB = createHash('sha256').update(makeBytes(SIZE).subarray(0, MiB)).digest('hex');

describe('beginning again after the whole file was hashed', () => {
  it('sends the full hash with the first begin, so SMH is asked once, not twice', async () => {
    const h = harness();
    // SMH holds a file with the same first MiB but other bytes after it: 202, then 201.
    h.smh.instant.push({ beginningHash: firstMiB, fullHash: 'f'.repeat(64), file: storedFile('docs/other.mp4', SIZE) });
    const task = h.upload({ instantUpload: true, instantUploadThreshold: MiB, file: makeFile(SIZE) });
    let refused = false;
    task.subscribe((snapshot) => {
      // The begin that carries the full hash fails for good.
      if (snapshot.state === 'hashing' && !refused) {
        refused = true;
        h.smh.failNext('beginUpload', smhError(400, 'InvalidArgument'));
      }
    });
    task.start();
    expect((await h.run(task)).state).toBe('failed');
    expect(h.smh.callsOf('beginUpload')).toHaveLength(2);

    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.callsOf('beginUpload')).toHaveLength(3);
    expect(h.smh.optionsOf('beginUpload', 2)).toMatchObject({ beginningHash: firstMiB, fullHash: h.smh.optionsOf('beginUpload', 1).fullHash });
  });
});
