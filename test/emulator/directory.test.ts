import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytesOf, call, fileUrl, getToken, putObject, startTestEmulator, type TestEmulator } from './helpers.js';

// SMH's directory API (docs/smh-protocol.md §12.1; R-JS apis/directory-api.ts).

let t: TestEmulator;
let token: string;
beforeEach(async () => {
  t = await startTestEmulator();
  token = await getToken(t.emu);
});
afterEach(async () => {
  await t.cleanup();
});

const dir = (path: string, query = '', tk = token) =>
  `${t.emu.url}/api/v1/directory/${t.emu.libraryId}/-/${path}?${query}${query ? '&' : ''}access_token=${tk}`;

/** A small file through the upload API (simple PUT + confirm). */
async function file(path: string, size = 10) {
  const begun = await call(fileUrl(t.emu, path, `filesize=${size}`, token), { method: 'PUT', body: {} });
  expect(begun.status).toBe(201);
  expect((await putObject(begun.json, bytesOf(size))).status).toBe(200);
  expect((await call(fileUrl(t.emu, begun.json.confirmKey, 'confirm', token), { method: 'POST' })).status).toBe(200);
}

const names = (contents: { name: string }[]) => contents.map((c) => c.name);

describe('create', () => {
  it('creates a folder with every missing parent: 201, no body under ask without with_inode', async () => {
    const r = await call(dir('a/b/c'), { method: 'PUT' });
    expect([r.status, r.text]).toEqual([201, '']);
    const tree = (await call(`${t.emu.url}/__emulator/files`)).json.directories.map((d: { path: string }) => d.path);
    expect(tree).toEqual(['a', 'a/b', 'a/b/c']);
    const withInode = await call(dir('a/d', 'with_inode=1'), { method: 'PUT' });
    expect(withInode.status).toBe(201);
    expect(withInode.json).toEqual({ creationTime: expect.any(String), inode: expect.stringMatching(/^\d+$/) });
  });

  it('answers 409 SameNameDirectoryOrFileExists when the last level exists under ask (the default)', async () => {
    await call(dir('taken'), { method: 'PUT' });
    const again = await call(dir('taken'), { method: 'PUT' });
    expect([again.status, again.json.code]).toEqual([409, 'SameNameDirectoryOrFileExists']);
    await file('f.txt');
    const overFile = await call(dir('f.txt', 'conflict_resolution_strategy=ask'), { method: 'PUT' });
    expect([overFile.status, overFile.json.code]).toEqual([409, 'SameNameDirectoryOrFileExists']);
  });

  it('renames the last level under rename and returns the new path', async () => {
    await call(dir('x/report'), { method: 'PUT' });
    const first = await call(dir('x/report', 'conflict_resolution_strategy=rename'), { method: 'PUT' });
    expect([first.status, first.json.path]).toEqual([201, ['x', 'report (1)']]);
    const second = await call(dir('x/report', 'conflict_resolution_strategy=rename'), { method: 'PUT' });
    expect(second.json.path).toEqual(['x', 'report (2)']);
  });

  it('answers 409 when a parent is a file, even under rename', async () => {
    await file('plain.txt');
    const r = await call(dir('plain.txt/sub', 'conflict_resolution_strategy=rename'), { method: 'PUT' });
    expect([r.status, r.json.code]).toEqual([409, 'SameNameDirectoryOrFileExists']);
  });

  it('refuses tokens without admin, space_admin or create_directory (403 NoPermission), and bad tokens', async () => {
    for (const grant of ['upload_file', 'delete_file', '']) {
      const r = await call(dir('nope', '', await getToken(t.emu, grant)), { method: 'PUT' });
      expect([grant, r.status, r.json.code]).toEqual([grant, 403, 'NoPermission']);
    }
    for (const grant of ['create_directory', 'space_admin']) {
      expect((await call(dir(`ok-${grant}`, '', await getToken(t.emu, grant)), { method: 'PUT' })).status).toBe(201);
    }
    const missing = await call(`${t.emu.url}/api/v1/directory/${t.emu.libraryId}/-/x`, { method: 'PUT' });
    expect([missing.status, missing.json.code]).toEqual([400, 'EmptyAccessToken']);
    const unknown = await call(dir('x', '', 'acctk-unknown'), { method: 'PUT' });
    expect([unknown.status, unknown.json.code]).toEqual([403, 'InvalidAccessToken']);
  });

  it('answers bad input with typed 4xx errors and keeps serving', async () => {
    const cases: [string, string, number, string][] = [
      ['PUT', dir('bad%3Aname'), 400, 'IllegalFileName'],
      ['PUT', dir('a%5Cb'), 400, 'IllegalFileName'],
      ['PUT', dir('%E0%A4%A'), 400, 'IllegalFileName'],
      ['PUT', dir('', ''), 400, 'EmptyPath'],
      ['PUT', dir('x', 'conflict_resolution_strategy=overwrite'), 400, 'InvalidConflictResolutionStrategy'],
      ['PUT', `${t.emu.url}/api/v1/directory/otherlib/-/x?access_token=${token}`, 404, 'LibraryNotFound'],
      ['DELETE', dir(''), 400, 'EmptyPath'],
      ['GET', dir('', 'limit=0'), 400, 'ParamInvalid'],
      ['GET', dir('', 'limit=abc'), 400, 'ParamInvalid'],
      ['GET', dir('', 'marker=%%%'), 400, 'ParamInvalid'],
      ['GET', dir('', 'marker=bm90IGpzb24'), 400, 'ParamInvalid'],
      ['GET', dir('', 'by-page=1&page=0'), 400, 'ParamInvalid'],
      ['GET', dir('', 'by-page=1&page=501&page_size=20'), 400, 'ParamInvalid'],
      ['GET', dir('', 'order_by=colour'), 400, 'ParamInvalid'],
      ['GET', dir('', 'order_by_type=up'), 400, 'ParamInvalid'],
      ['GET', dir('', 'filter=onlyCats'), 400, 'ParamInvalid'],
      ['GET', dir('', 'sort_type=mixed'), 400, 'ParamInvalid'],
      ['GET', dir('nowhere'), 404, 'DirectoryNotFound'],
    ];
    for (const [method, u, status, code] of cases) {
      const r = await call(u, { method });
      expect([method, u.slice(u.indexOf('/-/')), r.status, r.json?.code]).toEqual([method, u.slice(u.indexOf('/-/')), status, code]);
    }
    const notJson = await call(dir('j'), { method: 'PUT', body: '{nope' });
    expect([notJson.status, notJson.json.code]).toEqual([400, 'BadRequest']);
    expect((await call(dir('still-fine'), { method: 'PUT' })).status).toBe(201);
  });
});

