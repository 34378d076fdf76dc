// The fault proxy's own tests, against a plain Node upstream: each fault must really happen (and
// nothing else), or the network tests that rely on it would pass without meeting the fault.
import { createHash, randomBytes } from 'node:crypto';
import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from './faultProxy';
import { waitUntil } from './harness';

interface Seen {
  method: string;
  url: string;
  host: string | undefined;
  bytes: number;
  sha256: string;
  /** The whole body arrived (false: the connection died mid-body). */
  complete: boolean;
}

let upstream: Server;
let upstreamUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const hash = createHash('sha256');
    const entry: Seen = { method: req.method ?? '', url: req.url ?? '', host: req.headers.host, bytes: 0, sha256: '', complete: false };
    seen.push(entry);
    req.on('data', (chunk: Buffer) => {
      entry.bytes += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => {
      entry.complete = true;
      entry.sha256 = hash.digest('hex');
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes', date: 'Tue, 01 Dec 2026 08:00:00 GMT' });
      res.end(JSON.stringify({ got: entry.bytes, url: entry.url }));
    });
    req.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

/** Timers the test fires by hand: which wait ran is an event, not a race with the wall clock. */
function manualTimers() {
  const timers: { ms: number; run: () => void; live: boolean }[] = [];
  return {
    schedule: (run: () => void, ms: number) => {
      const timer = { ms, run, live: true };
      timers.push(timer);
      return () => {
        timer.live = false;
      };
    },
    /** Runs every live timer of up to `maxMs` (not the proxy's own lifetime or hold bounds). */
    fireAll(maxMs = 1_000) {
      for (const timer of timers.filter((t) => t.live && t.ms <= maxMs)) {
        timer.live = false;
        timer.run();
      }
    },
    /** Runs every live timer of `ms`; fails when there is none. */
    fire(ms: number) {
      const due = timers.filter((timer) => timer.live && timer.ms === ms);
      expect(due.length, `a live ${ms} ms timer`).toBeGreaterThan(0);
      for (const timer of due) {
        timer.live = false;
        timer.run();
      }
    },
  };
}

let proxy: FaultProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  seen.length = 0;
});

