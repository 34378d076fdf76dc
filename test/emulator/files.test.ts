import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytesOf, call, crc64Decimal, fileUrl, getToken, md5, putObject, sha256, startTestEmulator, type TestEmulator } from './helpers.js';

// The file calls a portal makes around uploads (R-JS apis/file-api.ts, sdk-docs/FileApi.md).

let t: TestEmulator;
let token: string;
const data = bytesOf(5000, 42);
beforeEach(async () => {
  t = await startTestEmulator();
  token = await getToken(t.emu);
  await t.emu.createFolder('docs');
  const begun = await call(fileUrl(t.emu, 'docs/report.docx', `filesize=${data.length}`, token), {
    method: 'PUT', body: { labels: ['q3'] }, headers: { 'x-smh-meta-owner': 'ana' },
  });
  await putObject(begun.json, data);
  const confirmed = await call(fileUrl(t.emu, begun.json.confirmKey, 'confirm', token), { method: 'POST' });
  if (confirmed.status !== 200) throw new Error(`setup upload: ${confirmed.status} ${confirmed.text}`);
});
afterEach(async () => {
  await t.cleanup();
});

const url = (path: string, query = '', tk = token) => fileUrl(t.emu, path, query, tk);

async function ranged(range: string) {
  const r = await fetch(url('docs/report.docx'), { headers: { Range: range } });
  return { status: r.status, range: r.headers.get('content-range'), bytes: new Uint8Array(await r.arrayBuffer()) };
}

const move = (to: string, from: unknown, query = '', tk = token) => call(url(to, query, tk), { method: 'PUT', body: { from } });

describe('file info', () => {
  it('answers GET ?info=1 with the file details and a signed cosUrl that serves the bytes', async () => {
    const r = await call(url('docs/report.docx', 'info=1'));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      cosUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/smhemulator\/f\/\d+\?q-sign-algorithm=sha1&/),
      type: 'file', fileType: 'word',
      creationTime: expect.any(String), modificationTime: expect.any(String),
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      size: '5000', eTag: `"${md5(data)}"`, crc64: await crc64Decimal(data),
      previewByDoc: false, previewByCI: false, previewAsIcon: false,
      metaData: { 'x-smh-meta-owner': 'ana' }, labels: ['q3'], versionId: 1,
    });
    const bytes = new Uint8Array(await (await fetch(r.json.cosUrl)).arrayBuffer());
    expect(sha256(bytes)).toBe(sha256(data));
    expect((await call(url('docs/report.docx', 'info=1&pre_check=1'))).json.cosUrl).toBeUndefined();
  });

  it('answers 404 FileNotFound for a missing file or a folder, HEAD 200/404, and needs a live token but no grant', async () => {
    for (const path of ['docs/none.txt', 'docs']) {
      const r = await call(url(path, 'info=1'));
      expect([path, r.status, r.json.code]).toEqual([path, 404, 'FileNotFound']);
    }
    expect((await call(url('docs/report.docx'), { method: 'HEAD' })).status).toBe(200);
    expect((await call(url('docs/none.txt'), { method: 'HEAD' })).status).toBe(404);
    expect((await call(url('docs/report.docx', 'info=1', await getToken(t.emu, '')))).status).toBe(200);
    const expired = await call(url('docs/report.docx', 'info=1', 'acctk-nope'));
    expect([expired.status, expired.json.code]).toEqual([403, 'InvalidAccessToken']);
  });
});

