import COS from 'cos-js-sdk-v5';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  bytesOf, call, crc64Decimal, fileUrl, getToken, md5, MiB, putPart, sha256, startTestEmulator, type PartInfo, type TestEmulator,
} from './helpers.js';

let t: TestEmulator;
let token: string;
beforeEach(async () => {
  t = await startTestEmulator({ partInfoTtlSeconds: 60 });
  token = await getToken(t.emu);
});
afterEach(async () => {
  await t.cleanup();
});

async function begin(name = 'f.bin'): Promise<PartInfo & { confirmKey: string }> {
  const r = await call(fileUrl(t.emu, name, 'multipart', token), { method: 'POST' });
  return r.json;
}

type CosMethod = Parameters<typeof COS.getAuthorization>[0]['Method'];

const partXml = (n: number, etag: string) => `<Part><PartNumber>${n}</PartNumber><ETag>${etag}</ETag></Part>`;

/** A COS request signed by Tencent's own SDK code with the emulator's SecretId/SecretKey. */
function signed(method: string, key: string, query: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const host = new URL(t.emu.cosUrl).host;
  const authorization = COS.getAuthorization({
    SecretId: t.emu.cos.secretId, SecretKey: t.emu.cos.secretKey, Method: method as CosMethod, Key: key,
    Query: query, Headers: { host, ...headers },
  });
  const qs = Object.entries(query).map(([k, v]) => (v === '' ? k : `${k}=${encodeURIComponent(v)}`)).join('&');
  return {
    url: `${t.emu.cosUrl}/${key.split('/').map(encodeURIComponent).join('/')}${qs ? `?${qs}` : ''}`,
    headers: { Authorization: authorization, ...headers },
  };
}

function xmlValue(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
}

describe('COS part PUT checks', () => {
  it('answers 403 AccessDenied "Request has expired" once uploadPartInfo expired, and renew heals it', async () => {
    const info = await begin();
    t.advance(61_000);
    const r = await putPart(info, 1, bytesOf(10));
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toBe('application/xml');
    expect(xmlValue(r.text, 'Code')).toBe('AccessDenied');
    expect(xmlValue(r.text, 'Message')).toBe('Request has expired');
    expect(xmlValue(r.text, 'RequestId')).toBe(r.headers.get('x-cos-request-id'));
    const renewed = await call(fileUrl(t.emu, info.confirmKey, 'renew', token), { method: 'POST' });
    expect((await putPart(renewed.json, 1, bytesOf(10))).status).toBe(200);
  });

  it('still says "Request has expired" to a PUT signed with an expired key after a renew issued a new one', async () => {
    const info = await begin();
    // Expired by the admin route: the key is dead while its signature's time window is still open.
    await call(`${t.emu.url}/__emulator/expire-credentials`, { method: 'POST' });
    await call(fileUrl(t.emu, info.confirmKey, 'renew', token), { method: 'POST' });
    // A part already on its way with the old key must learn to renew, not that the key is unknown.
    const r = await putPart(info, 2, bytesOf(10));
    expect(xmlValue(r.text, 'Code')).toBe('AccessDenied');
    expect(xmlValue(r.text, 'Message')).toBe('Request has expired');
  });

  it('expires credentials on demand through the admin route; status then hands out fresh ones', async () => {
    const info = await begin();
    const r = await call(`${t.emu.url}/__emulator/expire-credentials`, { method: 'POST' });
    expect(r.json.credentials).toBeGreaterThanOrEqual(1);
    expect(xmlValue((await putPart(info, 1, bytesOf(10))).text, 'Message')).toBe('Request has expired');
    const status = await call(fileUrl(t.emu, info.confirmKey, 'upload', token));
    expect(status.json.uploadPartInfo.headers.Authorization).not.toBe(info.headers.Authorization);
    expect((await putPart(status.json.uploadPartInfo, 1, bytesOf(10))).status).toBe(200);
  });

  it('repeats the current credentials in status while they are valid', async () => {
    const info = await begin();
    const status = await call(fileUrl(t.emu, info.confirmKey, 'upload', token));
    expect(status.json.uploadPartInfo.headers).toEqual(info.headers);
    expect(status.json.uploadPartInfo.expiration).toBe(info.expiration);
  });

  it('answers 403 SignatureDoesNotMatch for a missing, altered or foreign signature', async () => {
    const info = await begin();
    const { Authorization: _auth, ...noAuth } = info.headers;
    const missing = await putPart(info, 1, bytesOf(10), noAuth);
    expect([missing.status, xmlValue(missing.text, 'Code')]).toEqual([403, 'SignatureDoesNotMatch']);
    const altered = info.headers.Authorization!.replace(/q-signature=(.)/, (_m, c: string) => `q-signature=${c === 'a' ? 'b' : 'a'}`);
    const bad = await putPart(info, 1, bytesOf(10), { ...info.headers, Authorization: altered });
    expect([bad.status, xmlValue(bad.text, 'Code')]).toEqual([403, 'SignatureDoesNotMatch']);
    const wrongToken = await putPart(info, 1, bytesOf(10), { ...info.headers, 'x-cos-security-token': 'x' });
    expect([wrongToken.status, xmlValue(wrongToken.text, 'Code')]).toEqual([403, 'SignatureDoesNotMatch']);
    const unknownKey = await putPart(info, 1, bytesOf(10), { ...info.headers, Authorization: info.headers.Authorization!.replace(/q-ak=\w+/, 'q-ak=AKIDnobody') });
    expect([unknownKey.status, xmlValue(unknownKey.text, 'Code')]).toEqual([403, 'InvalidAccessKeyId']);
  });

  it('keeps a task\'s credentials to its own object and upload', async () => {
    const a = await begin('a.bin');
    const b = await begin('b.bin');
    const cross = await putPart({ ...b, headers: a.headers }, 1, bytesOf(10));
    expect(cross.status).toBe(403);
    const wrongUpload = await putPart({ ...a, uploadId: b.uploadId! }, 1, bytesOf(10));
    expect(wrongUpload.status).toBe(403);
  });

  it('refuses partNumber outside 1..10000 and an unknown uploadId', async () => {
    const info = await begin();
    for (const n of [0, 10001]) {
      const r = await putPart(info, n, bytesOf(10));
      expect([r.status, xmlValue(r.text, 'Code')]).toEqual([400, 'InvalidArgument']);
    }
    const master = signed('PUT', info.path.slice(1), { partNumber: '1', uploadId: 'ffffffffffffffff' });
    const r = await call(master.url, { method: 'PUT', body: bytesOf(10), headers: master.headers });
    expect([r.status, xmlValue(r.text, 'Code')]).toEqual([404, 'NoSuchUpload']);
  });

  it('overwrites a re-sent part (the later PUT wins, as on COS)', async () => {
    const info = await begin();
    await putPart(info, 1, bytesOf(10, 1));
    await putPart(info, 1, bytesOf(12, 2));
    const status = await call(fileUrl(t.emu, info.confirmKey, 'upload', token));
    expect(status.json.parts).toEqual([expect.objectContaining({ PartNumber: 1, Size: 12, ETag: `"${md5(bytesOf(12, 2))}"` })]);
  });
});

