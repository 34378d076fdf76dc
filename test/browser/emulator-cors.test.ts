import { expect, inject, test } from 'vitest';

const emu = inject('emulator');
const MiB = 1024 * 1024;

function randomBytes(size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  for (let off = 0; off < size; off += 65536) crypto.getRandomValues(out.subarray(off, off + 65536));
  return out;
}

async function sha256(data: BufferSource): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function token(): Promise<string> {
  const r = await fetch(`${emu.url}/api/v1/token?library_id=${emu.libraryId}&library_secret=${emu.librarySecret}&grant=admin`, { method: 'POST' });
  return ((await r.json()) as { accessToken: string }).accessToken;
}

interface UploadInfo {
  domain: string;
  path: string;
  uploadId: string;
  headers: Record<string, string>;
  confirmKey: string;
}

test('the page, the SMH API and COS are three different origins', () => {
  const origins = new Set([location.origin, new URL(emu.url).origin, new URL(emu.cosUrl).origin]);
  expect(origins.size).toBe(3);
});

test('a page uploads a multipart file cross-origin: token, begin, part PUTs with readable ETags, confirm, exact bytes', async () => {
  const accessToken = await token();
  const data = randomBytes(2 * MiB + 54321);
  const name = `browser/cors-${Date.now()}.bin`;
  const api = (rest: string, query: string) => `${emu.url}/api/v1/file/${emu.libraryId}/-/${rest}?${query}&access_token=${accessToken}`;

  const begun = await fetch(api(encodeURIComponent(name), `multipart&filesize=${data.length}`), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ size: String(data.length) }),
  });
  expect(begun.status).toBe(201);
  expect(begun.headers.get('x-smh-request-id')).toMatch(/^[0-9a-f]+$/);
  expect(begun.headers.get('date')).not.toBeNull();
  const info = (await begun.json()) as UploadInfo;

  const etags: string[] = [];
  for (let n = 1, off = 0; off < data.length; n++, off += MiB) {
    const put = await fetch(`http://${info.domain}${info.path}?partNumber=${n}&uploadId=${info.uploadId}`, {
      method: 'PUT', headers: info.headers, body: data.subarray(off, off + MiB),
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('x-cos-hash-crc64ecma')).toMatch(/^\d+$/);
    etags.push(put.headers.get('ETag')!);
  }
  expect(etags).toHaveLength(3);
  for (const etag of etags) expect(etag).toMatch(/^"[0-9a-f]{32}"$/);

  const status = await fetch(api(info.confirmKey, 'upload'));
  const parts = ((await status.json()) as { parts: { ETag: string }[] }).parts;
  expect(parts.map((p) => p.ETag)).toEqual(etags);

  const confirmed = await fetch(api(info.confirmKey, 'confirm'), { method: 'POST' });
  expect(confirmed.status).toBe(200);
  expect(((await confirmed.json()) as { size: string }).size).toBe(String(data.length));

  const stored = await fetch(`${emu.url}/__emulator/file/${name}`);
  expect(await sha256(await stored.arrayBuffer())).toBe(await sha256(data));
});

test('a page can read COS\'s 403 "Request has expired" reply to a part PUT, then renew and succeed', async () => {
  const accessToken = await token();
  const api = (rest: string, query: string) => `${emu.url}/api/v1/file/${emu.libraryId}/-/${rest}?${query}&access_token=${accessToken}`;
  const info = (await (await fetch(api(`browser/expire-${Date.now()}.bin`, 'multipart'), { method: 'POST' })).json()) as UploadInfo;
  await fetch(`${emu.url}/__emulator/expire-credentials`, { method: 'POST' });
  const body = randomBytes(256 * 1024);
  const expired = await fetch(`http://${info.domain}${info.path}?partNumber=1&uploadId=${info.uploadId}`, { method: 'PUT', headers: info.headers, body });
  expect(expired.status).toBe(403);
  const xml = await expired.text();
  expect(xml).toContain('<Code>AccessDenied</Code>');
  expect(xml).toContain('<Message>Request has expired</Message>');
  const renewed = (await (await fetch(api(info.confirmKey, 'renew'), { method: 'POST' })).json()) as UploadInfo;
  const retry = await fetch(`http://${renewed.domain}${renewed.path}?partNumber=1&uploadId=${renewed.uploadId}`, { method: 'PUT', headers: renewed.headers, body });
  expect(retry.status).toBe(200);
});
