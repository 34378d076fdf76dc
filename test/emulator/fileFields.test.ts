// SMH's per-file fields in the emulator (docs/smh-protocol.md §12.5): stored from begin and confirm,
// returned by file info and listings (not by status or confirm, as in R-JS's models), refused as SMH
// would refuse them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytesOf, call, fileUrl, getToken, instantHashes, MiB, putObject, putPart, startTestEmulator, type TestEmulator } from './helpers.js';

let t: TestEmulator;
let token: string;
beforeEach(async () => {
  t = await startTestEmulator();
  token = await getToken(t.emu);
});
afterEach(async () => {
  await t.cleanup();
});

const url = (rest: string, query: string) => fileUrl(t.emu, rest, query, token);
const info = (name: string) => call(url(name, 'info=1'));
const listing = (query = '') => call(`${t.emu.url}/api/v1/directory/${t.emu.libraryId}/-/?${query}${query ? '&' : ''}access_token=${token}`);

const fields = {
  labels: ['claim-7', '照片'],
  category: 'photo',
  localCreationTime: '2024-05-01T08:00:00Z',
  localModificationTime: '2024-05-02T09:30:00.000Z',
};

async function simpleUpload(name: string, body: object, confirmBody: object = {}) {
  const begun = await call(url(name, 'filesize=10'), { method: 'PUT', body });
  expect(begun.status).toBe(201);
  expect((await putObject(begun.json, bytesOf(10))).status).toBe(200);
  return call(url(begun.json.confirmKey, 'confirm'), { method: 'POST', body: confirmBody });
}

describe('per-file fields', () => {
  it('stores the begin body fields and returns them in file info and the listing, not in status or confirm', async () => {
    const begun = await call(url('a.jpg', 'multipart'), { method: 'POST', body: fields });
    await putPart(begun.json, 1, bytesOf(10));
    const status = await call(url(begun.json.confirmKey, 'upload'));
    expect(Object.keys(status.json)).not.toEqual(expect.arrayContaining(['labels']));
    const confirmed = await call(url(begun.json.confirmKey, 'confirm'), { method: 'POST', body: {} });
    expect(confirmed.status).toBe(200);
    // R-JS's CompleteFileUpload200Response has no labels, category or local times.
    for (const key of Object.keys(fields)) expect(confirmed.json).not.toHaveProperty(key);
    expect((await info('a.jpg')).json).toMatchObject(fields);
    const entry = (await listing()).json.contents.find((e: { name: string }) => e.name === 'a.jpg');
    expect(entry).toMatchObject(fields);
  });

  it("lets confirm's fields replace begin's, and keeps begin's for the ones confirm leaves out", async () => {
    const r = await simpleUpload('b.txt', fields, { labels: ['final'], localModificationTime: '2025-01-01T00:00:00+08:00' });
    expect(r.status).toBe(200);
    expect((await info('b.txt')).json).toMatchObject({
      labels: ['final'],
      category: 'photo',
      localCreationTime: fields.localCreationTime,
      localModificationTime: '2025-01-01T00:00:00+08:00',
    });
  });

  it("gives an instant upload this begin's fields, never the stored source file's", async () => {
    const data = bytesOf(MiB + 5, 4);
    const source = await call(url('source.bin', `filesize=${data.length}`), { method: 'PUT', body: { ...fields, ...instantHashes(data) } });
    await putObject(source.json, data);
    await call(url(source.json.confirmKey, 'confirm'), { method: 'POST', body: {} });
    const copy = await call(url('copy.bin', `filesize=${data.length}`), {
      method: 'PUT',
      body: { ...instantHashes(data), size: String(data.length), labels: ['copy'], localModificationTime: '2020-02-02T02:02:02Z' },
    });
    expect(copy.status).toBe(200);
    const stored = (await info('copy.bin')).json;
    expect(stored).toMatchObject({ labels: ['copy'], localModificationTime: '2020-02-02T02:02:02Z' });
    expect(stored).not.toHaveProperty('category');
    expect(stored).not.toHaveProperty('localCreationTime');
  });

  it('orders a listing by localModificationTime as instants, SMH\'s own time standing in where none was sent', async () => {
    await simpleUpload('late.txt', { localModificationTime: '2024-01-01T10:00:00+08:00' }); // 02:00Z
    await simpleUpload('early.txt', { localModificationTime: '2024-01-01T03:00:00Z' });
    await simpleUpload('none.txt', {}); // now: the latest
    const names = (await listing('order_by=localModificationTime')).json.contents.map((e: { name: string }) => e.name);
    expect(names).toEqual(['late.txt', 'early.txt', 'none.txt']);
  });

  it.each([
    ['labels that are not strings', { labels: ['ok', 3] }],
    ['an empty label', { labels: [''] }],
    ['a category over 16 bytes', { category: '理赔照片分类五个' }],
    ['an empty category', { category: '' }],
    ['a local time that is not ISO 8601', { localCreationTime: '1714550400000' }],
    ['an impossible date', { localModificationTime: '2024-13-40T00:00:00Z' }],
  ])('refuses %s with 400 ParamInvalid at begin and at confirm', async (_what, body) => {
    const begin = await call(url('x.txt', ''), { method: 'PUT', body });
    expect([begin.status, begin.json.code]).toEqual([400, 'ParamInvalid']);
    const ok = await call(url('y.txt', ''), { method: 'PUT', body: {} });
    await putObject(ok.json, bytesOf(3));
    const confirm = await call(url(ok.json.confirmKey, 'confirm'), { method: 'POST', body });
    expect([confirm.status, confirm.json.code]).toEqual([400, 'ParamInvalid']);
    // Refused before anything was stored: the task can still be confirmed.
    expect((await call(url(ok.json.confirmKey, 'confirm'), { method: 'POST', body: {} })).status).toBe(200);
  });

  it('refuses a traffic_limit that is malformed or outside 100 KB/s–100 MB/s, and signs one inside it', async () => {
    for (const bad of ['fast', '-1', '102399', '104857601']) {
      const r = await call(url('t.bin', `multipart&traffic_limit=${bad}`), { method: 'POST', body: {} });
      expect([bad, r.status, r.json.code]).toEqual([bad, 400, 'ParamInvalid']);
    }
    const r = await call(url('t.bin', 'multipart&traffic_limit=102400'), { method: 'POST', body: {} });
    expect(r.status).toBe(201);
    expect(r.json.headers['x-cos-traffic-limit']).toBe('819200');
  });
});
