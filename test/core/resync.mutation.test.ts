// Resuming with a file that cannot fit the task's part size: a typed FileMismatch, nothing sent.
import { describe, expect, it } from 'vitest';
import { harness } from './support/setup';
import { MiB } from './support/fakeSmh';

describe('resuming a task with a file its part size cannot cut', () => {
  it('fails with FileMismatch before any part is sent', async () => {
    const h = harness();
    await h.smh.client.beginUpload('docs/huge.bin', { size: 20 * 1024 * MiB });
    // 20 GiB in 1 MiB parts is more than COS's 10,000: not the file this task was started with.
    const huge = { size: 20 * 1024 * MiB, type: '', slice: () => new Blob() } as unknown as Blob;
    const task = h.resume({ confirmKey: 'confirm-1', partSize: MiB, file: huge });
    task.start();
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'FileMismatch' });
    expect(failed.error?.message).toMatch(/cannot be cut into the task's 1048576-byte parts/);
    expect(h.smh.attempts).toHaveLength(0);
  });
});
