import { request } from 'node:http';
import { connect } from 'node:net';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytesOf, call, fileUrl, getToken, MiB, putPart, startTestEmulator, type PartInfo, type TestEmulator } from './helpers.js';
import type { EmulatorStats } from '../../emulator/src/types.js';

let t: TestEmulator;
let token: string;
beforeEach(async () => {
  t = await startTestEmulator();
  token = await getToken(t.emu);
});
afterEach(async () => {
  await t.cleanup();
});

/** Sends a request path exactly as written (fetch would normalise `..` away before sending). */
function raw(base: string, method: string, rawPath: string, headers: Record<string, string> = {}, body?: Uint8Array | string) {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request({ host: hostname, port, method, path: rawPath, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map(String).toSorted();
}

describe('bad input never crashes the emulator', () => {
  it('answers malformed and non-object JSON bodies with 400 BadRequest', async () => {
    for (const body of ['{"size":', '[1,2]', 'null', '"text"']) {
      const r = await call(fileUrl(t.emu, 'a.bin', 'multipart', token), { method: 'POST', body });
      expect([r.status, r.json.code]).toEqual([400, 'BadRequest']);
    }
  });

  it('caps JSON bodies with 413 RequestEntityTooLarge and keeps serving', async () => {
    const big = JSON.stringify({ labels: ['x'.repeat(200 * 1024)] });
    const r = await call(fileUrl(t.emu, 'a.bin', 'multipart', token), { method: 'POST', body: big });
    expect([r.status, r.json.code]).toEqual([413, 'RequestEntityTooLarge']);
    const huge = await call(`${t.emu.url}/__emulator/faults`, { method: 'POST', body: 'x'.repeat(2 * MiB) });
    expect(huge.status).toBe(413);
    expect((await call(fileUrl(t.emu, 'a.bin', 'multipart', token), { method: 'POST' })).status).toBe(201);
  });

  it('answers unknown routes with SMH JSON 404 RouteNotFound', async () => {
    for (const p of ['/', '/api/v2/file', '/api/v1/nothing', '/__emulator/nothing']) {
      const r = await call(`${t.emu.url}${p}`);
      expect([r.status, r.json.code]).toEqual([404, 'RouteNotFound']);
    }
    const formUpload = await call(fileUrl(t.emu, 'a.bin', '', token), { method: 'POST' });
    expect([formUpload.status, formUpload.json.code]).toEqual([404, 'RouteNotFound']);
    const patch = await call(`${t.emu.url}/api/v1/directory/${t.emu.libraryId}/-/a?access_token=${token}`, { method: 'PATCH' });
    expect([patch.status, patch.json.code]).toEqual([404, 'RouteNotFound']);
  });

  it('answers bad query values, a wrong library and a bad space with typed 4xx errors', async () => {
    const cases: [string, string, number, string][] = [
      ['POST', fileUrl(t.emu, 'a.bin', 'multipart&filesize=abc', token), 400, 'ParamInvalid'],
      ['POST', fileUrl(t.emu, 'a.bin', 'multipart&filesize=-1', token), 400, 'ParamInvalid'],
      ['POST', fileUrl(t.emu, 'a.bin', 'multipart&conflict_resolution_strategy=keep', token), 400, 'InvalidConflictResolutionStrategy'],
      ['POST', fileUrl(t.emu, 'a.bin', 'multipart&traffic_limit=fast', token), 400, 'ParamInvalid'],
      ['POST', `${t.emu.url}/api/v1/file/otherlib/-/a.bin?multipart&access_token=${token}`, 404, 'LibraryNotFound'],
      ['POST', `${t.emu.url}/api/v1/file/${t.emu.libraryId}/bad%20space/a.bin?multipart&access_token=${token}`, 400, 'SpaceIdInvalid'],
      ['POST', fileUrl(t.emu, '', 'multipart', token), 400, 'EmptyPath'],
      ['POST', fileUrl(t.emu, `${'n'.repeat(256)}.bin`, 'multipart', token), 400, 'FileNameLengthExceed'],
      ['POST', fileUrl(t.emu, 'a:b.bin', 'multipart', token), 400, 'IllegalFileName'],
      ['POST', fileUrl(t.emu, 'a.bin', 'multipart', token).replace('access_token', 'x'), 400, 'EmptyAccessToken'],
    ];
    for (const [method, u, status, code] of cases) {
      const r = await call(u, { method });
      expect([u, r.status, r.json?.code]).toEqual([u, status, code]);
    }
  });

  it('refuses path traversal, encoded separators and NUL in FilePath, and writes nothing outside the data folder', async () => {
    const before = await listTree(t.root);
    const attempts = [
      '../../../../etc/passwd', '..%2F..%2Fescape.bin', 'a/%2E%2E/%2E%2E/b.bin', 'a/./b.bin', 'a%00b.bin',
      'a%5C..%5Cb.bin', 'a%252F..%252Fb.bin', '%2e%2e', 'bad%ZZname.bin',
    ];
    for (const p of attempts) {
      const r = await raw(t.emu.url, 'POST', `/api/v1/file/${t.emu.libraryId}/-/${p}?multipart&access_token=${token}`);
      expect([p, r.status, JSON.parse(r.text).code]).toEqual([p, 400, 'IllegalFileName']);
    }
    const admin = await raw(t.emu.url, 'GET', '/__emulator/file/..%2F..%2Fstate.json');
    expect(admin.status).toBe(400);
    const cos = await raw(t.emu.cosUrl, 'GET', '/../../etc/passwd');
    expect(cos.status).toBe(403);
    await t.emu.close();
    const after = await listTree(t.root);
    expect(after.filter((p) => !p.startsWith('data'))).toEqual(before.filter((p) => !p.startsWith('data')));
    expect((await listTree(path.join(t.root, 'data'))).filter((p) => p.startsWith('blobs/') || p.startsWith('parts/'))).toEqual([]);
  });

  it('turns an internal failure into 500 InternalServerError JSON and keeps serving', async () => {
    const info: PartInfo & { confirmKey: string } = (await call(fileUrl(t.emu, 'x.bin', 'multipart', token), { method: 'POST' })).json;
    await putPart(info, 1, bytesOf(100));
    await rm(path.join(t.dataDir, 'parts', info.uploadId!), { recursive: true, force: true });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const r = await call(fileUrl(t.emu, info.confirmKey, 'confirm', token), { method: 'POST' });
      expect([r.status, r.json.code]).toEqual([500, 'InternalServerError']);
      expect(r.json.requestId).toBe(r.headers.get('x-smh-request-id'));
    } finally {
      console.error = original;
    }
    expect(JSON.stringify(errors)).not.toContain(token);
    expect((await call(fileUrl(t.emu, 'y.bin', 'multipart', token), { method: 'POST' })).status).toBe(201);
  });

  it('answers garbage on the socket with 400 and keeps serving', async () => {
    const { hostname, port } = new URL(t.emu.url);
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), hostname, () => socket.write('THIS IS NOT HTTP\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await call(`${t.emu.url}/__emulator/faults`)).status).toBe(200);
  });

  it('survives a client that drops the connection mid-part, as a reloaded tab does, and keeps serving', async () => {
    const begin = await call(fileUrl(t.emu, 'drop.bin', 'multipart', token), { method: 'POST' });
    const info = JSON.parse(begin.text) as PartInfo;
    const [host, port] = info.domain.split(':');
    /** Half the body; once the emulator has got as far as `arrived` says, the tab goes away. */
    const dropped = (withHeaders: Record<string, string>, arrived: (s: EmulatorStats) => boolean) =>
      new Promise<void>((resolve) => {
        const req = request({
          host, port: Number(port), method: 'PUT',
          path: `${info.path}?partNumber=1&uploadId=${info.uploadId}`,
          headers: { ...withHeaders, 'Content-Length': String(4 * MiB) },
        });
        req.on('error', () => resolve());
        req.on('close', () => resolve());
        req.write(bytesOf(2 * MiB));
        void t.emu.waitForStats(arrived).then(() => req.destroy());
      });
    const part = (s: EmulatorStats) => s.partPuts[info.uploadId!]?.['1'];
    // Once with valid credentials (the part stream breaks mid-body) ...
    await dropped(info.headers, (s) => (part(s)?.bytesReceived ?? 0) > 0);
    await t.emu.waitForStats((s) => part(s)?.active === 0);
    // ... and once with a bad signature (the error reply is being prepared when the client leaves).
    const before = t.emu.stats().requests['cos:upload-part'] ?? 0;
    await dropped({ ...info.headers, Authorization: 'q-sign-algorithm=sha1&q-signature=bad' }, (s) => s.requests['cos:upload-part'] === before + 1);
    expect((await call(`${t.emu.url}/__emulator/faults`)).status).toBe(200);
    expect((await putPart(info, 1, bytesOf(MiB))).status).toBe(200);
  });

  it('answers a part PUT without Content-Length with 411 and one with a wrong Content-MD5 with 400 BadDigest', async () => {
    const info: PartInfo = (await call(fileUrl(t.emu, 'x.bin', 'multipart', token), { method: 'POST' })).json;
    const { host } = new URL(`http://${info.domain}`);
    const chunked = await raw(`http://${host}`, 'PUT', `${info.path}?partNumber=1&uploadId=${info.uploadId}`,
      { ...info.headers, 'Transfer-Encoding': 'chunked' }, 'abc');
    expect(chunked.status).toBe(411);
    expect(chunked.text).toContain('<Code>MissingContentLength</Code>');
    const badMd5 = await putPart(info, 1, bytesOf(10), { ...info.headers, 'Content-MD5': 'AAAAAAAAAAAAAAAAAAAAAA==' });
    expect([badMd5.status, /<Code>(\w+)/.exec(badMd5.text)?.[1]]).toEqual([400, 'BadDigest']);
  });
});
