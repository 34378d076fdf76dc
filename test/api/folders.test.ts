// The folder and file calls: exact wire format (method, route, query keys) and tolerant replies.
import { describe, expect, it } from 'vitest';
import { createSmhClient } from '../../src/api/client';
import { SmhResponseError } from '../../src/api/errors';
import { makeSmhErrorBody } from '../fixtures/smh';
import { createFakeFetch } from './fakeFetch';

const BASE = 'https://smhxxxx.api.tencentsmh.cn';
const TOKEN = 'acctk-0123456789abcdef-secret';

function setup() {
  const fake = createFakeFetch();
  const client = createSmhClient({ baseUrl: BASE, libraryId: 'smhxxxx', accessToken: TOKEN, userId: 'u1', fetch: fake.fetch });
  return { fake, client };
}

function queryKeys(rawUrl: string): string[] {
  const query = rawUrl.split('?')[1] ?? '';
  return query.split('&').map((pair) => decodeURIComponent(pair.split('=')[0] ?? ''));
}

describe('createFolder', () => {
  it('PUTs /api/v1/directory/{LibraryId}/{SpaceId}/{DirPath}?conflict_resolution_strategy=ask with no body', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 201 });
    await expect(client.createFolder('photos/2026 trip')).resolves.toEqual({ path: ['photos', '2026 trip'] });
    const [request] = fake.requests;
    expect(request?.method).toBe('PUT');
    expect(request?.url.pathname).toBe('/api/v1/directory/smhxxxx/-/photos/2026%20trip');
    expect(queryKeys(request!.rawUrl)).toEqual(['conflict_resolution_strategy', 'access_token', 'user_id']);
    expect(request?.url.searchParams.get('conflict_resolution_strategy')).toBe('ask');
    expect(request?.body).toBeUndefined();
  });

  it('returns the renamed path SMH chose with rename', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 201, body: { path: ['photos', 'trip (1)'], creationTime: '2026-01-01T00:00:00Z', somethingNew: 1 } });
    await expect(client.createFolder(['photos', 'trip'], { conflictResolutionStrategy: 'rename' })).resolves.toEqual({
      path: ['photos', 'trip (1)'],
      creationTime: '2026-01-01T00:00:00Z',
    });
    expect(fake.requests[0]?.url.searchParams.get('conflict_resolution_strategy')).toBe('rename');
  });

  it('passes on 409 SameNameDirectoryOrFileExists as SmhApiError, and refuses overwrite before any request', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 409, body: makeSmhErrorBody('SameNameDirectoryOrFileExists') });
    await expect(client.createFolder('photos')).rejects.toMatchObject({ name: 'SmhApiError', status: 409, code: 'SameNameDirectoryOrFileExists' });
    await expect(client.createFolder('photos', { conflictResolutionStrategy: 'overwrite' as never })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(client.createFolder('')).rejects.toMatchObject({ code: 'InvalidPath' });
    expect(fake.requests).toHaveLength(1);
  });
});

describe('listFolder', () => {
  it('GETs /api/v1/directory/…?by-marker=1&marker=&limit= and reads nextMarker as a string', async () => {
    const { fake, client } = setup();
    fake.reply({
      status: 200,
      body: {
        path: ['photos'],
        nextMarker: 1013,
        fileCount: 1,
        subDirCount: 1,
        totalNum: '2',
        localSync: { syncId: 4 },
        contents: [
          { name: 'sub', type: 'dir', creationTime: '2026-01-01T00:00:00Z', authorityList: {} },
          { name: 'a.jpg', type: 'image', size: 12, metaData: { 'x-smh-meta-a': 'b' }, versionId: 2 },
        ],
      },
    });
    const page = await client.listFolder('photos', { limit: 50, marker: '1000' });
    expect(page).toEqual({
      path: ['photos'],
      nextMarker: '1013',
      fileCount: 1,
      subDirCount: 1,
      totalNum: 2,
      contents: [
        { name: 'sub', type: 'dir', creationTime: '2026-01-01T00:00:00Z' },
        { name: 'a.jpg', type: 'image', size: '12', metaData: { 'x-smh-meta-a': 'b' } },
      ],
    });
    const [request] = fake.requests;
    expect(request?.method).toBe('GET');
    expect(request?.url.pathname).toBe('/api/v1/directory/smhxxxx/-/photos');
    expect(queryKeys(request!.rawUrl)).toEqual(['by-marker', 'marker', 'limit', 'access_token', 'user_id']);
    expect(request?.rawUrl).toContain('?by-marker=1&marker=1000&limit=50&');
  });

  it('lists the root with an empty path and takes a reply without contents as an empty folder', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 200, body: { path: [] } }, { status: 200, body: {} });
    await expect(client.listFolder('')).resolves.toEqual({ path: [], contents: [] });
    await expect(client.listFolder([])).resolves.toEqual({ contents: [] });
    expect(fake.requests[0]?.url.pathname).toBe('/api/v1/directory/smhxxxx/-/');
    expect(fake.requests[1]?.url.pathname).toBe('/api/v1/directory/smhxxxx/-/');
  });

  it('names an entry without a name, and refuses a bad limit or marker before any request', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 200, body: { contents: [{ type: 'file' }] } });
    const error = await client.listFolder('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmhResponseError);
    expect((error as SmhResponseError).field).toBe('contents.0.name');
    await expect(client.listFolder('x', { limit: 0 })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(client.listFolder('x', { marker: '' })).rejects.toMatchObject({ code: 'InvalidArgument' });
    expect(fake.requests).toHaveLength(1);
  });
});

