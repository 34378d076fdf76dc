import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/src/index.js';
import { adminFiles, bytesOf, call, crc64Decimal, MiB, sha256, type PartInfo } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).toReversed()) await c();
});

async function tempDir(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'smh-emu-restart-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  return path.join(root, 'data');
}

async function start(dataDir: string, ports: { port?: number; cosPort?: number } = {}): Promise<Emulator> {
  const emu = await startEmulator({ port: 0, cosPort: 0, dataDir, ...ports });
  cleanups.push(() => emu.close());
  return emu;
}

describe('an upload survives an emulator restart', () => {
  it('done-means: token, begin, parts, restart halfway, status, the rest of the parts, confirm: the stored bytes equal the source', async () => {
    const dataDir = await tempDir();
    const source = bytesOf(4 * MiB + 123_457, 2024);
    const partSize = MiB;
    const partCount = Math.ceil(source.length / partSize);
    const slice = (n: number) => source.subarray((n - 1) * partSize, n * partSize);

    // Only documented SMH calls: token, begin multipart, COS part PUTs, status, confirm.
    let emu = await start(dataDir);
    const tokenReply = await call(
      `${emu.url}/api/v1/token?library_id=${emu.libraryId}&library_secret=${emu.librarySecret}&grant=upload_file&user_id=u1&period=3600`,
      { method: 'POST' },
    );
    const token = tokenReply.json.accessToken as string;
    const api = (e: Emulator, rest: string, query: string) => `${e.url}/api/v1/file/${e.libraryId}/-/${rest}?${query}&access_token=${token}`;
    await emu.createFolder('videos');
    const begun = await call(api(emu, 'videos/holiday.mp4', `multipart&conflict_resolution_strategy=rename&filesize=${source.length}`), {
      method: 'POST', body: { size: String(source.length) },
    });
    expect(begun.status).toBe(201);
    const { confirmKey } = begun.json as { confirmKey: string };
    let info = begun.json as PartInfo;
    const put = (i: PartInfo, n: number) =>
      call(`http://${i.domain}${i.path}?partNumber=${n}&uploadId=${i.uploadId}`, { method: 'PUT', body: slice(n), headers: i.headers });
    for (const n of [1, 2]) expect((await put(info, n)).status).toBe(200);

    await emu.close();
    emu = await start(dataDir);

    const status = await call(api(emu, confirmKey, 'upload'));
    expect(status.status).toBe(200);
    expect(status.json.confirmed).toBe(false);
    expect(status.json.parts.map((p: { PartNumber: number; Size: number }) => [p.PartNumber, p.Size])).toEqual([[1, MiB], [2, MiB]]);
    info = status.json.uploadPartInfo as PartInfo;
    expect(info.domain).toBe(new URL(emu.cosUrl).host);
    const stored = new Set(status.json.parts.map((p: { PartNumber: number }) => p.PartNumber));
    const missing = Array.from({ length: partCount }, (_, i) => i + 1).filter((n) => !stored.has(n));
    expect(missing).toEqual([3, 4, 5]);
    const statuses = [];
    for (const n of missing) statuses.push((await put(info, n)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const confirmed = await call(api(emu, confirmKey, 'confirm'), { method: 'POST', body: { crc64: await crc64Decimal(source) } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toMatchObject({ path: ['videos', 'holiday.mp4'], size: String(source.length) });

    const files = await adminFiles(emu);
    expect(files).toEqual([expect.objectContaining({ path: 'videos/holiday.mp4', size: source.length, sha256: sha256(source) })]);
  });

  it('restart() reopens on the same ports with the same state', async () => {
    const emu = await start(await tempDir());
    const { url, cosUrl } = emu;
    const { accessToken } = await emu.issueToken({ grant: 'admin' });
    const begun = await call(`${url}/api/v1/file/${emu.libraryId}/-/a.bin?multipart&access_token=${accessToken}`, { method: 'POST' });
    await emu.restart();
    expect([emu.url, emu.cosUrl]).toEqual([url, cosUrl]);
    const status = await call(`${url}/api/v1/file/${emu.libraryId}/-/${begun.json.confirmKey}?upload&access_token=${accessToken}`);
    expect(status.json.uploadPartInfo.headers).toEqual(begun.json.headers);
  });

  it('close() frees both ports even with an upload body still arriving', async () => {
    const dataDir = await tempDir();
    const emu = await start(dataDir);
    const { accessToken } = await emu.issueToken();
    const info: PartInfo = (await call(`${emu.url}/api/v1/file/${emu.libraryId}/-/a.bin?multipart&access_token=${accessToken}`, { method: 'POST' })).json;
    const { hostname, port } = new URL(`http://${info.domain}`);
    const req = request({
      host: hostname, port, method: 'PUT', path: `${info.path}?partNumber=1&uploadId=${info.uploadId}`,
      headers: { ...info.headers, 'Content-Length': String(MiB) },
    });
    const settled = new Promise<void>((resolve) => {
      req.on('error', () => resolve());
      req.on('response', () => resolve());
    });
    req.write(bytesOf(1000));
    // Close only once the emulator is really reading this body.
    await emu.waitForStats((s) => (s.partPuts[info.uploadId!]?.['1']?.bytesReceived ?? 0) > 0);
    await emu.close();
    await settled;
    const ports = { port: Number(new URL(emu.url).port), cosPort: Number(new URL(emu.cosUrl).port) };
    const again = await start(dataDir, ports);
    expect(again.url).toBe(emu.url);
    const status = await call(`${again.url}/api/v1/file/${again.libraryId}/-/${(info as PartInfo & { confirmKey: string }).confirmKey}?upload&access_token=${accessToken}`);
    expect(status.json.parts).toEqual([]);
  });

  it('starts empty (keeping the bad file aside) when state.json is corrupt', async () => {
    const dataDir = await tempDir();
    const first = await start(dataDir);
    await first.issueToken();
    await first.close();
    const { writeFile, readdir } = await import('node:fs/promises');
    await writeFile(path.join(dataDir, 'state.json'), '{broken');
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      const second = await start(dataDir);
      expect(second.files()).toEqual([]);
    } finally {
      console.warn = warn;
    }
    expect((await readdir(dataDir)).some((n) => n.startsWith('state.json.corrupt-'))).toBe(true);
  });
});
