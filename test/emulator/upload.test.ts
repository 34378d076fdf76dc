import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  adminFiles, bytesOf, call, crc64Decimal, fileUrl, getToken, instantHashes, md5, MiB, putObject, putPart, sha256,
  startTestEmulator, type PartInfo, type TestEmulator,
} from './helpers.js';

let t: TestEmulator;
let token: string;
beforeEach(async () => {
  t = await startTestEmulator();
  token = await getToken(t.emu);
});
afterEach(async () => {
  await t.cleanup();
});

const url = (rest: string, query: string, tk = token) => fileUrl(t.emu, rest, query, tk);

/** Creates a folder (and its parents) through SMH's directory API, as a portal does before uploading. */
async function mkdir(path: string) {
  const r = await call(`${t.emu.url}/api/v1/directory/${t.emu.libraryId}/-/${path}?access_token=${token}`, { method: 'PUT' });
  expect(r.status).toBe(201);
}

async function beginMultipart(name: string, query = 'multipart', body: object = {}) {
  const r = await call(url(name, query), { method: 'POST', body });
  return r;
}

/** Begin, send every part, return the confirm key. */
async function uploadMultipart(name: string, data: Uint8Array<ArrayBuffer>, partSize = MiB, query = 'multipart') {
  const r = await beginMultipart(name, `${query}&filesize=${data.length}`);
  expect(r.status).toBe(201);
  const info = r.json as PartInfo & { confirmKey: string };
  for (let n = 1, off = 0; off < data.length; n++, off += partSize) {
    expect((await putPart(info, n, data.subarray(off, off + partSize))).status).toBe(200);
  }
  return info;
}

const confirm = (key: string, body: object = {}, query = 'confirm') => call(url(key, query), { method: 'POST', body });
const status = (key: string) => call(url(key, 'upload'));

