import { describe, expect, it, vi } from 'vitest';
import { CosError, SmhNetworkError, isRetryable } from '../../src/api/errors';
import { UploadError } from '../../src/core/errors';
import { createFetchTransport, createXhrTransport, isLoopbackHost, objectUrl, partUrl } from '../../src/core/transport';
import { FakeXhr, request, withFakeXhr } from './support/fakeXhr';

const info = { domain: 'bucket-1.cos.ap-beijing.myqcloud.com', path: '/lib/key', uploadId: 'up/1+2' };

describe('part URLs', () => {
  it('are https://{domain}{path}?partNumber=N&uploadId=… with the id encoded', () => {
    expect(partUrl(info, 7)).toBe('https://bucket-1.cos.ap-beijing.myqcloud.com/lib/key?partNumber=7&uploadId=up%2F1%2B2');
  });

  it('use http only for a loopback host with allowInsecureHttp', () => {
    expect(objectUrl({ domain: '127.0.0.1:9000', path: '/k' }, true)).toBe('http://127.0.0.1:9000/k');
    expect(objectUrl({ domain: 'localhost:9000', path: '/k' }, true)).toBe('http://localhost:9000/k');
    expect(objectUrl({ domain: '[::1]:9000', path: '/k' }, true)).toBe('http://[::1]:9000/k');
    expect(objectUrl({ domain: '127.0.0.1:9000', path: '/k' })).toBe('https://127.0.0.1:9000/k');
  });

  it('stay https for a non-loopback host even with allowInsecureHttp', () => {
    expect(objectUrl({ domain: 'cos.example.com', path: '/k' }, true)).toBe('https://cos.example.com/k');
    expect(objectUrl({ domain: '10.0.0.1', path: '/k' }, true)).toBe('https://10.0.0.1/k');
  });

  it('refuse a plain-http domain unless it is loopback and allowed', () => {
    expect(() => objectUrl({ domain: 'http://cos.example.com', path: '/k' }, true)).toThrow(UploadError);
    expect(() => objectUrl({ domain: 'http://127.0.0.1:1', path: '/k' })).toThrow(/https only/);
    expect(objectUrl({ domain: 'http://127.0.0.1:1', path: '/k' }, true)).toBe('http://127.0.0.1:1/k');
  });

  it('refuse a domain that is not a bare host, so signed headers cannot go elsewhere', () => {
    for (const domain of ['evil.example/x', 'user@evil.example', 'a b', '']) {
      expect(() => objectUrl({ domain, path: '/k' })).toThrow(expect.objectContaining({ code: 'InsecureUrl' }));
    }
  });

  it('keep partNumber and uploadId in the query when the object path holds a "#" (a fragment is never sent)', () => {
    const url = new URL(partUrl({ ...info, path: '/lib/a#b' }, 3));
    expect(url.host).toBe(info.domain);
    expect(url.pathname).toBe('/lib/a%23b');
    expect(url.searchParams.get('partNumber')).toBe('3');
    expect(url.searchParams.get('uploadId')).toBe(info.uploadId);
    expect(url.hash).toBe('');
  });

  it('know loopback hosts', () => {
    expect(['127.0.0.1', '127.8.9.10', 'localhost', 'a.localhost', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['128.0.0.1', 'localhost.example.com', '0.0.0.0', '[::2]'].some(isLoopbackHost)).toBe(false);
  });
});

async function expiredReply(): Promise<Response> {
  return new Response('<Error><Code>AccessDenied</Code><Message>Request has expired</Message><RequestId>r1</RequestId></Error>', {
    status: 403,
  });
}

async function dropped(): Promise<Response> {
  throw new TypeError('fetch failed');
}

function hanging(_url: unknown, init?: RequestInit): Promise<Response> {
  return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new TypeError('aborted'))));
}

