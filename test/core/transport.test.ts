import { describe, expect, it, vi } from 'vitest';
import { CosError, SmhNetworkError } from '../../src/api/errors';
import { UploadError } from '../../src/core/errors';
import { createFetchTransport, isLoopbackHost, objectUrl, partUrl } from '../../src/core/transport';
import type { PartRequest } from '../../src/core/types';

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

function request(overrides: Partial<PartRequest> = {}): PartRequest {
  return {
    url: 'https://cos.example.com/k?partNumber=1&uploadId=u',
    method: 'PUT',
    headers: { Authorization: 'q-signature=SECRETSIG', 'Content-Type': 'application/octet-stream' },
    body: new Blob([new Uint8Array(10)]),
    signal: new AbortController().signal,
    ...overrides,
  };
}

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
