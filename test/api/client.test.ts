import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSmhClient } from '../../src/api/client';
import { SmhError, SmhResponseError } from '../../src/api/errors';
import type { SmhClientOptions } from '../../src/api/types';
import { makeConfirmedFile, makeParts, makeUploadInfo, makeUploadTaskStatus, MiB } from '../fixtures/smh';
import { createFakeFetch } from './fakeFetch';

const BASE = 'https://smhxxxx.api.tencentsmh.cn';
const TOKEN = 'acctk-0123456789abcdef-secret';

function setup(overrides: Partial<SmhClientOptions> = {}) {
  const fake = createFakeFetch();
  const client = createSmhClient({ baseUrl: BASE, libraryId: 'smhxxxx', accessToken: TOKEN, fetch: fake.fetch, ...overrides });
  return { fake, client };
}

/** The query string's keys in order, bare keys included. */
function queryKeys(rawUrl: string): string[] {
  const query = rawUrl.split('?')[1] ?? '';
  return query.split('&').map((pair) => decodeURIComponent(pair.split('=')[0] ?? ''));
}

/** The error createSmhClient throws for these options. */
function refusal(options: Partial<SmhClientOptions>): SmhError {
  try {
    createSmhClient({ baseUrl: BASE, libraryId: 'smhxxxx', accessToken: TOKEN, ...options });
  } catch (error) {
    return error as SmhError;
  }
  throw new Error(`${JSON.stringify(options)} was accepted`);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createSmhClient: requests', () => {
  it('begins a multipart upload with POST ?multipart, the documented query keys in order, meta headers and a JSON body with size as a string', async () => {
    const { fake, client } = setup({ userId: 'u123' });
    fake.reply({ status: 201, body: makeUploadInfo() });
    const result = await client.beginUpload('foo/bar/video.mp4', {
      size: 734003200,
      conflictResolutionStrategy: 'rename',
      trafficLimit: 1048576,
      preferSameOrigin: true,
      meta: { project: 'demo' },
      beginningHash: 'ab'.repeat(32),
      labels: ['demo'],
      localCreationTime: '2025-01-01T00:00:00Z',
    });
    expect(result).toEqual({ status: 'created', upload: makeUploadInfo() });
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url.pathname).toBe('/api/v1/file/smhxxxx/-/foo/bar/video.mp4');
    expect(queryKeys(request!.rawUrl)).toEqual([
      'multipart',
      'conflict_resolution_strategy',
      'filesize',
      'traffic_limit',
      'prefer_same_origin',
      'access_token',
      'user_id',
    ]);
    expect(request?.rawUrl).toContain('?multipart&conflict_resolution_strategy=rename&filesize=734003200&traffic_limit=1048576&prefer_same_origin=true&');
    expect(request?.url.searchParams.get('access_token')).toBe(TOKEN);
    expect(request?.url.searchParams.get('user_id')).toBe('u123');
    expect(request?.headers.get('x-smh-meta-project')).toBe('demo');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(request!.body!)).toEqual({
      beginningHash: 'ab'.repeat(32),
      size: '734003200',
      labels: ['demo'],
      localCreationTime: '2025-01-01T00:00:00Z',
    });
  });

  it('begins a simple upload with PUT and no selector key', async () => {
    const { fake, client } = setup();
    const { uploadId: _dropped, ...simple } = makeUploadInfo();
    fake.reply({ status: 201, body: simple });
    const result = await client.beginSimpleUpload(['docs', 'a.txt'], { size: 12 });
    expect(result).toEqual({ status: 'created', upload: simple });
    const [request] = fake.requests;
    expect(request?.method).toBe('PUT');
    expect(request?.url.pathname).toBe('/api/v1/file/smhxxxx/-/docs/a.txt');
    expect(queryKeys(request!.rawUrl)).toEqual(['filesize', 'access_token']);
    expect(JSON.parse(request!.body!)).toEqual({ size: '12' });
  });

  it('sends no body and no Content-Type when no body field is given', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 201, body: makeUploadInfo() });
    await client.beginUpload('a.bin');
    expect(fake.requests[0]?.body).toBeUndefined();
    expect(fake.requests[0]?.headers.has('content-type')).toBe(false);
  });

  it('maps a 202 with an empty body to hashMatched and a 200 to an instant upload', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 202 }, { status: 200, body: { ...makeConfirmedFile(), size: 2 * MiB } });
    await expect(client.beginSimpleUpload('a.bin', { beginningHash: 'aa' })).resolves.toEqual({ status: 'hashMatched' });
    await expect(client.beginSimpleUpload('a.bin', { beginningHash: 'aa', fullHash: 'bb' })).resolves.toEqual({
      status: 'instant',
      file: makeConfirmedFile(),
    });
    expect(JSON.parse(fake.requests[1]!.body!)).toEqual({ beginningHash: 'aa', fullHash: 'bb' });
  });

  it('rejects a multipart 201 without uploadId as a malformed reply', async () => {
    const { fake, client } = setup();
    const { uploadId: _dropped, ...simple } = makeUploadInfo();
    fake.reply({ status: 201, body: simple });
    const error = await client.beginUpload('a.bin').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmhResponseError);
    expect((error as SmhResponseError).field).toBe('uploadId');
  });

  it('renews with POST ?renew and traffic_limit', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 200, body: makeUploadInfo() });
    await expect(client.renewUpload('ck/1', { trafficLimit: 204800 })).resolves.toEqual(makeUploadInfo());
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    // A confirm key is one path segment: its own "/" is escaped.
    expect(request?.rawUrl.startsWith(`${BASE}/api/v1/file/smhxxxx/-/ck%2F1?renew&traffic_limit=204800&access_token=`)).toBe(true);
    expect(request?.body).toBeUndefined();
  });

  it('reads the status with GET ?upload', async () => {
    const { fake, client } = setup({ spaceId: 'space1' });
    fake.reply({ status: 200, body: makeUploadTaskStatus() });
    await expect(client.getUploadStatus('ck1')).resolves.toEqual(makeUploadTaskStatus());
    const [request] = fake.requests;
    expect(request?.method).toBe('GET');
    expect(request?.rawUrl.startsWith(`${BASE}/api/v1/file/smhxxxx/space1/ck1?upload&access_token=`)).toBe(true);
  });

  it('confirms with POST ?confirm&with_inode=1 and a body of only the fields given', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 200, body: makeConfirmedFile() }, { status: 200, body: makeConfirmedFile() });
    await expect(client.confirmUpload('ck1', { crc64: '12345678901234567890' })).resolves.toEqual(makeConfirmedFile());
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(queryKeys(request!.rawUrl)).toEqual(['confirm', 'with_inode', 'access_token']);
    expect(request?.url.searchParams.get('with_inode')).toBe('1');
    expect(JSON.parse(request!.body!)).toEqual({ crc64: '12345678901234567890' });

    await client.confirmUpload('ck1', { conflictResolutionStrategy: 'overwrite' });
    expect(queryKeys(fake.requests[1]!.rawUrl)).toEqual(['confirm', 'conflict_resolution_strategy', 'with_inode', 'access_token']);
    expect(fake.requests[1]?.body).toBeUndefined();

    fake.reply({ status: 200, body: makeConfirmedFile() });
    await client.confirmUpload('ck1', { labels: ['claims'], category: 'doc', localModificationTime: '2025-02-01T00:00:00Z' });
    expect(JSON.parse(fake.requests[2]!.body!)).toEqual({
      labels: ['claims'],
      category: 'doc',
      localModificationTime: '2025-02-01T00:00:00Z',
    });
  });

  it('cancels with DELETE ?upload and accepts the empty 204', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 204 });
    await expect(client.cancelUpload('ck1')).resolves.toBeUndefined();
    expect(fake.requests[0]?.method).toBe('DELETE');
    expect(fake.requests[0]?.rawUrl.startsWith(`${BASE}/api/v1/file/smhxxxx/-/ck1?upload&access_token=`)).toBe(true);
  });

  it('strips a trailing slash from baseUrl and exposes the ids', () => {
    const { client } = setup({ baseUrl: `${BASE}//`, spaceId: 's1' });
    expect(client.baseUrl).toBe(BASE);
    expect(client.libraryId).toBe('smhxxxx');
    expect(client.spaceId).toBe('s1');
  });
});

