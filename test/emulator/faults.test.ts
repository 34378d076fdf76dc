import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FaultState } from '../../emulator/src/faults.js';
import { bytesOf, call, fileUrl, getToken, putPart, startTestEmulator, type PartInfo, type TestEmulator } from './helpers.js';

let t: TestEmulator;
let token: string;
beforeEach(async () => {
  t = await startTestEmulator();
  token = await getToken(t.emu);
});
afterEach(async () => {
  await t.cleanup();
});

const setFaults = (body: object | string) => call(`${t.emu.url}/__emulator/faults`, { method: 'POST', body });
const stats = async () => (await call(`${t.emu.url}/__emulator/stats`)).json;
async function begin(): Promise<PartInfo & { confirmKey: string }> {
  return (await call(fileUrl(t.emu, 'f.bin', 'multipart', token), { method: 'POST' })).json;
}

describe('fault injection', () => {
  it('fails every part PUT with 503 at rate 1 in 5xx mode, counting the bytes that still arrived', async () => {
    const info = await begin();
    const set = await setFaults({ partFailureRate: 1, partFailureMode: '5xx' });
    expect(set.json).toMatchObject({ partFailureRate: 1, partFailureMode: '5xx' });
    const r = await putPart(info, 1, bytesOf(1000));
    expect(r.status).toBe(503);
    expect(r.text).toContain('<Code>ServiceUnavailable</Code>');
    const s = await stats();
    expect(s.partPuts[info.uploadId!]).toEqual({ 1: { puts: 1, bytesReceived: 1000, stored: 0, active: 0 } });
    expect(s.faultsInjected).toEqual({ 'part-5xx': 1 });
    const status = await call(fileUrl(t.emu, info.confirmKey, 'upload', token));
    expect(status.json.parts).toEqual([]);
  });

  it('drops the connection mid-body in drop mode, storing nothing', async () => {
    const info = await begin();
    await setFaults({ partFailureRate: 1, partFailureMode: 'drop' });
    await expect(putPart(info, 1, bytesOf(512 * 1024))).rejects.toThrow('fetch failed');
    expect((await stats()).faultsInjected).toEqual({ 'part-drop': 1 });
    await setFaults({ partFailureRate: 0 });
    expect((await putPart(info, 1, bytesOf(100))).status).toBe(200);
  });

  it('repeats the same failures for the same seed', async () => {
    const info = await begin();
    const run = async () => {
      await setFaults({ seed: 42, partFailureRate: 0.5, partFailureMode: 'mixed' });
      const outcomes: string[] = [];
      for (let n = 1; n <= 16; n++) {
        outcomes.push(await putPart(info, n, bytesOf(64)).then((r) => String(r.status), () => 'drop'));
      }
      return outcomes;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['200', '503', 'drop']));
  });

  it('answers the next N SMH API calls with 429 RateLimitExceeded, then recovers; admin routes are exempt', async () => {
    await setFaults({ rateLimitNext: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await call(fileUrl(t.emu, 'nokey', 'upload', token));
      expect([r.status, r.json.code]).toEqual([429, 'RateLimitExceeded']);
      expect(r.headers.get('retry-after')).toBe('1');
      expect((await call(`${t.emu.url}/__emulator/faults`)).json.rateLimitNext).toBe(1 - i);
    }
    expect((await call(fileUrl(t.emu, 'nokey', 'upload', token))).status).toBe(404);
    expect((await stats()).faultsInjected['rate-limit']).toBe(2);
  });

  it('takes faults at start and through setFaults(), and refuses bad fault values with 400', async () => {
    const started = await startTestEmulator({ faults: { latencyMs: 5, bandwidthBytesPerSecond: 4096 }, seed: 7 });
    try {
      expect(started.emu.faults()).toMatchObject({ latencyMs: 5, bandwidthBytesPerSecond: 4096, seed: 7 });
      expect(started.emu.setFaults({ latencyMs: 0 }).latencyMs).toBe(0);
    } finally {
      await started.cleanup();
    }
    for (const body of [{ partFailureRate: 2 }, { partFailureMode: 'boom' }, { nope: 1 }, { rateLimitNext: -1 }, { bandwidthBytesPerSecond: 10 }]) {
      const r = await setFaults(body);
      expect([r.status, r.json.code]).toEqual([400, 'ParamInvalid']);
    }
    const garbage = await call(`${t.emu.url}/__emulator/faults`, { method: 'POST', body: '{nope' });
    expect([garbage.status, garbage.json.code]).toEqual([400, 'BadRequest']);
  });

  it('holds COS requests for latencyMs before handling them', async () => {
    const info = await begin();
    await setFaults({ latencyMs: 60_000 });
    const controller = new AbortController();
    const pending = fetch(`http://${info.domain}${info.path}?partNumber=1&uploadId=${info.uploadId}`, {
      method: 'PUT', headers: info.headers, body: bytesOf(10), signal: controller.signal,
    }).catch(() => 'aborted');
    // The request has arrived (and been counted) but is held by the latency before any byte is read.
    await t.emu.waitForStats((s) => s.requests['cos:upload-part'] === 1);
    expect((await stats()).partPuts).toEqual({}); // still waiting: not a byte read
    controller.abort();
    expect(await pending).toBe('aborted');
    await setFaults({ latencyMs: 0 });
  });
});

describe('bandwidth pacing', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('shares one budget between connections in total scope, and gives each its own in connection scope', () => {
    vi.spyOn(performance, 'now').mockReturnValue(1000);
    const total = new FaultState({ bandwidthBytesPerSecond: 2048 });
    const a = total.pacer();
    const b = total.pacer();
    expect(a(1024)).toBe(500);
    expect(b(1024)).toBe(1000);
    const perConnection = new FaultState({ bandwidthBytesPerSecond: 2048, bandwidthScope: 'connection' });
    const c = perConnection.pacer();
    const d = perConnection.pacer();
    expect(c(1024)).toBe(500);
    expect(d(1024)).toBe(500);
    expect(c(1024)).toBe(1000);
  });

  it('applies x-cos-traffic-limit to one body on top of the fault cap', () => {
    vi.spyOn(performance, 'now').mockReturnValue(0);
    const state = new FaultState({});
    const pace = state.pacer(100 * 1024);
    expect(pace(100 * 1024)).toBe(1000);
    expect(new FaultState({}).pacer()(1e9)).toBe(0);
  });
});