describe('list', () => {
  beforeEach(async () => {
    await call(dir('box/zeta'), { method: 'PUT' });
    await call(dir('box/alpha'), { method: 'PUT' });
    await file('box/b.txt', 30);
    await file('box/a.jpg', 20);
    await file('box/c.mp4', 10);
  });

  it('lists folders first in name order, then files in name order, with SMH fields', async () => {
    const r = await call(dir('box'));
    expect(r.status).toBe(200);
    expect(r.json.path).toEqual(['box']);
    expect(r.json.nextMarker).toBeUndefined();
    expect(names(r.json.contents)).toEqual(['alpha', 'zeta', 'a.jpg', 'b.txt', 'c.mp4']);
    expect(r.json.contents[0]).toEqual({
      name: 'alpha', path: ['box', 'alpha'], type: 'dir', creationTime: expect.any(String), modificationTime: expect.any(String),
      eTag: expect.any(String),
    });
    expect(r.json.contents[2]).toMatchObject({
      name: 'a.jpg', path: ['box', 'a.jpg'], type: 'image', fileType: 'image', contentType: 'image/jpeg', size: '20',
      eTag: expect.stringMatching(/^"[0-9a-f]{32}"$/), crc64: expect.stringMatching(/^\d+$/),
      creationTime: expect.any(String), modificationTime: expect.any(String),
    });
    expect(r.json.contents[2].inode).toBeUndefined();
    expect((await call(dir('box', 'with_inode=1'))).json.contents.every((c: { inode?: string }) => typeof c.inode === 'string')).toBe(true);
    const root = await call(dir(''));
    expect([root.json.path, names(root.json.contents)]).toEqual([[], ['box']]);
  });

  it('pages by marker and limit: every entry once, nextMarker until the end', async () => {
    const seen: string[] = [];
    let marker = '';
    for (let i = 0; i < 10; i++) {
      const r = await call(dir('box', `by-marker=1&limit=2${marker ? `&marker=${marker}` : ''}`));
      expect(r.json.contents.length).toBeLessThanOrEqual(2);
      seen.push(...names(r.json.contents));
      if (!r.json.nextMarker) break;
      marker = r.json.nextMarker;
    }
    expect(seen).toEqual(['alpha', 'zeta', 'a.jpg', 'b.txt', 'c.mp4']);
    expect((await call(dir('box', 'limit=500'))).json.contents).toHaveLength(5); // limit is capped at 100, not refused
  });

  it('pages by page and page_size with fileCount, subDirCount and totalNum', async () => {
    const page2 = await call(dir('box', 'by-page=1&page=2&page_size=2'));
    expect(page2.json).toMatchObject({ path: ['box'], fileCount: 3, subDirCount: 2, totalNum: 5 });
    expect(names(page2.json.contents)).toEqual(['a.jpg', 'b.txt']);
    expect(names((await call(dir('box', 'by-page=1&page=3&page_size=2'))).json.contents)).toEqual(['c.mp4']);
    expect((await call(dir('box', 'by-page=1&page=4&page_size=2'))).json.contents).toEqual([]);
  });

  it('orders by order_by and order_by_type, folders first unless sort_type=union, and filters', async () => {
    expect(names((await call(dir('box', 'order_by=size&order_by_type=desc'))).json.contents)).toEqual(['alpha', 'zeta', 'b.txt', 'a.jpg', 'c.mp4']);
    expect(names((await call(dir('box', 'order_by=name&order_by_type=desc&sort_type=union'))).json.contents))
      .toEqual(['zeta', 'c.mp4', 'b.txt', 'alpha', 'a.jpg']);
    expect(names((await call(dir('box', 'filter=onlyFile'))).json.contents)).toEqual(['a.jpg', 'b.txt', 'c.mp4']);
    expect(names((await call(dir('box', 'filter=onlyDir'))).json.contents)).toEqual(['alpha', 'zeta']);
  });

  it('answers info for a folder or a file, and HEAD 200/404', async () => {
    expect((await call(dir('box/alpha', 'info=1&with_inode=1'))).json).toMatchObject({ name: 'alpha', path: ['box', 'alpha'], type: 'dir', inode: expect.any(String) });
    expect((await call(dir('box/b.txt', 'info=1'))).json).toMatchObject({ name: 'b.txt', type: 'file', fileType: 'text', size: '30' });
    const none = await call(dir('box/none', 'info=1'));
    expect([none.status, none.json.code]).toEqual([404, 'PathNotFound']);
    expect((await call(dir('box/alpha'), { method: 'HEAD' })).status).toBe(200);
    expect((await call(dir('box/none'), { method: 'HEAD' })).status).toBe(404);
  });

  it('lets a read-only token list, and refuses one for another space', async () => {
    expect((await call(dir('box', '', await getToken(t.emu, '')))).status).toBe(200);
    const other = await getToken(t.emu, 'admin', '&space_id=other');
    const r = await call(dir('box', '', other));
    expect([r.status, r.json.code]).toEqual([403, 'AccessTokenNotMatchSpace']);
  });
});

