import { describe, expect, it } from 'vitest';
import { CosError, SmhNetworkError } from '../../src/api/errors';
import { createFetchTransport, createXhrTransport, objectUrl } from '../../src/core/transport';
import { FakeXhr, request, withFakeXhr } from './support/fakeXhr';

describe('XHR transport replies', () => {
  it(
    'takes a load with status 0 (no HTTP reply reached the page) as a network error, not a COS error',
    withFakeXhr(async () => {
      const sending = createXhrTransport().send(request()).catch((e: unknown) => e);
      FakeXhr.last!.respond(0);
      const error = await sending;
      expect(error).toBeInstanceOf(SmhNetworkError);
      expect(error).not.toBeInstanceOf(CosError);
    }),
  );

  it(
    "takes a non-2xx reply as COS's error, with its status and code",
    withFakeXhr(async () => {
      const sending = createXhrTransport().send(request()).catch((e: unknown) => e);
      const xhr = FakeXhr.last!;
      xhr.responseText = '<Error><Code>AccessDenied</Code><Message>denied</Message><RequestId>r1</RequestId></Error>';
      xhr.respond(403);
      expect(await sending).toMatchObject({ name: 'CosError', status: 403, code: 'AccessDenied' });
    }),
  );

  it(
    'takes a 300 reply as COS\'s error: only a 2xx stores the part',
    withFakeXhr(async () => {
      const sending = createXhrTransport().send(request()).catch((e: unknown) => e);
      FakeXhr.last!.respond(300);
      expect(await sending).toMatchObject({ name: 'CosError', status: 300 });
    }),
  );
});

describe('objectUrl', () => {
  it('keeps https for a loopback host SMH named with https, even with allowInsecureHttp', () => {
    expect(objectUrl({ domain: 'https://127.0.0.1:9000', path: '/k' }, true)).toBe('https://127.0.0.1:9000/k');
  });

  it('reads a host named with spaces or a line break around it', () => {
    expect(objectUrl({ domain: ' bucket-1.cos.example.com\n', path: '/k' })).toBe('https://bucket-1.cos.example.com/k');
  });

  it('refuses a host with a query, a fragment or a percent-escape, which URL parsing would drop or rewrite', () => {
    for (const domain of ['cos.example.com?x=1', 'cos.example.com#x', 'ex%61mple.com']) {
      expect(() => objectUrl({ domain, path: '/k' })).toThrow(expect.objectContaining({ code: 'InsecureUrl' }));
    }
  });

  it('puts the slash between host and path when the object path has none', () => {
    expect(objectUrl({ domain: 'cos.example.com', path: 'lib/k' })).toBe('https://cos.example.com/lib/k');
  });
});

/** A 500 whose body stream breaks when read. */
const unreadableReply = async () =>
  Object.assign(new Response(null, { status: 500 }), { text: () => Promise.reject(new TypeError('body stream broken')) });

describe('fetch transport replies', () => {
  it('reports a non-2xx reply whose body cannot be read by its status alone, quoting no body', async () => {
    const error = await createFetchTransport(unreadableReply).send(request()).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CosError', status: 500, code: 'Http500' });
    expect((error as Error).message).toMatch(/without COS's XML error body\.$/);
  });
});

describe('transport options', () => {
  it('names stallTimeoutMs, what it must be and the value given when it is refused', () => {
    expect(() => createXhrTransport({ stallTimeoutMs: -5 })).toThrow(
      'The option "stallTimeoutMs" must be a number of milliseconds > 0 (or Infinity); got -5.',
    );
  });
});
