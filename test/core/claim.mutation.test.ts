// The resume record a task keeps in the store: dropped when the task cannot go on, written again
// when a later run of the same task can.
import { describe, expect, it } from 'vitest';
import { harness } from './support/setup';
import { MiB } from './support/fakeSmh';

describe('the resume record', () => {
  it('dropped when a folder on the path was gone, is written again when a retry finds the folder restored', async () => {
    const h = harness();
    const first = h.upload({ concurrency: 1, maxConcurrency: 1 });
    first.start();
    await h.run(first, (s) => s.storedBytes >= MiB);
    first.pause();
    const confirmKey = first.getSnapshot().confirmKey as string;
    expect(await h.store.get(confirmKey)).toBeDefined();

    h.smh.deletePath(confirmKey);
    const task = h.resume({ confirmKey });
    task.start();
    expect((await h.run(task)).error).toMatchObject({ code: 'PathDeleted' });
    expect(await h.store.get(confirmKey)).toBeUndefined();

    // Restored from the recycle bin: the retry goes on, and a reload could resume it again.
    h.smh.tasks.get(confirmKey)!.pathDeleted = false;
    task.start();
    await h.run(task, (s) => s.state === 'uploading');
    task.pause();
    expect(await h.store.get(confirmKey)).toMatchObject({ confirmKey, path: ['docs', 'video.mp4'] });
  });
});