describe('download', () => {
  it('redirects (302) to a signed COS URL with the file facts in x-smh-* headers; following it gives the bytes', async () => {
    const r = await fetch(url('docs/report.docx'), { redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/smhemulator\/f\/\d+\?q-sign-algorithm=sha1&q-ak=/);
    expect(r.headers.get('x-smh-size')).toBe('5000');
    expect(r.headers.get('x-smh-etag')).toBe(`"${md5(data)}"`);
    expect(r.headers.get('x-smh-crc64')).toBe(await crc64Decimal(data));
    expect(r.headers.get('x-smh-type')).toBe('file');
    const followed = await fetch(url('docs/report.docx'));
    expect(followed.status).toBe(200);
    expect(followed.headers.get('accept-ranges')).toBe('bytes');
    expect(sha256(new Uint8Array(await followed.arrayBuffer()))).toBe(sha256(data));
  });

  it('serves HTTP Range reads through the redirect: first-last, open-ended and suffix; 416 when unsatisfiable', async () => {
    const mid = await ranged('bytes=100-199');
    expect([mid.status, mid.range, sha256(mid.bytes)]).toEqual([206, 'bytes 100-199/5000', sha256(data.subarray(100, 200))]);
    const tail = await ranged('bytes=4990-');
    expect([tail.status, tail.range, sha256(tail.bytes)]).toEqual([206, 'bytes 4990-4999/5000', sha256(data.subarray(4990))]);
    const suffix = await ranged('bytes=-7');
    expect([suffix.status, suffix.range, sha256(suffix.bytes)]).toEqual([206, 'bytes 4993-4999/5000', sha256(data.subarray(4993))]);
    const past = await ranged('bytes=9000-');
    expect(past.status).toBe(416);
    expect(new TextDecoder().decode(past.bytes)).toContain('<Code>InvalidRange</Code>');
    expect((await ranged('bytes=0-1,5-6')).status).toBe(200); // several ranges: the whole object, as COS
  });

  it('refuses an altered or expired signed URL (403) and a missing file (404)', async () => {
    const location = (await fetch(url('docs/report.docx'), { redirect: 'manual' })).headers.get('location')!;
    const altered = await fetch(location.replace(/q-signature=[0-9a-f]+/, `q-signature=${'0'.repeat(40)}`));
    expect(altered.status).toBe(403);
    t.advance(7201 * 1000);
    const expired = await fetch(location);
    expect([expired.status, await expired.text()]).toEqual([403, expect.stringContaining('Request has expired')]);
    const missing = await call(url('docs/none.txt'));
    expect([missing.status, missing.json.code]).toEqual([404, 'FileNotFound']);
  });
});

describe('delete', () => {
  it('deletes a file (204) with delete_file; refuses other grants; 404 afterwards', async () => {
    const refused = await call(url('docs/report.docx', '', await getToken(t.emu, 'upload_file')), { method: 'DELETE' });
    expect([refused.status, refused.json.code]).toEqual([403, 'NoPermission']);
    const location = (await fetch(url('docs/report.docx'), { redirect: 'manual' })).headers.get('location')!;
    expect((await call(url('docs/report.docx', '', await getToken(t.emu, 'delete_file')), { method: 'DELETE' })).status).toBe(204);
    expect(t.emu.files()).toEqual([]);
    expect((await fetch(location)).status).toBe(404);
    const again = await call(url('docs/report.docx'), { method: 'DELETE' });
    expect([again.status, again.json.code]).toEqual([404, 'FileNotFound']);
  });
});

describe('rename and move', () => {
  it('renames and moves a file (200 {path}), keeping its bytes and inode; parents must exist', async () => {
    const before = (await call(url('docs/report.docx', 'info=1&with_inode=1'))).json;
    const missingParent = await move('archive/old.docx', 'docs/report.docx');
    expect([missingParent.status, missingParent.json.code]).toEqual([404, 'DirectoryNotFound']);
    await t.emu.createFolder('archive');
    const moved = await move('archive/old.pdf', '/docs/report.docx');
    expect([moved.status, moved.json]).toEqual([200, { path: ['archive', 'old.pdf'] }]);
    const after = (await call(url('archive/old.pdf', 'info=1&with_inode=1'))).json;
    expect(after).toMatchObject({ inode: before.inode, eTag: before.eTag, type: 'file', fileType: 'portable', contentType: 'application/pdf' });
    expect(t.emu.files().map((f) => [f.path, f.sha256])).toEqual([['archive/old.pdf', sha256(data)]]);
  });

  it('resolves a clash by rename (default), ask (409) or overwrite (needs a force grant)', async () => {
    const second = await call(url('docs/other.txt', 'filesize=3'), { method: 'PUT', body: {} });
    await putObject(second.json, bytesOf(3));
    await call(url(second.json.confirmKey, 'confirm'), { method: 'POST' });
    const asked = await move('docs/other.txt', 'docs/report.docx', 'conflict_resolution_strategy=ask');
    expect([asked.status, asked.json.code]).toEqual([409, 'SameNameDirectoryOrFileExists']);
    const plain = await getToken(t.emu, 'move_file');
    const denied = await move('docs/other.txt', 'docs/report.docx', 'conflict_resolution_strategy=overwrite', plain);
    expect([denied.status, denied.json.code]).toEqual([400, 'OverwriteFileNotAllowed']);
    expect((await move('docs/other.txt', 'docs/report.docx', '', plain)).json.path).toEqual(['docs', 'other (1).txt']);
    const forced = await move('docs/other.txt', 'docs/other (1).txt', 'conflict_resolution_strategy=overwrite', await getToken(t.emu, 'move_file_force'));
    expect([forced.status, forced.json.path]).toEqual([200, ['docs', 'other.txt']]);
    expect(t.emu.files().map((f) => [f.path, f.sha256])).toEqual([['docs/other.txt', sha256(data)]]);
  });

  it('refuses tokens without a move grant, a missing source, and a bad from', async () => {
    const refused = await move('docs/x.docx', 'docs/report.docx', '', await getToken(t.emu, 'upload_file'));
    expect([refused.status, refused.json.code]).toEqual([403, 'NoPermission']);
    const missing = await move('docs/x.docx', 'docs/none.docx');
    expect([missing.status, missing.json.code]).toEqual([404, 'FileNotFound']);
    for (const from of [null, '', '/', 12, 'a/../b', 'bad:name']) {
      const r = await move('docs/x.docx', from);
      expect([from, r.status]).toEqual([from, 400]);
    }
    expect(t.emu.files().map((f) => f.path)).toEqual(['docs/report.docx']);
  });
});
