// Confirm's edges: a cancel racing a confirm when SMH refuses the cancel (the file stored or not),
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

  it('never shows the task cancelled when SMH stored the file, even if the confirm failed meanwhile', async () => {
    const h = harness();
    let releaseConfirm: (() => void) | undefined;
    let releaseCancel: (() => void) | undefined;
    const task = h.upload({
      client: {
        ...h.smh.client,
        // SMH stores the file, but the reply the page gets is an error.
        confirmUpload: async (key, options) => {
          await h.smh.client.confirmUpload(key, { ...options, signal: undefined });
          await new Promise<void>((resolve) => (releaseConfirm = resolve));
          throw smhError(400, 'InvalidArgument');
        },
        // The cancel reaches SMH only after the confirm's reply came back.
        cancelUpload: async (key, options) => {
          await new Promise<void>((resolve) => (releaseCancel = resolve));
          return h.smh.client.cancelUpload(key, options);
        },
      },
    });
    task.start();
    await h.run(task, (s) => s.state === 'confirming' && releaseConfirm !== undefined);
    const confirmKey = task.getSnapshot().confirmKey as string;
    const cancelling = task.cancel();
    await h.run(task, () => releaseCancel !== undefined);
    releaseConfirm?.();
    expect((await h.run(task, (s) => s.state === 'failed')).error).toMatchObject({ code: 'InvalidArgument' });
    releaseCancel?.();
    await cancelling;
    expect(task.getSnapshot().state).not.toBe('cancelled');
    // The record stays: the task is not forgotten as a cancelled one would be.
    expect(await h.store.get(confirmKey)).toBeDefined();
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
