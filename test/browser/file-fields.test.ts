// SMH's per-file fields end to end in real Chromium against the emulator: createUpload with labels,
// category and local times (the modification time from the File), then read back through SMH's
// file info and folder listing, as a portal would show them.
import { expect, inject, test } from 'vitest';
import { createSmhClient } from '../../src/api/client';
import { createUpload } from '../../src/core';

const emu = inject('emulator');
const MiB = 1024 * 1024;

async function token(): Promise<string> {
  const query = new URLSearchParams({ library_id: emu.libraryId, library_secret: emu.librarySecret, grant: 'admin' });
  const response = await fetch(`${emu.url}/api/v1/token?${query.toString()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** What SMH returns for a file uploaded below with `category`. */
const expected = (category: string) => ({
  labels: ['claim-7', '照片'],
  category,
  localCreationTime: '2024-05-01T08:00:00.000Z',
  localModificationTime: '2024-05-02T09:30:00.000Z',
  metaData: { 'x-smh-meta-claim-id': 'C-7' },
});

test('labels, category and times set at upload come back in file info and the listing, for a simple and a multipart upload', async () => {
  const client = createSmhClient({ baseUrl: emu.url, libraryId: emu.libraryId, accessToken: await token() });
  const folder = `fields-${Date.now()}`;
  const lastModified = Date.UTC(2024, 4, 2, 9, 30);
  const files = [
    new File([new Uint8Array(1000)], 'small.jpg', { type: 'image/jpeg', lastModified }),
    new File([new Uint8Array(3 * MiB)], 'large.mp4', { type: 'video/mp4', lastModified }),
  ];
  for (const file of files) {
    const task = createUpload({
      client,
      file,
      path: `${folder}/${file.name}`,
      labels: ['claim-7', '照片'],
      category: file.type.startsWith('image/') ? 'photo' : 'video',
      localCreationTime: new Date(Date.UTC(2024, 4, 1, 8)),
      meta: { 'claim-id': 'C-7' },
      simpleUploadThreshold: MiB,
      partSize: MiB,
      store: null,
      locks: null,
      // The emulator's COS side is plain http on 127.0.0.1.
      allowInsecureHttp: true,
    });
    task.start();
    const end = await task.settled;
    expect(end.error).toBeUndefined();
    expect([end.state, end.mode]).toEqual(['done', file.size < MiB ? 'simple' : 'multipart']);
  }

  expect(await client.getFileInfo(`${folder}/small.jpg`)).toMatchObject(expected('photo'));
  expect(await client.getFileInfo(`${folder}/large.mp4`)).toMatchObject(expected('video'));
  const page = await client.listFolder(folder);
  expect(page.contents.map(({ name, labels, category, localModificationTime }) => ({ name, labels, category, localModificationTime }))).toEqual([
    { name: 'large.mp4', labels: ['claim-7', '照片'], category: 'video', localModificationTime: '2024-05-02T09:30:00.000Z' },
    { name: 'small.jpg', labels: ['claim-7', '照片'], category: 'photo', localModificationTime: '2024-05-02T09:30:00.000Z' },
  ]);
});