describe('multipart upload', () => {
  it('begins, stores parts on the COS origin, lists them in status, confirms and keeps the exact bytes', async () => {
    const data = bytesOf(2 * MiB + 4321, 7);
    await mkdir('docs');
    const r = await beginMultipart('docs/report.pdf', `multipart&filesize=${data.length}`);
    expect(r.status).toBe(201);
    expect(r.json).toEqual({
      domain: new URL(t.emu.cosUrl).host,
      path: expect.stringMatching(/^\/smhemulator\/[0-9a-f]+$/),
      uploadId: expect.any(String),
      headers: {
        'Content-Type': 'application/octet-stream',
        Authorization: expect.stringMatching(/^q-sign-algorithm=sha1&q-ak=\w+&q-sign-time=\d+;\d+&q-key-time=\d+;\d+&q-header-list=x-cos-security-token&q-url-param-list=&q-signature=[0-9a-f]{40}$/),
        'x-cos-security-token': expect.any(String),
      },
      confirmKey: expect.stringMatching(/^[0-9a-f]{32}$/),
      expiration: expect.any(String),
      availableDomainNum: 1,
    });
    const info = r.json as PartInfo & { confirmKey: string };
    const part1 = await putPart(info, 1, data.subarray(0, MiB));
    expect(part1.status).toBe(200);
    expect(part1.headers.get('etag')).toBe(`"${md5(data.subarray(0, MiB))}"`);
    expect(part1.headers.get('x-cos-hash-crc64ecma')).toBe(await crc64Decimal(data.subarray(0, MiB)));
    await putPart(info, 3, data.subarray(2 * MiB));

    const s = await status(info.confirmKey);
    expect(s.status).toBe(200);
    expect(s.json).toEqual({
      confirmed: false,
      path: ['docs', 'report.pdf'],
      type: 'file',
      creationTime: expect.any(String),
      conflictResolutionStrategy: 'rename',
      force: false,
      availableDomainNum: 1,
      uploadId: info.uploadId,
      parts: [
        { PartNumber: 1, LastModified: expect.any(String), ETag: `"${md5(data.subarray(0, MiB))}"`, Size: MiB },
        { PartNumber: 3, LastModified: expect.any(String), ETag: `"${md5(data.subarray(2 * MiB))}"`, Size: 4321 },
      ],
      uploadPartInfo: { domain: info.domain, path: info.path, uploadId: info.uploadId, headers: info.headers, expiration: info.expiration },
    });

    await putPart(info, 2, data.subarray(MiB, 2 * MiB));
    const c = await confirm(info.confirmKey, { crc64: await crc64Decimal(data) }, 'confirm&with_inode=1');
    expect(c.status).toBe(200);
    expect(c.json).toMatchObject({
      path: ['docs', 'report.pdf'], name: 'report.pdf', type: 'file', fileType: 'portable', contentType: 'application/pdf',
      size: String(data.length), crc64: await crc64Decimal(data), isOverwritten: false, inode: expect.any(String),
      eTag: expect.stringMatching(/^"[0-9a-f]{32}-3"$/),
    });
    const files = await adminFiles(t.emu);
    expect(files).toEqual([expect.objectContaining({ path: 'docs/report.pdf', size: data.length, sha256: sha256(data) })]);
    const bytes = new Uint8Array(await (await fetch(`${t.emu.url}/__emulator/file/docs/report.pdf`)).arrayBuffer());
    expect(sha256(bytes)).toBe(sha256(data));

    const after = await status(info.confirmKey);
    expect(after.json).toMatchObject({ confirmed: true, path: ['docs', 'report.pdf'] });
    expect(after.json.parts).toHaveLength(3);
    expect(after.json.uploadPartInfo).toBeUndefined();
  });

  it('accepts selector keys bare or =1, and a FilePath with %2F or raw slashes', async () => {
    await mkdir('x/y');
    const a = await call(url('x%2Fy%2Fone.bin', 'multipart=1'), { method: 'POST' });
    expect(a.status).toBe(201);
    expect((await call(url(a.json.confirmKey, 'upload=1'))).json.path).toEqual(['x', 'y', 'one.bin']);
    const b = await call(url('x/y/two.bin', 'multipart'), { method: 'POST' });
    expect((await call(url(b.json.confirmKey, 'upload'))).json.path).toEqual(['x', 'y', 'two.bin']);
  });

  it('renews with fresh credentials and the same uploadId; the old credentials keep working until they expire', async () => {
    const data = bytesOf(MiB + 10, 2);
    const info = (await beginMultipart('r.bin')).json as PartInfo & { confirmKey: string };
    const renewed = await call(url(info.confirmKey, 'renew'), { method: 'POST' });
    expect(renewed.status).toBe(200);
    expect(renewed.json).toMatchObject({ uploadId: info.uploadId, confirmKey: info.confirmKey, path: info.path });
    expect(renewed.json.headers.Authorization).not.toBe(info.headers.Authorization);
    expect((await putPart(info, 1, data.subarray(0, MiB))).status).toBe(200);
    expect((await putPart(renewed.json, 2, data.subarray(MiB))).status).toBe(200);
    expect((await confirm(info.confirmKey)).status).toBe(200);
  });

  it('cancels a task (204): status answers 404 and its credentials are revoked', async () => {
    const info = (await beginMultipart('c.bin')).json as PartInfo & { confirmKey: string };
    await putPart(info, 1, bytesOf(100));
    const r = await call(url(info.confirmKey, 'upload'), { method: 'DELETE' });
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    expect((await status(info.confirmKey)).json.code).toBe('UploadNotFound');
    const late = await putPart(info, 2, bytesOf(100));
    expect(late.status).toBe(403);
    expect(late.text).toContain('<Code>InvalidAccessKeyId</Code>');
    expect((await call(`${t.emu.url}/__emulator/stats`)).json.partPuts[info.uploadId!]).toEqual({ 1: { puts: 1, bytesReceived: 100, stored: 1, active: 0 } });
  });

  it('passes x-smh-meta-* headers and body labels into the confirmed file', async () => {
    const r = await call(url('m.txt', 'multipart'), { method: 'POST', body: { labels: ['demo'] }, headers: { 'x-smh-meta-project': 'apollo' } });
    await putPart(r.json, 1, bytesOf(10));
    const c = await confirm(r.json.confirmKey);
    // SMH keys metaData by the full header name (R-JS FileApi.md: `{"x-smh-meta-foo": "bar"}`).
    expect(c.json.metaData).toEqual({ 'x-smh-meta-project': 'apollo' });
    const plain = await call(url('plain.txt', 'multipart'), { method: 'POST' });
    await putPart(plain.json, 1, bytesOf(10));
    expect((await confirm(plain.json.confirmKey)).json).not.toHaveProperty('metaData');
  });
});