describe('createSmhClient: path encoding', () => {
  it.each([
    ['spaces', 'my folder/a b.txt', '/my%20folder/a%20b.txt'],
    ['Chinese', '视频/文件 1.mp4', `/${encodeURIComponent('视频')}/${encodeURIComponent('文件 1.mp4')}`],
    ['#', 'a#b/c#.txt', '/a%23b/c%23.txt'],
    ['?', 'what?/x?.txt', '/what%3F/x%3F.txt'],
    ['%', '100%/50%.txt', '/100%25/50%25.txt'],
    ['emoji', '🎉/🙂.png', `/${encodeURIComponent('🎉')}/${encodeURIComponent('🙂.png')}`],
  ])('encodes each segment with %s and keeps "/" between segments', async (_name, path, expected) => {
    const { fake, client } = setup();
    fake.reply({ status: 201, body: makeUploadInfo() });
    await client.beginUpload(path);
    const rawPath = fake.requests[0]!.rawUrl.slice(`${BASE}/api/v1/file/smhxxxx/-`.length).split('?')[0];
    expect(rawPath).toBe(expected);
    // Round trip: the server sees exactly the segments given.
    expect(rawPath!.slice(1).split('/').map(decodeURIComponent)).toEqual(path.split('/'));
  });

  it('escapes "/" inside an array segment so it stays one name', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 201, body: makeUploadInfo() });
    await client.beginUpload(['a/b', 'c.txt']);
    expect(fake.requests[0]?.url.pathname).toBe('/api/v1/file/smhxxxx/-/a%2Fb/c.txt');
  });

  it.each([
    ['an empty path', ''],
    ['a slash alone', '/'],
    ['two leading slashes', '//a.txt'],
    ['a double slash', 'a//b.txt'],
    ['a trailing slash', 'a/'],
    ['a "." segment', 'a/./b.txt'],
    ['a ".." segment', '../etc/passwd'],
  ])('rejects %s with SmhError InvalidPath before any request', async (_name, path) => {
    const { fake, client } = setup();
    const error = await client.beginUpload(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmhError);
    expect((error as SmhError).code).toBe('InvalidPath');
    expect(fake.requests).toHaveLength(0);
  });

  it('reads one leading slash as the root, as SMH writes paths', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 201, body: makeUploadInfo() });
    await client.beginUpload('/a/b.txt');
    expect(fake.requests[0]?.url.pathname).toBe('/api/v1/file/smhxxxx/-/a/b.txt');
  });

  it('rejects an empty segment array and an empty or ".." confirm key', async () => {
    const { fake, client } = setup();
    await expect(client.beginUpload([])).rejects.toMatchObject({ code: 'InvalidPath' });
    await expect(client.getUploadStatus('')).rejects.toMatchObject({ code: 'InvalidPath' });
    await expect(client.cancelUpload('..')).rejects.toMatchObject({ code: 'InvalidPath' });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('createSmhClient: options', () => {
  it('calls a sync token getter before every request', async () => {
    let n = 0;
    const getter = vi.fn<() => string>(() => `token-number-${++n}`);
    const { fake, client } = setup({ accessToken: getter });
    fake.reply({ status: 204 }, { status: 204 });
    await client.cancelUpload('ck1');
    await client.cancelUpload('ck1');
    expect(getter).toHaveBeenCalledTimes(2);
    expect(fake.requests.map((r) => r.url.searchParams.get('access_token'))).toEqual(['token-number-1', 'token-number-2']);
  });

  it('awaits an async token getter', async () => {
    const { fake, client } = setup({ accessToken: async () => 'async-token-value' });
    fake.reply({ status: 204 });
    await client.cancelUpload('ck1');
    expect(fake.requests[0]?.url.searchParams.get('access_token')).toBe('async-token-value');
  });

  it('turns a failing or empty token getter into SmhError AccessTokenUnavailable without a request', async () => {
    const failing = setup({ accessToken: () => Promise.reject(new Error('backend down')) });
    await expect(failing.client.cancelUpload('ck1')).rejects.toMatchObject({ name: 'SmhError', code: 'AccessTokenUnavailable' });
    const empty = setup({ accessToken: () => '' });
    await expect(empty.client.cancelUpload('ck1')).rejects.toMatchObject({ code: 'AccessTokenUnavailable' });
    expect(failing.fake.requests.length + empty.fake.requests.length).toBe(0);
  });

  it('resolves the global fetch at call time, not at creation', async () => {
    const { fake } = setup();
    const client = createSmhClient({ baseUrl: BASE, libraryId: 'smhxxxx', accessToken: TOKEN });
    vi.stubGlobal('fetch', fake.fetch);
    try {
      fake.reply({ status: 204 });
      await client.cancelUpload('ck1');
      expect(fake.requests).toHaveLength(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('rejects a baseUrl that is not http(s) and bad numeric options with typed errors', async () => {
    expect(() => createSmhClient({ baseUrl: 'smh.example', libraryId: 'x', accessToken: TOKEN })).toThrow(
      expect.objectContaining({ code: 'InvalidOptions' }),
    );
    expect(() => createSmhClient({ baseUrl: BASE, libraryId: '', accessToken: TOKEN })).toThrow(
      expect.objectContaining({ code: 'InvalidPath' }),
    );
    const { fake, client } = setup();
    await expect(client.beginUpload('a.bin', { size: -1 })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(client.beginUpload('a.bin', { size: 1.5 })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(client.renewUpload('ck', { trafficLimit: 0 })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(client.confirmUpload('ck', { crc64: '0x12' })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(client.beginUpload('a.bin', { meta: { 'bad key': 'v' } })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(client.beginUpload('a.bin', { meta: { k: 'line\nbreak' } })).rejects.toMatchObject({ code: 'InvalidArgument' });
    expect(fake.requests).toHaveLength(0);
  });

  it('says what is wrong with baseUrl, timeoutMs and the ids, and what to pass instead', () => {
    for (const baseUrl of ['smh.example', 'ftp://smh.example', 'git+https://smh.example', 'https://smh example']) {
      const error = refusal({ baseUrl });
      expect(error.code).toBe('InvalidOptions');
      expect(error.message).toBe(
        `The SMH baseUrl must be an http(s) URL such as "https://<LibraryId>.api.tencentsmh.cn"; got ${JSON.stringify(baseUrl)}.`,
      );
    }
    // A URL object, not a string: a typed refusal rather than a TypeError later.
    expect(refusal({ baseUrl: new URL(BASE) as unknown as string })).toMatchObject({ code: 'InvalidOptions' });
    const insecure = refusal({ baseUrl: 'http://smh.example' });
    expect(insecure.code).toBe('InsecureUrl');
    expect(insecure.message).toContain('"http://smh.example" is plain http');
    expect(insecure.message).toContain('or pass allowInsecureHttp: true to accept the risk.');
    expect(refusal({ timeoutMs: 0 })).toMatchObject({
      code: 'InvalidOptions',
      message: 'The option "timeoutMs" must be a number of milliseconds > 0 (or Infinity for none); got 0.',
    });
    expect(refusal({ libraryId: '' }).message).toMatch(/^The libraryId "" cannot be used in a URL path/);
    expect(refusal({ spaceId: '..' }).message).toMatch(/^The spaceId "\.\." cannot be used in a URL path/);
  });

  it('derives serverTimeOffset from the Date header of the latest reply', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') });
    const { fake, client } = setup();
    expect(client.serverTimeOffset()).toBe(0);
    fake.reply(
      { status: 204, headers: { Date: 'Thu, 01 Jan 2026 00:02:00 GMT' } },
      { status: 404, body: { code: 'UploadNotFound', message: 'gone' }, headers: { Date: 'Wed, 31 Dec 2025 23:59:30 GMT' } },
      { status: 204, headers: { Date: 'not a date' } },
    );
    await client.cancelUpload('ck1');
    expect(client.serverTimeOffset()).toBe(120_000);
    await client.cancelUpload('ck1').catch(() => undefined);
    expect(client.serverTimeOffset()).toBe(-30_000);
    await client.cancelUpload('ck1');
    expect(client.serverTimeOffset()).toBe(-30_000);
  });
});

describe('createSmhClient: parts in the status reply', () => {
  it('keeps 10 000 parts with numeric-string sizes as numbers', async () => {
    const { fake, client } = setup();
    const parts = makeParts(10_000, MiB, 12).map((p) => ({ ...p, Size: String(p.Size), PartNumber: String(p.PartNumber) }));
    fake.reply({ status: 200, body: makeUploadTaskStatus({ parts: parts as never }) });
    const status = await client.getUploadStatus('ck1');
    expect(status.parts).toHaveLength(10_000);
    expect(status.parts?.[9_999]).toMatchObject({ PartNumber: 10_000, Size: 12 });
  });
});
