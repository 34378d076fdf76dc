import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { STATS_KEY_LIMIT } from '../../emulator/src/core.js';
import { bytesOf, call, fileUrl, getToken, putObject, putPart, startTestEmulator, type PartInfo, type TestEmulator } from './helpers.js';

// What the emulator's replies look like beyond the happy shape: reply variance, the Date header,
// and the state it forgets as SMH would (expired tasks, bounded stats).

const started: TestEmulator[] = [];
afterEach(async () => {
  for (const t of started.splice(0)) await t.cleanup();
});
async function emulator(options: Parameters<typeof startTestEmulator>[0] = {}) {
  const t = await startTestEmulator(options);
  started.push(t);
  return t;
}

/** The reply's shape: key order, and each value's JSON type (strings of random ids compare equal). */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => [k, shape(v)]);
  return typeof value;
}

/** Begin, status and confirm replies of one simple and one multipart upload with a traffic limit. */
async function replies(t: TestEmulator, rounds: number) {
  const token = await getToken(t.emu);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < rounds; i++) {
    const begun = await call(fileUrl(t.emu, `v${i}.bin`, 'multipart&traffic_limit=204800', token), { method: 'POST', headers: { 'x-smh-meta-n': String(i) } });
    expect(begun.status).toBe(201);
    const status = await call(fileUrl(t.emu, begun.json.confirmKey, 'upload', token));
    const info = (status.json.uploadPartInfo ?? begun.json) as PartInfo;
    const headers = Object.fromEntries(Object.entries(info.headers).map(([k, v]) => [k, String(v)]));
    expect((await putPart({ ...info, uploadId: begun.json.uploadId, headers }, 1, bytesOf(10))).status).toBe(200);
    const confirmed = await call(fileUrl(t.emu, begun.json.confirmKey, 'confirm', token), { method: 'POST' });
    expect(confirmed.status).toBe(200);
    out.push(begun.json, status.json, confirmed.json);
  }
  return out;
}

describe('reply variance', () => {
  it('is off by default: every optional field present, availableDomainNum a number, header values strings', async () => {
    const [begun, status] = await replies(await emulator(), 1);
    expect(begun).toMatchObject({ availableDomainNum: 1, headers: { 'x-cos-traffic-limit': '1638400' } });
    expect(Object.keys(status!)).toEqual(['confirmed', 'path', 'type', 'creationTime', 'conflictResolutionStrategy', 'force', 'availableDomainNum', 'uploadId', 'parts', 'uploadPartInfo']);
  });

  it('varies what SMH may vary, and a client that reads the headers as strings still uploads', async () => {
    const all = await replies(await emulator({ replyVariance: true, seed: 5 }), 8);
    const begins = all.filter((_, i) => i % 3 === 0);
    const statuses = all.filter((_, i) => i % 3 === 1);
    const confirms = all.filter((_, i) => i % 3 === 2);
    // Optional fields left out (sometimes), kept (other times).
    for (const field of ['availableDomainNum', 'conflictResolutionStrategy', 'force', 'type', 'creationTime']) {
      const present = statuses.filter((s) => field in s).length;
      expect([field, present > 0 && present < statuses.length]).toEqual([field, true]);
    }
    expect(confirms.some((c) => !('metaData' in c))).toBe(true);
    // availableDomainNum as a string, x-cos-traffic-limit as a JSON number.
    expect(all.some((r) => typeof r.availableDomainNum === 'string')).toBe(true);
    expect(all.some((r) => typeof r.availableDomainNum === 'number')).toBe(true);
    const limits = begins.map((b) => (b.headers as Record<string, unknown>)['x-cos-traffic-limit']);
    expect(limits.some((v) => typeof v === 'number') && limits.some((v) => typeof v === 'string')).toBe(true);
    // Unknown fields, and fields in another order.
    const known = new Set(['domain', 'path', 'uploadId', 'headers', 'confirmKey', 'expiration', 'availableDomainNum']);
    expect(begins.every((b) => Object.keys(b).some((k) => !known.has(k)))).toBe(true);
    expect(new Set(begins.map((b) => Object.keys(b).filter((k) => known.has(k)).join())).size).toBeGreaterThan(1);
    // Never what a client needs: the upload info itself, the task key, the parts, the confirmed path.
    for (const b of begins) expect(b).toMatchObject({ domain: expect.any(String), path: expect.any(String), confirmKey: expect.any(String), headers: expect.any(Object) });
    for (const c of confirms) expect(c.path).toEqual([expect.stringMatching(/^v\d\.bin$/)]);
  });

  it('repeats the same shapes for the same seed and request order, and other shapes for another seed', async () => {
    const a = (await replies(await emulator({ replyVariance: true, seed: 11 }), 3)).map(shape);
    const b = (await replies(await emulator({ replyVariance: true, seed: 11 }), 3)).map(shape);
    const c = (await replies(await emulator({ replyVariance: true, seed: 12 }), 3)).map(shape);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});

describe('Date header', () => {
  it('is stamped when the reply is sent, not when the request arrived (a slow body does not age it)', async () => {
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const t = await emulator({ now: () => clock });
    const { accessToken } = await t.emu.issueToken();
    const { hostname, port } = new URL(t.emu.url);
    const body = JSON.stringify({ size: '10' });
    const req = request({
      host: hostname, port, method: 'POST',
      path: `/api/v1/file/${t.emu.libraryId}/-/d.bin?multipart&access_token=${accessToken}`,
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
    });
    const reply = new Promise<{ status: number; date: string }>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode!, date: res.headers.date! });
      });
      req.on('error', reject);
    });
    req.flushHeaders();
    await t.emu.waitForStats((s) => s.requests['smh:begin-multipart'] === 1);
    clock += 90_000; // the body takes a minute and a half to arrive
    req.end(body);
    expect(await reply).toEqual({ status: 201, date: new Date(clock).toUTCString() });
  });

  it('is stamped on COS replies and errors too, from the emulator clock', async () => {
    const clock = Date.parse('2031-06-01T12:00:00Z');
    const t = await emulator({ now: () => clock });
    const r = await call(`${t.emu.cosUrl}/nothing`);
    expect([r.status, r.headers.get('date')]).toEqual([403, new Date(clock).toUTCString()]);
    const smh = await call(`${t.emu.url}/api/v1/nowhere`);
    expect([smh.status, smh.headers.get('date')]).toEqual([404, new Date(clock).toUTCString()]);
  });
});