describe('createFetchTransport', () => {
  it('sends the body with exactly the given headers and reads ETag and Date', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () =>
      new Response(null, { status: 200, headers: { ETag: '"abc"', Date: 'Thu, 01 Jan 2026 08:00:00 GMT' } }),
    );
    const progress: number[] = [];
    const response = await createFetchTransport(fetchImpl).send(request({ onProgress: (n: number) => progress.push(n) }));
    expect(response).toEqual({ status: 200, etag: '"abc"', date: Date.UTC(2026, 0, 1, 8) });
    expect(fetchImpl.mock.calls[0]?.[1]).toMatchObject({ method: 'PUT', headers: request().headers });
    expect(progress).toEqual([10]);
  });

  it("reads COS's x-cos-hash-crc64ecma (a decimal string) when the reply exposes it", async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () =>
      new Response(null, { status: 200, headers: { ETag: '"abc"', 'x-cos-hash-crc64ecma': '12345678901234567890' } }),
    );
    expect(await createFetchTransport(fetchImpl).send(request())).toEqual({ status: 200, etag: '"abc"', crc64: '12345678901234567890' });
  });

  it("turns COS's XML error into a CosError that knows an expiry", async () => {
    const error = await createFetchTransport(expiredReply).send(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CosError);
    expect(error).toMatchObject({ status: 403, code: 'AccessDenied', requestId: 'r1', isExpired: true });
    expect(String((error as Error).message)).not.toContain('SECRETSIG');
  });

  it('turns a failed connection into SmhNetworkError', async () => {
    await expect(createFetchTransport(dropped).send(request())).rejects.toBeInstanceOf(SmhNetworkError);
  });

  it('rejects with the abort reason when aborted', async () => {
    const controller = new AbortController();
    const sending = createFetchTransport(hanging).send(request({ signal: controller.signal }));
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(sending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('fetch transport watchdog', () => {
  it('aborts a part PUT that gets no reply within stallTimeoutMs (plus the body at a floor speed) as a retryable stall', async () => {
    vi.useFakeTimers();
    try {
      let seen: AbortSignal | undefined;
      const fetchImpl = (_url: unknown, init?: RequestInit) => {
        seen = init?.signal ?? undefined;
        return hanging(_url, init);
      };
      const body = new Blob([new Uint8Array(16 * 1024)]);
      const sending = createFetchTransport(fetchImpl, { stallTimeoutMs: 1_000 }).send(request({ body })).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(1_999);
      expect(seen?.aborted).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const error = await sending;
      expect(error).toBeInstanceOf(SmhNetworkError);
      expect(error).toMatchObject({ kind: 'stalled', timedOut: true });
      expect((error as Error).message).toContain('stalled: no progress for 1000 ms');
      expect(isRetryable(error)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps a caller abort an AbortError and clears its timer', async () => {
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      const sending = createFetchTransport(hanging, { stallTimeoutMs: 1_000 }).send(request({ signal: controller.signal })).catch((e: unknown) => e);
      controller.abort(new DOMException('paused', 'AbortError'));
      expect(await sending).toMatchObject({ name: 'AbortError', message: 'paused' });
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a stallTimeoutMs that is not a positive number', () => {
    expect(() => createFetchTransport(undefined, { stallTimeoutMs: 0 })).toThrow(expect.objectContaining({ code: 'InvalidOptions' }));
  });
});

describe('no response from the upload host', () => {
  it('says a loopback host was reached over https because allowInsecureHttp is off, and is not retried', async () => {
    const url = partUrl({ domain: '127.0.0.1:4101', path: '/k', uploadId: 'u' }, 1);
    const error = await createFetchTransport(dropped).send(request({ url })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SmhNetworkError', kind: 'insecureUpgrade' });
    expect((error as Error).message).toContain('pass allowInsecureHttp: true');
    expect(isRetryable(error)).toBe(false);
  });

  it('names the likely causes for any other host, with the original error as cause', async () => {
    const cause = new TypeError('Failed to fetch');
    const error = await createFetchTransport(() => Promise.reject(cause)).send(request()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unreachable', cause });
    expect((error as Error).message).toMatch(/^COS could not be reached for the part upload \(PUT https:\/\/cos\.example\.com\/.*CORS.*DNS/);
  });
});

describe('XHR transport watchdog', () => {
  it(
    'lives while upload progress events come, and aborts after stallTimeoutMs of silence as a retryable stall',
    withFakeXhr(async () => {
      const progress: number[] = [];
      const sending = createXhrTransport({ stallTimeoutMs: 1_000 }).send(request({ onProgress: (n) => progress.push(n) })).catch((e: unknown) => e);
      const xhr = FakeXhr.last!;
      for (let i = 1; i <= 5; i++) {
        await vi.advanceTimersByTimeAsync(900);
        xhr.progress(i);
      }
      expect(xhr.aborted).toBe(false);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(xhr.aborted).toBe(true);
      expect(await sending).toMatchObject({ name: 'SmhNetworkError', kind: 'stalled' });
      expect(progress).toEqual([1, 2, 3, 4, 5]);
    }),
  );

  it(
    'after the last byte waits stallTimeoutMs for the reply, and resolves when COS answers in time',
    withFakeXhr(async () => {
      const transport = createXhrTransport({ stallTimeoutMs: 1_000 });
      const ok = transport.send(request());
      await vi.advanceTimersByTimeAsync(900);
      FakeXhr.last!.progress(5);
      await vi.advanceTimersByTimeAsync(900);
      FakeXhr.last!.bodySent();
      // 1 800 ms after the last progress event, but 999 ms after the last byte: still waiting for COS.
      await vi.advanceTimersByTimeAsync(999);
      expect(FakeXhr.last!.aborted).toBe(false);
      FakeXhr.last!.respond(200);
      await expect(ok).resolves.toEqual({ status: 200, etag: '"abc"' });
      expect(vi.getTimerCount()).toBe(0);

      const late = transport.send(request()).catch((e: unknown) => e);
      FakeXhr.last!.bodySent();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await late).toMatchObject({ kind: 'stalled' });
    }),
  );

  it(
    "reads COS's x-cos-hash-crc64ecma from an XHR reply",
    withFakeXhr(async () => {
      const ok = createXhrTransport().send(request());
      FakeXhr.last!.headers = 'ETag: "abc"\r\nx-cos-hash-crc64ecma: 987\r\n';
      FakeXhr.last!.respond(200);
      await expect(ok).resolves.toEqual({ status: 200, etag: '"abc"', crc64: '987' });
    }),
  );

  it(
    'keeps a caller abort an AbortError, not a stall',
    withFakeXhr(async () => {
      const controller = new AbortController();
      const sending = createXhrTransport({ stallTimeoutMs: 1_000 }).send(request({ signal: controller.signal })).catch((e: unknown) => e);
      controller.abort(new DOMException('cancelled', 'AbortError'));
      expect(await sending).toMatchObject({ name: 'AbortError' });
      expect(vi.getTimerCount()).toBe(0);
    }),
  );
});
