// Confirm's edges: a cancel racing a confirm when SMH refuses the cancel and the file is not stored,
// and a pause while SMH is asked whether a confirm whose reply was lost went through.
import { describe, expect, it } from 'vitest';
import { harness } from './support/setup';
import { smhError } from './support/fakeSmh';

describe('cancel during a confirm', () => {
  it('ends cancelled when SMH refuses the cancel but has not stored the file', async () => {
    const h = harness();
    const task = h.upload({
      client: { ...h.smh.client, confirmUpload: () => new Promise(() => {}) },
    });
    task.start();
    await h.run(task, (s) => s.state === 'confirming');
    h.smh.failNext('cancelUpload', smhError(500, 'InternalError'));
    await task.cancel();
    expect(task.getSnapshot().state).toBe('cancelled');
    expect(task.getSnapshot().finalPath).toBeUndefined();
    // SMH was asked once whether the file was stored; it was not.
    expect(h.smh.callsOf('getUploadStatus')).toHaveLength(1);
  });
});

describe('a confirm SMH answers with UploadComplete', () => {
  it('stops asking SMH whether the file was stored when the task is paused meanwhile', async () => {
    const h = harness();
    let asked: AbortSignal | undefined;
    const task = h.upload({
      client: {
        ...h.smh.client,
        getUploadStatus: (_key, options) => {
          asked = options?.signal;
          return new Promise(() => {});
        },
      },
    });
    h.smh.failNext('confirmUpload', smhError(409, 'UploadComplete'));
    task.start();
    await h.run(task, () => asked !== undefined);
    expect(asked?.aborted).toBe(false);
    task.pause();
    expect(asked?.aborted).toBe(true);
    expect(task.getSnapshot().state).toBe('paused');
  });
});
