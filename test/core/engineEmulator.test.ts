// The engine against the real emulator, strict as SMH is: a missing parent folder is 404
// DirectoryNotFound at begin, so the engine must make it (or say clearly why it cannot); and COS's
// Content-MD5 check and x-cos-hash-crc64ecma reply, as the engine's integrity options use them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmhClient } from '../../src/api/client';
import { UploadError } from '../../src/core/errors';
import { createFetchTransport } from '../../src/core/transport';
import type { UploadOptions } from '../../src/core/types';
import { createUpload } from '../../src/core/uploadTask';
import { call, getToken, startTestEmulator, type TestEmulator } from '../emulator/helpers';
import { MiB, makeBytes } from './support/fakeSmh';

let kit: TestEmulator;
beforeEach(async () => {
  kit = await startTestEmulator();
});
afterEach(async () => {
  await kit.cleanup();
});

function upload(token: string, path: string, options: Partial<UploadOptions> = {}) {
  const client = createSmhClient({ baseUrl: kit.emu.url, libraryId: kit.emu.libraryId, accessToken: token });
  const bytes = makeBytes(2 * MiB + 17, 9);
  const task = createUpload({
    client,
    file: new Blob([bytes as Uint8Array<ArrayBuffer>]),
    name: 'x.bin',
    path,
    transport: createFetchTransport(),
    allowInsecureHttp: true,
    instantUpload: false,
    partSize: MiB,
    simpleUploadThreshold: MiB,
    locks: null,
    ...options,
  });
  task.start();
  return { task, bytes, client };
}

describe('createFolders against the strict emulator', () => {
  it('uploads into new/deep/folder/x.bin by creating the folder tree first', async () => {
    expect((await call(`${kit.emu.url}/__emulator/info`)).json.createParentDirectories).toBe(false);
    const token = await getToken(kit.emu, 'admin');
    const { task, bytes, client } = upload(token, 'new/deep/folder/x.bin');
    const done = await task.settled;
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('done');
    expect(done.finalPath).toEqual(['new', 'deep', 'folder', 'x.bin']);
    const info = await client.getFileInfo('new/deep/folder/x.bin');
    expect(Number(info.size)).toBe(bytes.length);
    const listed = await client.listFolder('new/deep');
    expect(listed.contents.map((entry) => [entry.name, entry.type])).toEqual([['folder', 'dir']]);
  });

  it('a token without create_directory fails FolderMissing naming the grants, and sends no bytes', async () => {
    const token = await getToken(kit.emu, 'upload_file');
    const { task } = upload(token, 'new/deep/folder/x.bin');
    const failed = await task.settled;
    expect(failed.state).toBe('failed');
    expect(failed.error).toBeInstanceOf(UploadError);
    expect(failed.error).toMatchObject({ code: 'FolderMissing' });
    expect(failed.error?.message).toMatch(/"new\/deep\/folder" does not exist.*NoPermission.*create_directory/);
    expect(failed.confirmedBytes).toBe(0);
  });
});

describe('integrity against the emulator', () => {
  it('integrityCheck and crc64: every part goes with Content-MD5, its CRC-64 is compared, and the file is stored', async () => {
    const token = await getToken(kit.emu, 'admin');
    const { task, bytes, client } = upload(token, 'checked/x.bin', { integrityCheck: true, crc64: true });
    const done = await task.settled;
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('done');
    expect(done.crc64Unchecked).toBeUndefined();
    expect(done.parts.map((part) => part.attempts)).toEqual([1, 1, 1]);
    expect(Number((await client.getFileInfo('checked/x.bin')).size)).toBe(bytes.length);
  });
});
