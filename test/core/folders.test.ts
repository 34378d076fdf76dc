import { describe, expect, it } from 'vitest';
import { UploadError } from '../../src/core/errors';
import { describeError, canRetry } from '../../src/components/errorMessage';
import { createI18n } from '../../src/i18n/createI18n';
import { zhCN } from '../../src/i18n/messages/zh-CN';
import { driveUntil } from './support/fakeClock';
import { harness } from './support/setup';
import { MiB, makeBytes, sameBytes, smhError } from './support/fakeSmh';

describe('createFolders: missing target folders', () => {
  it('creates the parent folder tree on DirectoryNotFound, then begins again once (multipart)', async () => {
    const h = harness({ strictFolders: true });
    const task = h.upload({ path: 'new/deep/folder/video.mp4' });
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(h.smh.callsOf('createFolder').map((call) => call.key)).toEqual(['new/deep/folder']);
    expect(h.smh.callsOf('beginUpload')).toHaveLength(2);
    expect(sameBytes(h.smh.files.get('new/deep/folder/video.mp4'), makeBytes(5 * MiB + 123))).toBe(true);
  });

  it('creates the folder for a simple upload too, and asks SMH with the `ask` strategy (no renamed folder)', async () => {
    const h = harness({ strictFolders: true });
    const task = h.upload({ path: 'a/b/small.bin', file: new File([new Uint8Array(1000)], 'small.bin') });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.optionsOf('createFolder')).toMatchObject({ conflictResolutionStrategy: 'ask' });
    expect(h.smh.callsOf('beginSimpleUpload')).toHaveLength(2);
  });

  it('takes 409 SameNameDirectoryOrFileExists from createFolder as "it exists" and begins again', async () => {
    const h = harness({ strictFolders: true });
    // Another upload made the folder between our begin and our createFolder.
    h.smh.failNext('createFolder', smhError(409, 'SameNameDirectoryOrFileExists'));
    let begins = 0;
    const task = h.upload({
      path: 'raced/video.mp4',
      client: {
        ...h.smh.client,
        beginUpload: async (path, options) => {
          begins += 1;
          if (begins === 2) h.smh.folders.add('raced');
          return h.smh.client.beginUpload(path, options);
        },
      },
    });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.callsOf('createFolder')).toHaveLength(1);
  });

  it('begins again only once: a second DirectoryNotFound fails the task with SMH\'s error', async () => {
    const h = harness({ strictFolders: true });
    const task = h.upload({
      path: 'x/video.mp4',
      // A createFolder that says yes but makes nothing.
      client: { ...h.smh.client, createFolder: async (path) => ({ path: [...path] }) },
    });
    task.start();
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ status: 404, code: 'DirectoryNotFound' });
    expect(h.smh.callsOf('beginUpload')).toHaveLength(2);
  });

  it('a token without create_directory fails with UploadError FolderMissing, clear words and no Retry', async () => {
    const h = harness({ strictFolders: true, canCreateFolders: false });
    const task = h.upload({ path: 'locked/video.mp4' });
    task.start();
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(failed.error).toBeInstanceOf(UploadError);
    expect(failed.error).toMatchObject({ code: 'FolderMissing' });
    expect(failed.error?.message).toMatch(/"locked" does not exist.*may not create it.*NoPermission.*create_directory/);
    expect(h.smh.callsOf('beginUpload')).toHaveLength(1);
    expect(h.smh.attempts).toHaveLength(0);
    expect(canRetry(failed.error)).toBe(false);
    expect(describeError(failed.error).message).toMatch(/does not exist, and this access may not create it/);
    expect(describeError(failed.error, createI18n('zh-CN', zhCN)).message).toMatch(/目标文件夹不存在，且当前访问权限无法创建它/);
  });

  it('with createFolders: false, a missing folder fails FolderMissing without calling createFolder', async () => {
    const h = harness({ strictFolders: true });
    const task = h.upload({ path: 'nope/video.mp4', createFolders: false });
    task.start();
    const failed = await h.run(task);
    expect(failed.error).toMatchObject({ code: 'FolderMissing' });
    expect(failed.error?.message).toMatch(/createFolders is off/);
    expect(h.smh.callsOf('createFolder')).toHaveLength(0);
  });

  it('retries a createFolder that met a 503, through the one retry policy', async () => {
    const h = harness({ strictFolders: true });
    h.smh.failNext('createFolder', smhError(503, 'ServerOverloaded'));
    const task = h.upload({ path: 'busy/video.mp4' });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.callsOf('createFolder')).toHaveLength(2);
  });
});

const small = (name: string) => new File([new Uint8Array(100)], name);

describe('createFolders: once per folder for a batch', () => {
  it('tasks under the same missing folder started together share one createFolder call', async () => {
    const h = harness({ strictFolders: true });
    const paths = ['batch/a/1.txt', 'batch/a/2.txt', 'batch/a/3.txt', 'batch/b/1.txt', 'batch/b/2.txt', 'batch/a/deep/1.txt'];
    const tasks = paths.map((path) => h.upload({ path, file: small(path.split('/').at(-1)!) }));
    for (const task of tasks) task.start();
    await driveUntil(h.clock, () => tasks.every((task) => task.getSnapshot().state === 'done'));
    const created = h.smh.callsOf('createFolder').map((call) => call.key);
    // Each folder at most once; `batch/a/deep` makes `batch/a` too, so one of those two may be all.
    expect(new Set(created).size).toBe(created.length);
    expect(created.length).toBeLessThanOrEqual(3);
    expect(created).toContain('batch/b');
    for (const path of paths) expect(h.smh.files.has(path)).toBe(true);
  });

  it('a folder deleted after it was made is made again for a later upload', async () => {
    const h = harness({ strictFolders: true });
    const first = h.upload({ path: 'again/1.txt', file: small('1.txt') });
    first.start();
    expect((await h.run(first)).state).toBe('done');
    h.smh.folders.delete('again');
    const second = h.upload({ path: 'again/2.txt', file: small('2.txt') });
    second.start();
    expect((await h.run(second)).state).toBe('done');
    expect(h.smh.callsOf('createFolder').map((call) => call.key)).toEqual(['again', 'again']);
  });

  it('a failed creation is not kept: the next task asks again', async () => {
    const h = harness({ strictFolders: true, canCreateFolders: false });
    const first = h.upload({ path: 'locked/1.txt', file: small('1.txt') });
    first.start();
    expect((await h.run(first)).error).toMatchObject({ code: 'FolderMissing' });
    const second = h.upload({ path: 'locked/2.txt', file: small('2.txt') });
    second.start();
    expect((await h.run(second)).error).toMatchObject({ code: 'FolderMissing' });
    expect(h.smh.callsOf('createFolder')).toHaveLength(2);
  });
});