describe('confirm errors', () => {
  it('answers 400 MultipartUploadIncomplete when no part, a gap, or too few bytes arrived', async () => {
    const data = bytesOf(3 * MiB, 3);
    const info = (await beginMultipart('i.bin', `multipart&filesize=${data.length}`)).json as PartInfo & { confirmKey: string };
    let r = await confirm(info.confirmKey);
    expect([r.status, r.json.code]).toEqual([400, 'MultipartUploadIncomplete']);
    await putPart(info, 1, data.subarray(0, MiB));
    await putPart(info, 3, data.subarray(2 * MiB));
    r = await confirm(info.confirmKey);
    expect([r.status, r.json.code]).toEqual([400, 'MultipartUploadIncomplete']);
    expect(r.json.message).toContain('part 2');
    // Contiguous but short of the declared size: the last part is missing.
    const short = (await beginMultipart('s.bin', `multipart&filesize=${data.length}`)).json as PartInfo & { confirmKey: string };
    await putPart(short, 1, data.subarray(0, MiB));
    await putPart(short, 2, data.subarray(MiB, 2 * MiB));
    r = await confirm(short.confirmKey);
    expect([r.status, r.json.code]).toEqual([400, 'MultipartUploadIncomplete']);
  });

  it('answers 400 MultipartUploadPartTooSmall when a part other than the last is under 1 MiB', async () => {
    const info = (await beginMultipart('small.bin')).json as PartInfo & { confirmKey: string };
    await putPart(info, 1, bytesOf(MiB - 1));
    await putPart(info, 2, bytesOf(10));
    const r = await confirm(info.confirmKey);
    expect([r.status, r.json.code]).toEqual([400, 'MultipartUploadPartTooSmall']);
  });

  it('answers 400 BadCrc64 for a wrong crc64, and the task can still be confirmed with the right one', async () => {
    const data = bytesOf(5000, 4);
    const info = await uploadMultipart('crc.bin', data);
    const bad = await confirm(info.confirmKey, { crc64: '12345' });
    expect([bad.status, bad.json.code]).toEqual([400, 'BadCrc64']);
    const malformed = await confirm(info.confirmKey, { crc64: 'abc' });
    expect([malformed.status, malformed.json.code]).toEqual([400, 'ParamInvalid']);
    const good = await confirm(info.confirmKey, { crc64: await crc64Decimal(data) });
    expect(good.status).toBe(200);
  });

  it('answers a second confirm with 409 UploadComplete and an unknown key with 404 ConfirmKeyNotFound', async () => {
    const info = await uploadMultipart('twice.bin', bytesOf(10));
    expect((await confirm(info.confirmKey)).status).toBe(200);
    const again = await confirm(info.confirmKey);
    expect([again.status, again.json.code]).toEqual([409, 'UploadComplete']);
    const unknown = await confirm('0123456789abcdef0123456789abcdef');
    expect([unknown.status, unknown.json.code]).toEqual([404, 'ConfirmKeyNotFound']);
    expect(unknown.headers.get('x-smh-request-id')).toBe(unknown.json.requestId);
  });

  it('lets only one of two racing confirms succeed', async () => {
    const info = await uploadMultipart('race.bin', bytesOf(2 * MiB, 5));
    const results = await Promise.all([confirm(info.confirmKey), confirm(info.confirmKey)]);
    expect(results.map((r) => r.status).toSorted()).toEqual([200, 409]);
    expect(await adminFiles(t.emu)).toHaveLength(1);
  });
});