describe('delete and move', () => {
  it('deletes a folder and everything below (204); 404 for a missing one; grants checked', async () => {
    await call(dir('gone/sub'), { method: 'PUT' });
    await file('gone/sub/f.txt');
    const refused = await call(dir('gone', '', await getToken(t.emu, 'create_directory')), { method: 'DELETE' });
    expect([refused.status, refused.json.code]).toEqual([403, 'NoPermission']);
    expect((await call(dir('gone', '', await getToken(t.emu, 'delete_directory')), { method: 'DELETE' })).status).toBe(204);
    expect(t.emu.files()).toEqual([]);
    const again = await call(dir('gone'), { method: 'DELETE' });
    expect([again.status, again.json.code]).toEqual([404, 'DirectoryNotFound']);
  });

  it('moves a folder with its contents (204 under ask), creating the target parents', async () => {
    await call(dir('src/inner'), { method: 'PUT' });
    await file('src/inner/f.txt');
    const moved = await call(dir('dest/deeper/renamed'), { method: 'PUT', body: { from: '/src' } });
    expect([moved.status, moved.text]).toEqual([204, '']);
    expect(t.emu.files().map((f) => f.path)).toEqual(['dest/deeper/renamed/inner/f.txt']);
    expect((await call(dir('src'), { method: 'HEAD' })).status).toBe(404);
    expect((await call(dir('dest/deeper/renamed/inner'), { method: 'HEAD' })).status).toBe(200);
  });

  it('answers a clash with 409 under ask and a new name (200 {path}) under rename; refuses moving into itself', async () => {
    await call(dir('one'), { method: 'PUT' });
    await call(dir('two'), { method: 'PUT' });
    const clash = await call(dir('two'), { method: 'PUT', body: { from: 'one' } });
    expect([clash.status, clash.json.code]).toEqual([409, 'SameNameDirectoryOrFileExists']);
    const renamed = await call(dir('two', 'conflict_resolution_strategy=rename'), { method: 'PUT', body: { from: 'one' } });
    expect([renamed.status, renamed.json]).toEqual([200, { path: ['two (1)'] }]);
    const into = await call(dir('two/inside'), { method: 'PUT', body: { from: 'two' } });
    expect([into.status, into.json.code]).toEqual([400, 'ParamInvalid']);
    const missing = await call(dir('three'), { method: 'PUT', body: { from: 'nope' } });
    expect([missing.status, missing.json.code]).toEqual([404, 'DirectoryNotFound']);
    const badFrom = await call(dir('three'), { method: 'PUT', body: { from: 42 } });
    expect([badFrom.status, badFrom.json.code]).toEqual([400, 'ParamInvalid']);
    const refused = await call(dir('three', '', await getToken(t.emu, 'create_directory')), { method: 'PUT', body: { from: 'two' } });
    expect([refused.status, refused.json.code]).toEqual([403, 'NoPermission']);
    expect((await call(dir('three', '', await getToken(t.emu, 'move_directory')), { method: 'PUT', body: { from: 'two' } })).status).toBe(204);
  });

  it('cuts off unconfirmed uploads aimed inside a moved folder, as a delete does', async () => {
    await call(dir('inbox'), { method: 'PUT' });
    const begun = await call(fileUrl(t.emu, 'inbox/late.bin', 'multipart', token), { method: 'POST' });
    await call(dir('archive'), { method: 'PUT', body: { from: 'inbox' } });
    expect((await call(fileUrl(t.emu, begun.json.confirmKey, 'upload', token))).json.path).toBeNull();
    const c = await call(fileUrl(t.emu, begun.json.confirmKey, 'confirm', token), { method: 'POST' });
    expect([c.status, c.json.code]).toEqual([404, 'DirectoryNotFound']);
  });
});
