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