describe('CORS', () => {
  it('checks Content-MD5 as COS does: the right one stores the part, another is 400 BadDigest, a malformed one 400 InvalidDigest', async () => {
    const info = await begin();
    const body = bytesOf(1000, 3);
    const right = createHash('md5').update(body).digest('base64');
    const ok = await putPart(info, 1, body, { ...info.headers, 'Content-MD5': right });
    expect(ok.status).toBe(200);
    // The reply carries COS's CRC-64 of what it stored, as a decimal string.
    expect(ok.headers.get('x-cos-hash-crc64ecma')).toBe(await crc64Decimal(body));
    const other = await putPart(info, 2, body, { ...info.headers, 'Content-MD5': createHash('md5').update('other').digest('base64') });
    expect([other.status, xmlValue(other.text, 'Code')]).toEqual([400, 'BadDigest']);
    const malformed = await putPart(info, 2, body, { ...info.headers, 'Content-MD5': md5(body) });
    expect([malformed.status, xmlValue(malformed.text, 'Code')]).toEqual([400, 'InvalidDigest']);
    expect(xmlValue(malformed.text, 'Message')).toBe('The Content-MD5 you specified is not valid.');
    const listed = await call(fileUrl(t.emu, info.confirmKey, 'upload', token));
    expect(listed.json.parts.map((p: { PartNumber: number }) => p.PartNumber)).toEqual([1]);
  });

  it('answers preflights on the COS origin and exposes ETag to the page', async () => {
    const info = await begin();
    const pre = await fetch(`http://${info.domain}${info.path}?partNumber=1&uploadId=${info.uploadId}`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://app.example', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization,content-type,x-cos-security-token' },
    });
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://app.example');
    expect(pre.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(pre.headers.get('access-control-allow-headers')).toBe('authorization,content-type,x-cos-security-token');
    const put = await putPart(info, 1, bytesOf(10), { ...info.headers, Origin: 'http://app.example' });
    expect(put.headers.get('access-control-expose-headers')).toMatch(/ETag.*x-cos-request-id.*x-cos-hash-crc64ecma/);
  });

  it('answers preflights on the SMH origin and exposes Date and x-smh-request-id', async () => {
    const pre = await fetch(`${t.emu.url}/api/v1/file/${t.emu.libraryId}/-/a.bin?multipart`, {
      method: 'OPTIONS', headers: { Origin: 'http://app.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://app.example');
    const r = await fetch(fileUrl(t.emu, 'x', 'upload', token), { headers: { Origin: 'http://app.example' } });
    expect(r.headers.get('access-control-expose-headers')).toMatch(/Date.*x-smh-request-id/);
  });

  it('refuses origins outside a configured list', async () => {
    const strict = await startTestEmulator({ corsOrigins: ['http://allowed.example'] });
    try {
      const pre = await fetch(`${strict.emu.cosUrl}/k`, {
        method: 'OPTIONS', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'PUT' },
      });
      expect(pre.status).toBe(403);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await strict.cleanup();
    }
  });
});

describe('COS multipart API for a standard COS client (SecretId/SecretKey, q-sign)', () => {
  it('initiates, uploads, lists parts, completes (checking ETags and sizes), reads back and aborts', async () => {
    const key = 'sdk/dir/file name (1).bin';
    const init = signed('POST', key, { uploads: '' });
    const r = await call(init.url, { method: 'POST', headers: init.headers });
    expect(r.status).toBe(200);
    const uploadId = xmlValue(r.text, 'UploadId')!;
    expect(xmlValue(r.text, 'Key')).toBe(key);

    const data = bytesOf(MiB + 777, 21);
    const parts = [data.subarray(0, MiB), data.subarray(MiB)];
    const etags: string[] = [];
    for (const [i, part] of parts.entries()) {
      const p = signed('PUT', key, { partNumber: String(i + 1), uploadId });
      const put = await call(p.url, { method: 'PUT', body: part, headers: p.headers });
      expect(put.status).toBe(200);
      etags.push(put.headers.get('etag')!);
    }

    const list = signed('GET', key, { uploadId });
    const listed = await call(list.url, { headers: list.headers });
    expect(listed.text.match(/<PartNumber>\d+<\/PartNumber>/g)).toEqual(['<PartNumber>1</PartNumber>', '<PartNumber>2</PartNumber>']);

    const uploads = signed('GET', '', { uploads: '', prefix: 'sdk/' });
    expect((await call(uploads.url, { headers: uploads.headers })).text).toContain(`<UploadId>${uploadId}</UploadId>`);

    const completeWith = async (xml: string) => {
      const c = signed('POST', key, { uploadId });
      return call(c.url, { method: 'POST', body: xml, headers: { ...c.headers, 'Content-Type': 'application/xml' } });
    };
    const wrongTag = await completeWith(`<CompleteMultipartUpload>${partXml(1, etags[0]!)}${partXml(2, '"00"')}</CompleteMultipartUpload>`);
    expect([wrongTag.status, xmlValue(wrongTag.text, 'Code')]).toEqual([400, 'InvalidPart']);
    const malformed = await completeWith('<nope/>');
    expect([malformed.status, xmlValue(malformed.text, 'Code')]).toEqual([400, 'MalformedXML']);
    const done = await completeWith(`<CompleteMultipartUpload>${partXml(1, etags[0]!.replace(/"/g, '&quot;'))}${partXml(2, etags[1]!)}</CompleteMultipartUpload>`);
    expect(done.status).toBe(200);
    expect(xmlValue(done.text, 'ETag')).toMatch(/^"[0-9a-f]{32}-2"$/);

    const get = signed('GET', key);
    const body = new Uint8Array(await (await fetch(get.url, { headers: get.headers })).arrayBuffer());
    expect(sha256(body)).toBe(sha256(data));
    const head = signed('HEAD', key);
    const h = await fetch(head.url, { method: 'HEAD', headers: head.headers });
    expect(h.headers.get('content-length')).toBe(String(data.length));

    // EntityTooSmall: a non-last part under 1 MiB.
    const init2 = signed('POST', 'small.bin', { uploads: '' });
    const id2 = xmlValue((await call(init2.url, { method: 'POST', headers: init2.headers })).text, 'UploadId')!;
    const tags: string[] = [];
    for (const n of [1, 2]) {
      const p = signed('PUT', 'small.bin', { partNumber: String(n), uploadId: id2 });
      tags.push((await call(p.url, { method: 'PUT', body: bytesOf(100, n), headers: p.headers })).headers.get('etag')!);
    }
    const c2 = signed('POST', 'small.bin', { uploadId: id2 });
    const small = await call(c2.url, { method: 'POST', body: `<CompleteMultipartUpload>${partXml(1, tags[0]!)}${partXml(2, tags[1]!)}</CompleteMultipartUpload>`, headers: c2.headers });
    expect([small.status, xmlValue(small.text, 'Code')]).toEqual([400, 'EntityTooSmall']);
    const abort = signed('DELETE', 'small.bin', { uploadId: id2 });
    expect((await call(abort.url, { method: 'DELETE', headers: abort.headers })).status).toBe(204);
    const gone = signed('GET', 'small.bin', { uploadId: id2 });
    expect((await call(gone.url, { headers: gone.headers })).status).toBe(404);
  });

  it('answers NoSuchKey for a missing object and MethodNotAllowed for an unknown call', async () => {
    const get = signed('GET', 'nothing.bin');
    const r = await call(get.url, { headers: get.headers });
    expect([r.status, xmlValue(r.text, 'Code')]).toEqual([404, 'NoSuchKey']);
    const patch = await call(`${t.emu.cosUrl}/x`, { method: 'PATCH' });
    expect([patch.status, xmlValue(patch.text, 'Code')]).toEqual([405, 'MethodNotAllowed']);
  });

  it('does not let SMH-issued temporary keys use the bucket API', async () => {
    const info = await begin();
    const r = await call(`http://${info.domain}${info.path}?uploadId=${info.uploadId}`, { headers: info.headers });
    expect(r.status).toBe(403);
  });
});
