// The request plumbing through the public client: timeouts, the token getter's hint, signal and
// errors, the one retry with a fresh token, plain-http refusal and the words for a request that got
// no response. Time is vitest's fake clock.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSmhClient } from '../../src/api/client';
import { SmhApiError, SmhError, SmhNetworkError, isRetryable } from '../../src/api/errors';
import type { AccessTokenHint, SmhClientOptions } from '../../src/api/types';
import { makeSmhErrorBody, makeUploadTaskStatus } from '../fixtures/smh';
import { createFakeFetch } from './fakeFetch';
import type { RecordedRequest } from './fakeFetch';

const BASE = 'https://smhxxxx.api.tencentsmh.cn';
const TOKEN = 'acctk-0123456789abcdef-secret';

function setup(overrides: Partial<SmhClientOptions> = {}) {
  const fake = createFakeFetch();
  const client = createSmhClient({ baseUrl: BASE, libraryId: 'smhxxxx', accessToken: TOKEN, fetch: fake.fetch, ...overrides });
  return { fake, client };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

/** A fetch that never answers until its signal aborts. */
function hang(request: RecordedRequest): Promise<Response> {
  return new Promise((_resolve, reject) => request.signal?.addEventListener('abort', () => reject(request.signal?.reason)));
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('timeouts', () => {
  it('gives up on an SMH call after timeoutMs with a retryable SmhNetworkError that says it timed out', async () => {
    vi.useFakeTimers();
    const { fake, client } = setup({ timeoutMs: 5_000 });
    fake.reply(hang);
    const pending = failure(client.getUploadStatus('ck1'));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(fake.requests[0]?.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await pending;
    expect(error).toBeInstanceOf(SmhNetworkError);
    expect(error).toMatchObject({ kind: 'timeout', timedOut: true, method: 'GET' });
    expect((error as Error).message).toMatch(/^SMH timed out: no answer to GET upload status within 5000 ms while waiting for SMH's reply/);
    expect(isRetryable(error)).toBe(true);
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('defaults to 30 s', async () => {
    vi.useFakeTimers();
    const { fake, client } = setup();
    fake.reply(hang);
    const pending = failure(client.cancelUpload('ck1'));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(fake.requests[0]?.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toMatchObject({ kind: 'timeout' });
  });

  it('keeps a caller abort an AbortError, not a timeout', async () => {
    vi.useFakeTimers();
    const { fake, client } = setup({ timeoutMs: 5_000 });
    fake.reply(hang);
    const controller = new AbortController();
    const pending = failure(client.getUploadStatus('ck1', { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort();
    const error = await pending;
    expect(error).toBe(controller.signal.reason);
    expect(isRetryable(error)).toBe(false);
  });

  it('covers a token getter that hangs, and says what it was waiting for', async () => {
    vi.useFakeTimers();
    const { fake, client } = setup({ timeoutMs: 1_000, accessToken: () => new Promise<string>(() => undefined) });
    const pending = failure(client.getUploadStatus('ck1'));
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await pending;
    expect(error).toMatchObject({ name: 'SmhNetworkError', kind: 'timeout' });
    expect((error as Error).message).toContain('while waiting for the accessToken getter');
    // The cause is the timeout itself, not a "getter threw" error wrapped around it.
    expect((error as Error).cause).toMatchObject({ name: 'TimeoutError' });
    expect(fake.requests).toHaveLength(0);
  });

  it('leaves no timer behind once a call has its answer, so nothing keeps a Node process alive', async () => {
    vi.useFakeTimers();
    const { fake, client } = setup();
    fake.reply({ status: 204 }, { status: 404, body: makeSmhErrorBody('UploadNotFound') });
    await client.cancelUpload('ck1');
    expect(vi.getTimerCount()).toBe(0);
    await failure(client.cancelUpload('ck1'));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses a timeoutMs that is not a positive number', () => {
    for (const timeoutMs of [0, -1, Number.NaN]) {
      expect(() => setup({ timeoutMs })).toThrow(expect.objectContaining({ code: 'InvalidOptions' }));
    }
    expect(() => setup({ timeoutMs: Number.POSITIVE_INFINITY })).not.toThrow();
  });
});

describe('the access token getter', () => {
  it('is asked with a hint: refresh false and a signal', async () => {
    const hints: AccessTokenHint[] = [];
    const { fake, client } = setup({ accessToken: (hint) => (hints.push(hint), TOKEN) });
    fake.reply({ status: 204 });
    await client.cancelUpload('ck1');
    expect(hints).toHaveLength(1);
    expect(hints[0]).toMatchObject({ refresh: false });
    expect(hints[0]?.signal).toBeInstanceOf(AbortSignal);
  });

  it('is interrupted by the caller’s abort while it hangs (pause or cancel never waits on a token backend)', async () => {
    let seen: AbortSignal | undefined;
    const { fake, client } = setup({
      accessToken: ({ signal }) => {
        seen = signal;
        return new Promise<string>(() => undefined);
      },
    });
    const controller = new AbortController();
    const pending = failure(client.getUploadStatus('ck1', { signal: controller.signal }));
    await Promise.resolve();
    controller.abort();
    expect(await pending).toBe(controller.signal.reason);
    expect(seen?.aborted).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });

  it('that throws gives an error naming the getter, with the thrown error as cause', async () => {
    const thrown = new Error('token backend answered 500');
    const { fake, client } = setup({ accessToken: () => Promise.reject(thrown) });
    const error = await failure(client.cancelUpload('ck1'));
    expect(error).toBeInstanceOf(SmhError);
    expect(error).toMatchObject({ code: 'AccessTokenUnavailable', cause: thrown });
    expect((error as Error).message).toBe(
      'The accessToken getter threw (Error: token backend answered 500); no request was sent to SMH. The error it threw is this error\'s cause.',
    );
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['undefined', undefined, 'The accessToken getter returned undefined instead of a token string'],
    ['an empty string', '', 'The accessToken getter returned an empty string instead of a token string'],
    ['the whole token reply', { accessToken: 'x', expiresIn: 60 }, 'returned an object; return its "accessToken" field'],
    ['null', null, 'The accessToken getter returned null instead of a token string'],
    ['another object', { token: 'x' }, 'The accessToken getter returned an object instead of a token string'],
    ['a number', 42, 'The accessToken getter returned a number (42) instead of a token string'],
  ])('that returns %s says so', async (_name, value, text) => {
    const { fake, client } = setup({ accessToken: () => value as string });
    const error = await failure(client.cancelUpload('ck1'));
    expect(error).toMatchObject({ code: 'AccessTokenUnavailable' });
    expect((error as Error).message).toContain(text);
    expect(fake.requests).toHaveLength(0);
  });

  it.each(['InvalidAccessToken', 'AccessTokenVersionNotMatch', 'AccessTokenNotMatchSpace'])(
    'on 403 %s is asked for a fresh token (refresh: true, reason) and the request is tried once more',
    async (code) => {
      const hints: Array<Omit<AccessTokenHint, 'signal'>> = [];
      const { fake, client } = setup({
        accessToken: ({ refresh, reason }) => {
          hints.push(reason === undefined ? { refresh } : { refresh, reason });
          return refresh ? 'fresh-token-000000000' : 'stale-token-000000000';
        },
      });
      fake.reply({ status: 403, body: makeSmhErrorBody(code) }, { status: 200, body: makeUploadTaskStatus() });
      await expect(client.getUploadStatus('ck1')).resolves.toEqual(makeUploadTaskStatus());
      expect(hints).toEqual([{ refresh: false }, { refresh: true, reason: code }]);
      expect(fake.requests.map((r) => r.url.searchParams.get('access_token'))).toEqual(['stale-token-000000000', 'fresh-token-000000000']);
    },
  );

  it('that throws when asked for a fresh token says so', async () => {
    const { fake, client } = setup({
      accessToken: ({ refresh }) => (refresh ? Promise.reject(new Error('backend down')) : TOKEN),
    });
    fake.reply({ status: 403, body: makeSmhErrorBody('InvalidAccessToken') });
    const error = await failure(client.cancelUpload('ck1'));
    expect(error).toMatchObject({ code: 'AccessTokenUnavailable' });
    expect((error as Error).message).toContain('The accessToken getter threw when asked for a fresh token (Error: backend down)');
  });

  it('as a static option that is not a token string is named as the option, before any request', async () => {
    for (const [accessToken, what] of [[42, 'a number (42)'], [null, 'null'], [{}, 'an object']] as const) {
      const { fake, client } = setup({ accessToken: accessToken as never });
      const error = await failure(client.cancelUpload('ck1'));
      expect(error).toMatchObject({ code: 'AccessTokenUnavailable' });
      expect((error as Error).message).toBe(`The accessToken option is ${what} instead of a token string; no request was sent to SMH.`);
      expect(fake.requests).toHaveLength(0);
    }
  });

  it('is refreshed only once: a second token refusal is the caller’s error', async () => {
    const getter = vi.fn<(hint: AccessTokenHint) => string>(() => TOKEN);
    const { fake, client } = setup({ accessToken: getter });
    fake.reply({ status: 403, body: makeSmhErrorBody('InvalidAccessToken') }, { status: 403, body: makeSmhErrorBody('InvalidAccessToken') });
    const error = await failure(client.cancelUpload('ck1'));
    expect(error).toBeInstanceOf(SmhApiError);
    expect(error).toMatchObject({ status: 403, code: 'InvalidAccessToken' });
    expect(getter).toHaveBeenCalledTimes(2);
    expect(fake.requests).toHaveLength(2);
  });

  it('is not asked again for other 403s, and a static token is never retried', async () => {
    const getter = vi.fn<(hint: AccessTokenHint) => string>(() => TOKEN);
    const withGetter = setup({ accessToken: getter });
    withGetter.fake.reply({ status: 403, body: makeSmhErrorBody('NoPermission') });
    await expect(withGetter.client.cancelUpload('ck1')).rejects.toMatchObject({ code: 'NoPermission' });
    expect(getter).toHaveBeenCalledTimes(1);
    const fixed = setup();
    fixed.fake.reply({ status: 403, body: makeSmhErrorBody('InvalidAccessToken') });
    await expect(fixed.client.cancelUpload('ck1')).rejects.toMatchObject({ code: 'InvalidAccessToken' });
    expect(fixed.fake.requests).toHaveLength(1);
  });
});

describe('plain http', () => {
  it('is refused for a baseUrl that is not loopback, because the token would travel in clear text', () => {
    expect(() => setup({ baseUrl: 'http://smh.example.com' })).toThrow(expect.objectContaining({ code: 'InsecureUrl' }));
    expect(() => setup({ baseUrl: 'http://smh.example.com' })).toThrow(/clear text/);
  });

  it('is allowed for loopback (the emulator) and with allowInsecureHttp', async () => {
    for (const baseUrl of ['http://127.0.0.1:4100', 'http://localhost:4100', 'http://[::1]:4100']) {
      expect(() => setup({ baseUrl })).not.toThrow();
    }
    const { fake, client } = setup({ baseUrl: 'http://smh.lan:8080', allowInsecureHttp: true });
    fake.reply({ status: 204 });
    await client.cancelUpload('ck1');
    expect(fake.requests[0]?.url.origin).toBe('http://smh.lan:8080');
  });
});

describe('no response at all', () => {
  it('says "could not be reached (offline)" when the browser reports no network', async () => {
    vi.stubGlobal('navigator', { onLine: false });
    const { fake, client } = setup();
    const cause = new TypeError('Failed to fetch');
    fake.reply(() => Promise.reject(cause));
    const error = await failure(client.getUploadStatus('ck1'));
    expect(error).toMatchObject({ name: 'SmhNetworkError', kind: 'offline', cause });
    expect((error as Error).message).toMatch(/^SMH could not be reached \(offline\) for GET upload status .*: the browser reports no network connection\.$/);
  });

  it.each([
    ['ECONNREFUSED', 'refused', 'could not be reached (connection refused)'],
    ['ENOTFOUND', 'dns', 'could not be reached (DNS)'],
  ])('names %s where the runtime reports it (Node)', async (code, kind, text) => {
    const { fake, client } = setup();
    const cause = new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code }) });
    fake.reply(() => Promise.reject(cause));
    const error = await failure(client.getUploadStatus('ck1'));
    expect(error).toMatchObject({ kind, cause });
    expect((error as Error).message).toContain(`SMH ${text}`);
    expect(isRetryable(error)).toBe(true);
  });
});

describe('what counts as success', () => {
  it('takes only 2xx: a 300 from SMH (or a proxy) is an SmhApiError, not a reply to read', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 300, body: '<html>Multiple Choices</html>' });
    const error = await failure(client.getUploadStatus('ck1'));
    expect(error).toBeInstanceOf(SmhApiError);
    expect(error).toMatchObject({ status: 300, code: 'Http300' });
  });
});