describe('bounded state', () => {
  it('forgets upload tasks taskTtlSeconds after begin (404 UploadNotFound / ConfirmKeyNotFound), with their parts and credentials', async () => {
    const t = await emulator({ taskTtlSeconds: 3600 });
    const token = await getToken(t.emu);
    const multipart = await call(fileUrl(t.emu, 'm.bin', 'multipart', token), { method: 'POST' });
    await putPart(multipart.json, 1, bytesOf(10));
    const simple = await call(fileUrl(t.emu, 's.bin', 'filesize=5', token), { method: 'PUT', body: {} });
    await putObject(simple.json, bytesOf(5));
    t.advance(3599 * 1000);
    expect((await call(fileUrl(t.emu, multipart.json.confirmKey, 'upload', token))).status).toBe(200);
    t.advance(2 * 1000);
    const status = await call(fileUrl(t.emu, multipart.json.confirmKey, 'upload', token));
    expect([status.status, status.json.code]).toEqual([404, 'UploadNotFound']);
    const confirm = await call(fileUrl(t.emu, simple.json.confirmKey, 'confirm', token), { method: 'POST' });
    expect([confirm.status, confirm.json.code]).toEqual([404, 'ConfirmKeyNotFound']);
    // Its COS side is gone too: the multipart upload (and its parts) and the unconfirmed object.
    await t.emu.close();
    const state = JSON.parse(await (await import('node:fs/promises')).readFile(`${t.dataDir}/state.json`, 'utf8'));
    expect([Object.keys(state.tasks), Object.keys(state.uploads), Object.keys(state.objects)]).toEqual([[], [], []]);
  });

  it('defaults to 7 days, and forgets expired access tokens', async () => {
    const t = await emulator();
    expect((await call(`${t.emu.url}/__emulator/info`)).json.taskTtlSeconds).toBe(7 * 24 * 3600);
    await t.emu.issueToken({ period: 1200 });
    t.advance(1201 * 1000);
    await t.emu.issueToken({ period: 86400 });
    await t.emu.close();
    const state = JSON.parse(await (await import('node:fs/promises')).readFile(`${t.dataDir}/state.json`, 'utf8'));
    expect(Object.keys(state.tokens)).toHaveLength(1);
  });

  it(`keeps per-upload and per-task stats for the latest ${STATS_KEY_LIMIT} keys only`, async () => {
    const t = await emulator();
    const token = await getToken(t.emu);
    const keys: string[] = [];
    for (let i = 0; i < 3; i++) keys.push((await call(fileUrl(t.emu, `s${i}.bin`, 'multipart', token), { method: 'POST' })).json.confirmKey);
    for (const key of keys) await call(fileUrl(t.emu, key, 'upload', token));
    expect(Object.keys(t.emu.stats().statusCalls)).toEqual(keys);
    // Fill to the limit with unknown keys (each still counted): the oldest real keys go first.
    for (let i = 0; i < STATS_KEY_LIMIT - 1; i++) await call(fileUrl(t.emu, `k${i}`, 'upload', token));
    const kept = Object.keys(t.emu.stats().statusCalls);
    expect(kept).toHaveLength(STATS_KEY_LIMIT);
    expect(kept.slice(0, 1)).toEqual([keys[2]]);
  }, 60_000);
});