function start(options: Partial<FaultProxyOptions> = {}): Promise<FaultProxy> {
  return startFaultProxy({ upstream: { smh: () => upstreamUrl, cos: () => upstreamUrl }, ...options }).then((started) => {
    proxy = started;
    return started;
  });
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request on its own connection; rejects with the socket error (`code`) when the connection dies. */
function send(
  url: string,
  { method = 'GET', body, signal, agent }: { method?: string; body?: Buffer; signal?: AbortSignal; agent?: Agent } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: agent ?? false, ...(signal ? { signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const settled = <T>(promise: Promise<T>) => {
  const state = { done: false };
  promise.then(
    () => {
      state.done = true;
    },
    () => {
      state.done = true;
    },
  );
  return state;
};

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('fault proxy', () => {
  it('listens on loopback and forwards untouched requests byte for byte, keeping Host and Date, and logs them', async () => {
    const p = await start();
    expect(p.smhUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(p.cosHost).toMatch(/^127\.0\.0\.1:\d+$/);
    const body = randomBytes(700_000);
    const reply = await send(`${p.cosUrl}/bucket/key?partNumber=1&uploadId=u1`, { method: 'PUT', body });
    expect(reply.status).toBe(200);
    expect(reply.headers['x-upstream']).toBe('yes');
    expect(reply.headers.date).toBe('Tue, 01 Dec 2026 08:00:00 GMT');
    expect(JSON.parse(reply.body)).toEqual({ got: body.length, url: '/bucket/key?partNumber=1&uploadId=u1' });
    expect(seen).toEqual([
      { method: 'PUT', url: '/bucket/key?partNumber=1&uploadId=u1', host: p.cosHost, bytes: body.length, sha256: sha256(body), complete: true },
    ]);
    const smh = await send(`${p.smhUrl}/api/v1/file/lib/-/a.txt?confirm=1`, { method: 'POST' });
    expect(smh.status).toBe(200);
    expect(p.log()).toEqual([
      expect.objectContaining({ id: 1, at: expect.any(Number), origin: 'cos', method: 'PUT', path: '/bucket/key', query: { partNumber: '1', uploadId: 'u1' }, bytesIn: body.length, bytesUp: body.length, status: 200, end: 'answered' }),
      expect.objectContaining({ id: 2, origin: 'smh', method: 'POST', path: '/api/v1/file/lib/-/a.txt', query: { confirm: '1' }, status: 200, end: 'answered', replyExcerpt: smh.body }),
    ]);
    expect(p.log().every((entry) => entry.fault === undefined)).toBe(true);
  });

  it('stall: reads the whole body, forwards nothing, never answers, and logs the client giving up', async () => {
    const p = await start({ rules: [{ name: 'stall part 2', origin: 'cos', method: 'PUT', query: { partNumber: '2' }, action: { kind: 'stall' } }] });
    const body = randomBytes(512 * 1024);
    const abort = new AbortController();
    const pending = send(`${p.cosUrl}/k?partNumber=2&uploadId=u`, { method: 'PUT', body, signal: abort.signal });
    const state = settled(pending);
    await waitUntil('the stalled body to be read', () => p.log()[0]?.bytesIn === body.length);
    // A request after it goes through: the proxy is not stuck, only that request is.
    expect((await send(`${p.cosUrl}/k?partNumber=3&uploadId=u`, { method: 'PUT', body: Buffer.from('x') })).status).toBe(200);
    expect(state.done).toBe(false);
    expect(seen.map((s) => s.url)).toEqual(['/k?partNumber=3&uploadId=u']);
    expect(p.log()[0]).toMatchObject({ fault: { rule: 'stall part 2', kind: 'stall' }, bytesUp: 0 });
    expect(p.log()[0]?.end).toBeUndefined();
    abort.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await waitUntil('the proxy to see the client go', () => p.log()[0]?.end === 'client-closed');
    expect(p.hits('stall part 2')).toBe(1);
  });

  it('stall: lets a held request go after maxHoldMs by closing its connection', async () => {
    const timers = manualTimers();
    const p = await start({ maxHoldMs: 90_000, schedule: timers.schedule, rules: [{ name: 'stall', origin: 'smh', method: 'GET', action: { kind: 'stall' } }] });
    const pending = send(`${p.smhUrl}/x`);
    await waitUntil('the request to be held', () => p.log().length === 1);
    timers.fire(90_000);
    await expect(pending).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(p.log()[0]?.end).toBe('held-too-long');
    expect(seen).toEqual([]);
  });

  it('reset: the server gets exactly the first N bytes and a dead connection, the client a reset', async () => {
    const p = await start({ rules: [{ name: 'reset', origin: 'cos', method: 'PUT', action: { kind: 'reset', afterBytes: 300_000 } }] });
    const body = randomBytes(1024 * 1024);
    await expect(send(`${p.cosUrl}/k?partNumber=1`, { method: 'PUT', body })).rejects.toMatchObject({
      code: expect.stringMatching(/^(ECONNRESET|EPIPE)$/),
    });
    await waitUntil('the server to see the connection die', () => seen[0]?.bytes === 300_000 || undefined, { timeoutMs: 10_000 });
    expect(seen).toEqual([expect.objectContaining({ bytes: 300_000, complete: false })]);
    expect(p.log()[0]).toMatchObject({ end: 'reset', bytesUp: 300_000, fault: { kind: 'reset' } });
    expect(p.log()[0]?.status).toBeUndefined();
  });

  it('delay: holds the request until its time, then forwards and answers it', async () => {
    const timers = manualTimers();
    const p = await start({ schedule: timers.schedule, rules: [{ name: 'slow', origin: 'smh', method: 'POST', action: { kind: 'delay', ms: 7_000 } }] });
    const pending = send(`${p.smhUrl}/api/v1/file/l/-/f?renew`, { method: 'POST', body: Buffer.from('{}') });
    const state = settled(pending);
    await waitUntil('the request to arrive', () => p.log().length === 1);
    expect((await send(`${p.smhUrl}/other`)).status).toBe(200);
    expect(seen.map((s) => s.url)).toEqual(['/other']);
    expect(state.done).toBe(false);
    timers.fire(7_000);
    const reply = await pending;
    expect(reply.status).toBe(200);
    expect(seen.map((s) => s.url)).toEqual(['/other', '/api/v1/file/l/-/f?renew']);
    expect(p.log()[0]).toMatchObject({ fault: { kind: 'delay' }, end: 'answered', bytesUp: 2 });
  });

  it('dropReply: the server acts and answers, the client hears nothing', async () => {
    const p = await start({ rules: [{ name: 'lost confirm', origin: 'smh', method: 'POST', query: { confirm: true }, action: { kind: 'dropReply' } }] });
    await expect(send(`${p.smhUrl}/api/v1/file/l/-/key?confirm`, { method: 'POST', body: Buffer.from('{"a":1}') })).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(seen).toEqual([expect.objectContaining({ url: '/api/v1/file/l/-/key?confirm', bytes: 7, complete: true })]);
    expect(p.log()[0]).toMatchObject({ end: 'reply-dropped', status: 200, fault: { rule: 'lost confirm', kind: 'dropReply' } });
    expect(JSON.parse(p.log()[0]?.replyExcerpt ?? '')).toEqual({ got: 7, url: '/api/v1/file/l/-/key?confirm' });
  });

  it('breaks only the listed attempts of the requests a rule matches (method, path, query)', async () => {
    const p = await start({
      rules: [
        { name: '2nd try of part 2', origin: 'cos', method: 'PUT', path: /^\/obj$/, query: { partNumber: '2' }, attempts: [2], action: { kind: 'reset', afterBytes: 1 } },
      ],
    });
    const put = (url: string) => send(`${p.cosUrl}${url}`, { method: 'PUT', body: Buffer.from('abc') }).then((r) => r.status, (e: NodeJS.ErrnoException) => e.code);
    expect(await put('/obj?partNumber=1')).toBe(200);
    expect(await put('/obj?partNumber=2')).toBe(200);
    expect(await put('/other?partNumber=2')).toBe(200);
    expect(await send(`${p.smhUrl}/obj?partNumber=2`, { method: 'PUT', body: Buffer.from('abc') }).then((r) => r.status)).toBe(200);
    expect(await put('/obj?partNumber=2')).toMatch(/^(ECONNRESET|EPIPE)$/);
    expect(await put('/obj?partNumber=2')).toBe(200);
    expect(p.hits('2nd try of part 2')).toBe(1);
    expect(p.log().map((entry) => entry.end)).toEqual(['answered', 'answered', 'answered', 'answered', 'reset', 'answered']);
    p.reset();
    expect(p.log()).toEqual([]);
    expect(await put('/obj?partNumber=2')).toBe(200);
  });

  it('answers 503 past maxRequests', async () => {
    const p = await start({ maxRequests: 2 });
    expect((await send(`${p.smhUrl}/a`)).status).toBe(200);
    expect((await send(`${p.smhUrl}/b`)).status).toBe(200);
    expect((await send(`${p.smhUrl}/c`)).status).toBe(503);
    expect(p.log().map((entry) => entry.end)).toEqual(['answered', 'answered', 'refused']);
    expect(seen).toHaveLength(2);
  });

  it('closes itself after lifetimeMs: held requests end, new connections are refused', async () => {
    const timers = manualTimers();
    const p = await start({ lifetimeMs: 600_000, schedule: timers.schedule, rules: [{ name: 'stall', origin: 'smh', method: 'GET', action: { kind: 'stall' } }] });
    const held = send(`${p.smhUrl}/held`);
    await waitUntil('the request to be held', () => p.log().length === 1);
    timers.fire(600_000);
    await waitUntil('the proxy to close', () => p.closed);
    await expect(held).rejects.toMatchObject({ code: 'ECONNRESET' });
    await expect(send(`${p.smhUrl}/late`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(p.log()[0]?.end).toBe('proxy-closed');
  });

  it('link: holds each request a round trip (two on a new connection) and passes every body byte through one shared cap', async () => {
    const timers = manualTimers();
    const p = await start({ schedule: timers.schedule, now: () => 0, link: { latencyMs: 40, handshakeMs: 30, bytesPerSecond: 1_000_000, burstMs: 0 } });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    /** Body bytes wait for their turn on timers too: fire them as they come until `pending` ends. */
    const drain = async <T>(pending: Promise<T>) => {
      const done = settled(pending);
      await waitUntil('the request to go through the link', () => {
        timers.fireAll();
        return done.done;
      }, { intervalMs: 5 });
      return pending;
    };
    try {
      const first = send(`${p.smhUrl}/begin`, { method: 'POST', body: Buffer.from('{}'), agent });
      await waitUntil('the request to arrive', () => p.log().length === 1);
      expect(seen).toEqual([]);
      timers.fire(70);
      expect((await drain(first)).status).toBe(200);
      // The same connection again: a round trip only.
      const second = send(`${p.smhUrl}/status`, { agent });
      await waitUntil('the second request to arrive', () => p.log().length === 2);
      timers.fire(40);
      expect((await drain(second)).status).toBe(200);
      // Two uploads on their own connections share the cap: with the clock standing still, the
      // link books their bytes one after another, 1 ms per 1000 bytes.
      const bodies = [randomBytes(300_000), randomBytes(200_000)];
      const puts = bodies.map((body, i) => send(`${p.cosUrl}/k?partNumber=${i + 1}`, { method: 'PUT', body }));
      await waitUntil('both uploads to arrive', () => p.log().length === 4);
      timers.fire(70);
      expect((await drain(Promise.all(puts))).map((reply) => reply.status)).toEqual([200, 200]);
      expect(seen.slice(2).map((s) => s.sha256).toSorted()).toEqual(bodies.map(sha256).toSorted());
      expect(p.linkStats()).toEqual({ requests: 4, connections: 3, bodyBytes: 500_002, firstByteAt: 0, lastByteAt: expect.closeTo(500.002, 6) });
    } finally {
      agent.destroy();
    }
  });

  it('refuses an upstream that is not on loopback, and bad rules', async () => {
    await expect(startFaultProxy({ upstream: { smh: () => 'http://192.0.2.1:80', cos: () => upstreamUrl } })).rejects.toThrow(/loopback only/);
    const p = await start();
    expect(() => p.addRule({ name: 'x', origin: 'cos', method: 'PUT', attempts: [0], action: { kind: 'stall' } })).toThrow(RangeError);
    expect(() => p.addRule({ name: 'x', origin: 'cos', method: 'PUT', action: { kind: 'reset', afterBytes: 0 } })).toThrow(RangeError);
  });
});
