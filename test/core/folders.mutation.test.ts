import { describe, expect, it } from 'vitest';
import type { SmhPath } from '../../src/api/types';
import { UploadError } from '../../src/core/errors';
import { driveUntil } from './support/fakeClock';
import { harness } from './support/setup';
import { smhError } from './support/fakeSmh';

const small = (name: string) => new File([new Uint8Array(100)], name);
const joined = (path: SmhPath) => (typeof path === 'string' ? path : path.join('/'));

describe('createFolders: why a missing folder was not created', () => {
  it('a target in the root that SMH calls DirectoryNotFound fails FolderMissing saying so, with SMH\'s error as cause', async () => {
    const h = harness();
    const missing = smhError(404, 'DirectoryNotFound');
    const task = h.upload({
      path: 'top.txt',
      file: small('top.txt'),
      client: { ...h.smh.client, beginSimpleUpload: () => Promise.reject(missing) },
    });
    task.start();
    const failed = await h.run(task);
    expect(failed.error).toBeInstanceOf(UploadError);
    expect(failed.error).toMatchObject({ code: 'FolderMissing', cause: missing });
    expect(failed.error?.message).toBe('The folder "" does not exist, and it was not created (the target is in the root).');
    expect(h.smh.callsOf('createFolder')).toHaveLength(0);
  });

  it('a client without createFolder fails FolderMissing saying the client cannot create folders', async () => {
    const h = harness({ strictFolders: true });
    const task = h.upload({ path: 'gone/a.txt', file: small('a.txt'), client: { ...h.smh.client, createFolder: undefined } });
    task.start();
    const failed = await h.run(task);
    expect(failed.error).toMatchObject({ code: 'FolderMissing' });
    expect(failed.error?.message).toBe('The folder "gone" does not exist, and it was not created (this client cannot create folders).');
    expect((failed.error as UploadError).cause).toMatchObject({ status: 404, code: 'DirectoryNotFound' });
  });
});

describe('createFolders: a begin that raced a creation', () => {
  it('a begin sent before another task made the folder begins again without asking for the folder a second time', async () => {
    const h = harness({ strictFolders: true });
    let firstDone!: () => void;
    const firstFinished = new Promise<void>((resolve) => (firstDone = resolve));
    let heldOnce = false;
    const client = {
      ...h.smh.client,
      // The second task's first begin reaches SMH before the folder exists, but its 404 comes back
      // only after the first task has made the folder and finished.
      beginSimpleUpload: async (path: SmhPath, options?: Parameters<typeof h.smh.client.beginSimpleUpload>[1]) => {
        const reply = h.smh.client.beginSimpleUpload(path, options);
        if (joined(path) === 'race/b.txt' && !heldOnce) {
          heldOnce = true;
          await reply.catch(() => undefined);
          await firstFinished;
        }
        return reply;
      },
    };
    const first = h.upload({ path: 'race/a.txt', file: small('a.txt'), client });
    const second = h.upload({ path: 'race/b.txt', file: small('b.txt'), client });
    first.start();
    second.start();
    await driveUntil(h.clock, () => first.getSnapshot().state === 'done');
    firstDone();
    await driveUntil(h.clock, () => second.getSnapshot().state === 'done');
    expect(h.smh.callsOf('createFolder').map((call) => call.key)).toEqual(['race']);
    expect(h.smh.files.has('race/b.txt')).toBe(true);
  });
});
