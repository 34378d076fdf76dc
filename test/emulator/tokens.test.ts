import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, fileUrl, getToken, startTestEmulator, type TestEmulator } from './helpers.js';

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
});
afterEach(async () => {
  await t.cleanup();
});

const tokenUrl = (query: string) => `${t.emu.url}/api/v1/token?${query}`;
const status = (token: string) => call(fileUrl(t.emu, 'nokey', 'upload', token));
const begin = (token: string, name = 'a.bin') => call(fileUrl(t.emu, name, 'multipart', token), { method: 'POST', body: {} });

describe('token API', () => {
  it('creates a token by GET or POST with the library secret, default period 86400 s', async () => {
    for (const method of ['GET', 'POST']) {
      const r = await call(tokenUrl(`library_id=${t.emu.libraryId}&library_secret=${t.emu.librarySecret}&grant=admin`), { method });
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ accessToken: expect.stringMatching(/^acctk[0-9a-f]+$/), expiresIn: 86400 });
      expect(r.headers.get('x-smh-request-id')).toMatch(/^[0-9a-f]{24}$/);
    }
  });

  it('raises a period under 1200 s to 1200 s', async () => {
    const r = await call(tokenUrl(`library_id=${t.emu.libraryId}&library_secret=${t.emu.librarySecret}&period=60`));
    expect(r.json.expiresIn).toBe(1200);
  });

  it('refuses a missing secret (400), a wrong secret (403) and an unknown library (404) with SMH error JSON', async () => {
    const missing = await call(tokenUrl(`library_id=${t.emu.libraryId}`));
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({ code: 'EmptyLibrarySecret', message: expect.any(String), requestId: missing.headers.get('x-smh-request-id') });
    const none = await call(tokenUrl(''));
    expect(none.json.code).toBe('EmptyLibraryIdOrSecret');
    const wrong = await call(tokenUrl(`library_id=${t.emu.libraryId}&library_secret=nope`));
    expect([wrong.status, wrong.json.code]).toEqual([403, 'NoPermission']);
    const lib = await call(tokenUrl(`library_id=other&library_secret=${t.emu.librarySecret}`));
    expect([lib.status, lib.json.code]).toEqual([404, 'LibraryNotFound']);
    const period = await call(tokenUrl(`library_id=${t.emu.libraryId}&library_secret=${t.emu.librarySecret}&period=soon`));
    expect([period.status, period.json.code]).toEqual([400, 'ParamInvalid']);
  });

  it('expires a token after its period, and each call slides the expiry forward', async () => {
    const token = await getToken(t.emu, 'admin', '&period=1200');
    t.advance(1000_000);
    expect((await status(token)).json.code).toBe('UploadNotFound'); // still valid, and slid
    t.advance(1000_000);
    expect((await status(token)).json.code).toBe('UploadNotFound'); // 2000 s after creation: alive thanks to the slide
    t.advance(1201_000);
    const expired = await status(token);
    expect([expired.status, expired.json.code]).toEqual([403, 'InvalidAccessToken']);
  });

  it('renews a token (same string, same period) and deletes one token', async () => {
    const token = await getToken(t.emu, 'admin', '&period=1200');
    t.advance(1100_000);
    const renewed = await call(`${t.emu.url}/api/v1/token/${t.emu.libraryId}/${token}`, { method: 'POST' });
    expect(renewed.json).toEqual({ accessToken: token, expiresIn: 1200 });
    t.advance(1100_000);
    expect((await status(token)).status).toBe(404);
    const del = await call(`${t.emu.url}/api/v1/token/${t.emu.libraryId}/${token}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await status(token)).json.code).toBe('InvalidAccessToken');
    const again = await call(`${t.emu.url}/api/v1/token/${t.emu.libraryId}/${token}`, { method: 'POST' });
    expect([again.status, again.json.code]).toEqual([403, 'InvalidAccessToken']);
  });

  it('deletes all tokens of one user with the library secret, leaving other users\' tokens', async () => {
    const a1 = await getToken(t.emu, 'admin', '&user_id=alice');
    const a2 = await getToken(t.emu, 'admin', '&user_id=alice');
    const b = await getToken(t.emu, 'admin', '&user_id=bob');
    const r = await call(`${t.emu.url}/api/v1/token/${t.emu.libraryId}?user_id=alice&library_secret=${t.emu.librarySecret}`, { method: 'DELETE' });
    expect(r.status).toBe(204);
    expect((await status(a1)).json.code).toBe('InvalidAccessToken');
    expect((await status(a2)).json.code).toBe('InvalidAccessToken');
    expect((await status(b)).json.code).toBe('UploadNotFound');
  });

  it('enforces grants: read-only and confirm_upload cannot begin, begin_upload cannot confirm', async () => {
    const readOnly = await getToken(t.emu, '');
    const r = await begin(readOnly);
    expect([r.status, r.json.code]).toEqual([403, 'NoPermission']);
    const confirmOnly = await getToken(t.emu, 'confirm_upload');
    expect((await begin(confirmOnly)).json.code).toBe('NoPermission');

    const beginOnly = await getToken(t.emu, 'begin_upload');
    const created = await begin(beginOnly);
    expect(created.status).toBe(201);
    const key = created.json.confirmKey as string;
    const denied = await call(fileUrl(t.emu, key, 'confirm', beginOnly), { method: 'POST' });
    expect([denied.status, denied.json.code]).toEqual([403, 'NoPermission']);
    // confirm_upload passes the grant check and reaches the task (which has no parts yet).
    const confirmed = await call(fileUrl(t.emu, key, 'confirm', confirmOnly), { method: 'POST' });
    expect(confirmed.json.code).toBe('MultipartUploadIncomplete');
  });

  it('answers a missing token with 400 EmptyAccessToken and an unknown one with 403 InvalidAccessToken', async () => {
    const missing = await call(`${t.emu.url}/api/v1/file/${t.emu.libraryId}/-/a.bin?multipart`, { method: 'POST' });
    expect([missing.status, missing.json.code]).toEqual([400, 'EmptyAccessToken']);
    const unknown = await begin('acctkdeadbeef');
    expect([unknown.status, unknown.json.code]).toEqual([403, 'InvalidAccessToken']);
  });

  it('limits a token issued for a space to that space', async () => {
    const token = await getToken(t.emu, 'admin', '&space_id=space1');
    const other = await call(`${t.emu.url}/api/v1/file/${t.emu.libraryId}/space2/a.bin?multipart&access_token=${token}`, { method: 'POST' });
    expect([other.status, other.json.code]).toEqual([403, 'AccessTokenNotMatchSpace']);
    const own = await call(`${t.emu.url}/api/v1/file/${t.emu.libraryId}/space1/a.bin?multipart&access_token=${token}`, { method: 'POST' });
    expect(own.status).toBe(201);
  });

  it('keeps issued tokens across a restart on the same data folder, without writing the token to disk', async () => {
    const token = await getToken(t.emu);
    await t.emu.restart();
    expect((await status(token)).json.code).toBe('UploadNotFound');
    const { readFile } = await import('node:fs/promises');
    const state = await readFile(`${t.dataDir}/state.json`, 'utf8');
    expect(state).not.toContain(token);
  });
});