describe('simple upload', () => {
  it('begins with PUT (201 without uploadId), takes the whole body on COS, confirms', async () => {
    const data = bytesOf(3000, 6);
    await mkdir('photos');
    const r = await call(url('photos/cat.jpg', `filesize=${data.length}`), { method: 'PUT', body: {} });
    expect(r.status).toBe(201);
    expect(r.json.uploadId).toBeUndefined();
    const before = await confirm(r.json.confirmKey);
    expect([before.status, before.json.code]).toEqual([400, 'UploadIncomplete']);
    const put = await putObject(r.json, data);
    expect(put.headers.get('etag')).toBe(`"${md5(data)}"`);
    const c = await confirm(r.json.confirmKey, { crc64: await crc64Decimal(data) });
    expect(c.json).toMatchObject({ path: ['photos', 'cat.jpg'], type: 'image', contentType: 'image/jpeg', size: '3000', eTag: `"${md5(data)}"` });
    expect((await adminFiles(t.emu))[0]!.sha256).toBe(sha256(data));
  });

  it('stores an empty file through an empty simple PUT', async () => {
    const empty = new Uint8Array(new ArrayBuffer(0));
    await mkdir('notes');
    const r = await call(url('notes/.keep', 'filesize=0'), { method: 'PUT', body: {} });
    expect(r.status).toBe(201);
    expect((await putObject(r.json, empty)).status).toBe(200);
    const c = await confirm(r.json.confirmKey, { crc64: '0' });
    expect(c.status).toBe(200);
    expect(c.json).toMatchObject({ path: ['notes', '.keep'], size: '0' });
    expect((await adminFiles(t.emu))[0]!.sha256).toBe(sha256(empty));
  });

  it('does not renew a simple task, and its credentials cannot send parts', async () => {
    const r = await call(url('s.bin', ''), { method: 'PUT' });
    const renew = await call(url(r.json.confirmKey, 'renew'), { method: 'POST' });
    expect([renew.status, renew.json.code]).toEqual([400, 'ParamInvalid']);
    const mp = (await beginMultipart('other.bin')).json as PartInfo;
    const cross = await putPart({ ...mp, headers: r.json.headers }, 1, bytesOf(10));
    expect(cross.status).toBe(403);
  });
});

async function existing(name: string) {
  const info = await uploadMultipart(name, bytesOf(100, 1));
  expect((await confirm(info.confirmKey)).status).toBe(200);
}

describe('conflicts', () => {
  it('ask: 409 SameNameDirectoryOrFileExists at begin when the name is taken', async () => {
    await existing('a.txt');
    const r = await beginMultipart('a.txt', 'multipart&conflict_resolution_strategy=ask');
    expect([r.status, r.json.code]).toEqual([409, 'SameNameDirectoryOrFileExists']);
  });

  it('ask: 409 at confirm when the name was taken meanwhile; confirming again with rename succeeds', async () => {
    const info = await uploadMultipart('late.txt', bytesOf(50, 2), MiB, 'multipart&conflict_resolution_strategy=ask');
    await existing('late.txt');
    const clash = await confirm(info.confirmKey);
    expect([clash.status, clash.json.code]).toEqual([409, 'SameNameDirectoryOrFileExists']);
    const renamed = await confirm(info.confirmKey, {}, 'confirm&conflict_resolution_strategy=rename');
    expect(renamed.json.path).toEqual(['late (1).txt']);
  });

  it('rename: picks "name (n).ext" at begin, shown by status and confirm', async () => {
    await existing('r.txt');
    await existing('r (1).txt');
    const info = await uploadMultipart('r.txt', bytesOf(70, 3));
    expect((await status(info.confirmKey)).json.path).toEqual(['r (2).txt']);
    expect((await confirm(info.confirmKey)).json).toMatchObject({ path: ['r (2).txt'], name: 'r (2).txt' });
    const names = (await adminFiles(t.emu)).map((f) => f.path);
    expect(names).toEqual(['r (1).txt', 'r (2).txt', 'r.txt']);
  });

  it('rename: two tasks aiming at one free name both land, the later one renamed at confirm', async () => {
    const a = await uploadMultipart('same.txt', bytesOf(10, 1));
    const b = await uploadMultipart('same.txt', bytesOf(10, 2));
    expect((await confirm(a.confirmKey)).json.path).toEqual(['same.txt']);
    expect((await confirm(b.confirmKey)).json.path).toEqual(['same (1).txt']);
  });

  it('overwrite: replaces a file (isOverwritten) with a force grant; 400 without one; 409 on a folder', async () => {
    await existing('o.txt');
    const data = bytesOf(99, 9);
    const info = await uploadMultipart('o.txt', data, MiB, 'multipart&conflict_resolution_strategy=overwrite');
    expect((await status(info.confirmKey)).json.force).toBe(true);
    const c = await confirm(info.confirmKey);
    expect(c.json).toMatchObject({ path: ['o.txt'], isOverwritten: true });
    const files = await adminFiles(t.emu);
    expect(files).toHaveLength(1);
    expect(files[0]!.sha256).toBe(sha256(data));

    const plain = await getToken(t.emu, 'upload_file');
    const denied = await call(url('o.txt', 'multipart&conflict_resolution_strategy=overwrite', plain), { method: 'POST' });
    expect([denied.status, denied.json.code]).toEqual([400, 'OverwriteFileNotAllowed']);

    await mkdir('dir');
    await existing('dir/inner.txt');
    const folder = await beginMultipart('dir', 'multipart&conflict_resolution_strategy=overwrite');
    expect([folder.status, folder.json.code]).toEqual([409, 'SameNameDirectoryOrFileExists']);
  });
});