describe('getFileInfo and deleteFile', () => {
  it('GETs /api/v1/file/…?info and reads the fields it knows', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 200, body: { type: 'video', size: '2097152', crc64: '123', eTag: '"e"', versionId: 1, labels: ['a'], unknown: true } });
    await expect(client.getFileInfo(['videos', 'a b.mp4'])).resolves.toEqual({
      type: 'video',
      size: '2097152',
      crc64: '123',
      eTag: '"e"',
      versionId: 1,
      labels: ['a'],
    });
    const [request] = fake.requests;
    expect(request?.method).toBe('GET');
    expect(request?.url.pathname).toBe('/api/v1/file/smhxxxx/-/videos/a%20b.mp4');
    expect(queryKeys(request!.rawUrl)).toEqual(['info', 'access_token', 'user_id']);
  });

  it('DELETEs /api/v1/file/… (permanent=1 when asked), reading 204 as {} and 200 as the recycle-bin item', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 204 }, { status: 200, body: { recycledItemId: 123 } });
    await expect(client.deleteFile('a.txt')).resolves.toEqual({});
    await expect(client.deleteFile('a.txt', { permanent: true })).resolves.toEqual({ recycledItemId: 123 });
    expect(fake.requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE']);
    expect(fake.requests[0]?.url.pathname).toBe('/api/v1/file/smhxxxx/-/a.txt');
    expect(queryKeys(fake.requests[0]!.rawUrl)).toEqual(['access_token', 'user_id']);
    expect(fake.requests[1]?.url.searchParams.get('permanent')).toBe('1');
  });
});

describe('what a folder or file call tells its caller', () => {
  it('lists the folder an array path names, not the root', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 200, body: {} });
    await client.listFolder(['photos', '2026 trip']);
    expect(fake.requests[0]?.url.pathname).toBe('/api/v1/directory/smhxxxx/-/photos/2026%20trip');
  });

  it('lists the root for "/" too, as SMH writes paths', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 200, body: {} });
    await expect(client.listFolder('/')).resolves.toEqual({ contents: [] });
    expect(fake.requests[0]?.url.pathname).toBe('/api/v1/directory/smhxxxx/-/');
  });

  it('names the call that failed, with SMH’s status, code and request id', async () => {
    const { fake, client } = setup();
    const refusal = { status: 404, body: makeSmhErrorBody('FileNotFound', 'no such file', 'req-7') };
    fake.reply(refusal, refusal, refusal, refusal);
    const failures = await Promise.all([
      client.createFolder('a').catch((e: Error) => e.message),
      client.listFolder('a').catch((e: Error) => e.message),
      client.getFileInfo('a.txt').catch((e: Error) => e.message),
      client.deleteFile('a.txt').catch((e: Error) => e.message),
    ]);
    const calls = ['PUT create folder', 'GET list folder', 'GET file info', 'DELETE delete file'];
    failures.forEach((message, i) => {
      expect(message).toContain(`404 FileNotFound for ${calls[i]}:`);
      expect(message).toContain('req-7');
    });
  });

  it('takes a body of only whitespace as no body (201 create-folder, 200 delete)', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 201, body: ' \n' }, { status: 200, body: '\r\n' });
    await expect(client.createFolder('photos')).resolves.toEqual({ path: ['photos'] });
    await expect(client.deleteFile('a.txt')).resolves.toEqual({});
  });

  it('says which strategies a folder takes, and which marker listing wants, naming the value given', async () => {
    const { fake, client } = setup();
    const strategy = await client.createFolder('a', { conflictResolutionStrategy: 'overwrite' as never }).catch((e: Error) => e);
    expect(strategy).toMatchObject({ code: 'InvalidArgument' });
    expect((strategy as Error).message).toMatch(/"ask" or "rename".*"overwrite"/);
    // A number (SMH's own nextMarker type before this library turned it into a string) is refused too.
    for (const marker of [1013, '']) {
      const error = await client.listFolder('a', { marker: marker as never }).catch((e: Error) => e);
      expect(error).toMatchObject({ code: 'InvalidArgument' });
      expect((error as Error).message).toContain(`nextMarker (a non-empty string); got ${JSON.stringify(marker)}`);
    }
    expect(fake.requests).toHaveLength(0);
  });
});