describe('instant upload', () => {
  it('answers 202 for a matching beginningHash, then 200 with file info for a matching fullHash', async () => {
    const data = bytesOf(MiB + 500, 11);
    const info = await uploadMultipart('orig.bin', data);
    expect((await confirm(info.confirmKey)).status).toBe(200);
    const { beginningHash, fullHash } = instantHashes(data);
    const size = String(data.length);

    const probe = await call(url('copy.bin', 'multipart'), { method: 'POST', body: { beginningHash, size } });
    expect(probe.status).toBe(202);
    expect(probe.text).toBe('');
    const done = await call(url('copy.bin', 'multipart'), { method: 'POST', body: { beginningHash, fullHash, size } });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ path: ['copy.bin'], size, crc64: await crc64Decimal(data) });
    const files = await adminFiles(t.emu);
    expect(files.map((f) => [f.path, f.sha256])).toEqual([['copy.bin', sha256(data)], ['orig.bin', sha256(data)]]);
    const bytes = new Uint8Array(await (await fetch(`${t.emu.url}/__emulator/file/copy.bin`)).arrayBuffer());
    expect(sha256(bytes)).toBe(sha256(data));

    // A fullHash that matches nothing falls back to a normal task (201), also for simple begin.
    const miss = await call(url('other.bin', ''), { method: 'PUT', body: { beginningHash, fullHash: '0'.repeat(64), size } });
    expect(miss.status).toBe(201);
    const unknown = await call(url('new.bin', 'multipart'), { method: 'POST', body: { beginningHash: 'f'.repeat(64), size } });
    expect(unknown.status).toBe(201);
  });
});

describe('folders', () => {
  it('answers 404 DirectoryNotFound for a missing parent by default, at simple and multipart begin, as SMH does', async () => {
    const multipart = await call(url('missing/f.bin', 'multipart'), { method: 'POST' });
    expect([multipart.status, multipart.json.code]).toEqual([404, 'DirectoryNotFound']);
    const simple = await call(url('missing/deeper/f.bin', 'filesize=3'), { method: 'PUT', body: {} });
    expect([simple.status, simple.json.code]).toEqual([404, 'DirectoryNotFound']);
    expect((await call(`${t.emu.url}/__emulator/files`)).json.directories).toEqual([]);
    await call(`${t.emu.url}/__emulator/create-folder`, { method: 'POST', body: { path: 'missing' } });
    expect((await call(url('missing/f.bin', 'multipart'), { method: 'POST' })).status).toBe(201);
  });

  it('creates missing parent folders at begin with createParentDirectories (the convenience)', async () => {
    const kind = await startTestEmulator({ createParentDirectories: true });
    try {
      const tk = await getToken(kind.emu);
      expect((await call(fileUrl(kind.emu, 'deep/er/f.bin', 'multipart', tk), { method: 'POST' })).status).toBe(201);
      expect((await call(fileUrl(kind.emu, 'other/s.bin', '', tk), { method: 'PUT' })).status).toBe(201);
      const tree = await call(`${kind.emu.url}/__emulator/files`);
      expect(tree.json.directories.map((d: { path: string }) => d.path)).toEqual(['deep', 'deep/er', 'other']);
      expect((await call(`${kind.emu.url}/__emulator/info`)).json.createParentDirectories).toBe(true);
    } finally {
      await kind.cleanup();
    }
  });

  it('after delete-folder, status shows path null and confirm answers 404 DirectoryNotFound', async () => {
    await mkdir('inbox/sub');
    const info = await uploadMultipart('inbox/sub/f.bin', bytesOf(10));
    const done = await uploadMultipart('inbox/old.bin', bytesOf(10, 2));
    await confirm(done.confirmKey);
    const del = await call(`${t.emu.url}/__emulator/delete-folder`, { method: 'POST', body: { path: 'inbox' } });
    expect(del.json).toEqual({ files: 1, directories: 2 });
    expect((await status(info.confirmKey)).json.path).toBeNull();
    const c = await confirm(info.confirmKey);
    expect([c.status, c.json.code]).toEqual([404, 'DirectoryNotFound']);
    expect(await adminFiles(t.emu)).toEqual([]);
  });
});
