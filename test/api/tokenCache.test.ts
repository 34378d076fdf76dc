// createAccessTokenCache with a fake clock: caching until shortly before expiry, one shared fetch,
// refresh on the hint, no cached failures, and signals that let one caller go without the others.
import { describe, expect, it, vi } from 'vitest';
import { createAccessTokenCache } from '../../src/api/tokenCache';
import type { AccessTokenFetchContext } from '../../src/api/tokenCache';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createAccessTokenCache', () => {
  it('keeps a token until refreshBeforeMs before expiresIn, then fetches a new one', async () => {
    const time = clock();
    let n = 0;
    const fetchToken = vi.fn<(context: AccessTokenFetchContext) => Promise<unknown>>(async () => ({ accessToken: `token-${++n}`, expiresIn: 3600 }));
    const get = createAccessTokenCache(fetchToken, { now: time.now });
    expect(await get()).toBe('token-1');
    time.advance(3600_000 - 60_000 - 1);
    expect(await get({ refresh: false })).toBe('token-1');
    expect(fetchToken).toHaveBeenCalledTimes(1);
    time.advance(1);
    expect(await get()).toBe('token-2');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('refreshes at half the lifetime when that is sooner than refreshBeforeMs', async () => {
    const time = clock();
    let n = 0;
    const get = createAccessTokenCache(async () => ({ accessToken: `t${++n}`, expiresIn: 60 }), { now: time.now });
    expect(await get()).toBe('t1');
    time.advance(29_999);
    expect(await get()).toBe('t1');
    time.advance(1);
    expect(await get()).toBe('t2');
  });

  it('shares one in-flight fetch among concurrent callers', async () => {
    const reply = deferred<unknown>();
    const fetchToken = vi.fn<(context: AccessTokenFetchContext) => Promise<unknown>>(() => reply.promise);
    const get = createAccessTokenCache(fetchToken);
    const all = Promise.all([get(), get(), get({ refresh: false })]);
    reply.resolve({ accessToken: 'shared', expiresIn: 86400 });
    expect(await all).toEqual(['shared', 'shared', 'shared']);
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('fetches anew on refresh: true (passing refresh on), and several refusals share that one refresh', async () => {
    let n = 0;
    const fetchToken = vi.fn<(context: AccessTokenFetchContext) => Promise<unknown>>(async () => ({ accessToken: `t${++n}`, expiresIn: 86400 }));
    const get = createAccessTokenCache(fetchToken);
    expect(await get()).toBe('t1');
    expect(await Promise.all([get({ refresh: true, reason: 'InvalidAccessToken' }), get({ refresh: true })])).toEqual(['t2', 't2']);
    expect(fetchToken.mock.calls.map(([context]) => context.refresh)).toEqual([false, true]);
    expect(await get()).toBe('t2');
  });

  it('never caches a failure: the next call asks again', async () => {
    const fetchToken = vi
      .fn<(context: AccessTokenFetchContext) => Promise<unknown>>()
      .mockRejectedValueOnce(new Error('backend 500'))
      .mockResolvedValueOnce({ accessToken: 'ok-token', expiresIn: 600 });
    const get = createAccessTokenCache(fetchToken);
    await expect(get()).rejects.toThrow('backend 500');
    expect(await get()).toBe('ok-token');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('rejects a reply that is not { accessToken, expiresIn } with a typed error naming the field', async () => {
    const get = createAccessTokenCache(async () => ({ token: 'x' }));
    await expect(get()).rejects.toMatchObject({ name: 'SmhError', code: 'AccessTokenUnavailable' });
    await expect(get()).rejects.toThrow(/accessToken: /);
  });

  it('lets an aborted caller go without cancelling the others, and aborts the fetch when nobody waits', async () => {
    const reply = deferred<unknown>();
    let fetchSignal: AbortSignal | undefined;
    const get = createAccessTokenCache(({ signal }) => {
      fetchSignal = signal;
      return reply.promise;
    });
    const a = new AbortController();
    const b = new AbortController();
    const first = get({ signal: a.signal });
    const second = get({ signal: b.signal });
    a.abort();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect(fetchSignal?.aborted).toBe(false);
    b.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    expect(fetchSignal?.aborted).toBe(true);
    reply.reject(fetchSignal?.reason);
  });

  it('clear() forgets the token (sign-out): the next call fetches anew, even while a fetch is under way', async () => {
    const replies = [deferred<unknown>(), deferred<unknown>()];
    let n = 0;
    const fetchToken = vi.fn<(context: AccessTokenFetchContext) => Promise<unknown>>(async () => ({ accessToken: `t${++n}`, expiresIn: 86400 }));
    const get = createAccessTokenCache(fetchToken);
    expect(await get()).toBe('t1');
    get.clear();
    expect(await get()).toBe('t2');
    // A fetch started for the signed-out user is not shared with the next caller.
    fetchToken.mockImplementationOnce(() => replies[0]!.promise).mockImplementationOnce(() => replies[1]!.promise);
    get.clear();
    const before = get();
    get.clear();
    const after = get();
    replies[0]!.resolve({ accessToken: 'old-user', expiresIn: 86400 });
    replies[1]!.resolve({ accessToken: 'new-user', expiresIn: 86400 });
    expect([await before, await after]).toEqual(['old-user', 'new-user']);
    expect(fetchToken).toHaveBeenCalledTimes(4);
  });

  it('keeps the refreshed token, not the refused one a slower plain fetch brings back later', async () => {
    const plain = deferred<unknown>();
    const fresh = deferred<unknown>();
    const fetchToken = vi.fn<(context: AccessTokenFetchContext) => Promise<unknown>>(({ refresh }) => (refresh ? fresh.promise : plain.promise));
    const get = createAccessTokenCache(fetchToken);
    const slow = get();
    const refreshed = get({ refresh: true, reason: 'InvalidAccessToken' });
    fresh.resolve({ accessToken: 'fresh', expiresIn: 86400 });
    expect(await refreshed).toBe('fresh');
    plain.resolve({ accessToken: 'refused', expiresIn: 86400 });
    expect(await slow).toBe('refused');
    expect(await get()).toBe('fresh');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('a caller arriving during a refresh joins it, whatever happens to an older plain fetch', async () => {
    const plain = deferred<unknown>();
    const fresh = deferred<unknown>();
    let plainSignal: AbortSignal | undefined;
    const fetchToken = vi.fn<(context: AccessTokenFetchContext) => Promise<unknown>>(({ refresh, signal }) => {
      if (refresh) return fresh.promise;
      plainSignal = signal;
      return plain.promise;
    });
    const get = createAccessTokenCache(fetchToken);
    const giveUp = new AbortController();
    const slow = get({ signal: giveUp.signal });
    const refreshed = get({ refresh: true });
    // The plain fetch's only caller leaves: that must not drop the refresh in flight.
    giveUp.abort();
    await expect(slow).rejects.toMatchObject({ name: 'AbortError' });
    const joined = get();
    // Nor may the plain fetch ending.
    plain.reject(new Error('backend 500'));
    // Let the plain fetch settle completely (every queued microtask runs before a macrotask).
    await new Promise((resolve) => setTimeout(resolve, 0));
    const joinedLater = get();
    fresh.resolve({ accessToken: 'fresh', expiresIn: 86400 });
    expect(await Promise.all([refreshed, joined, joinedLater])).toEqual(['fresh', 'fresh', 'fresh']);
    expect(fetchToken).toHaveBeenCalledTimes(2);
    expect(plainSignal?.aborted).toBe(false);
  });

  it('a reply that is not an object says so, with the fix and the validation error as cause', async () => {
    const get = createAccessTokenCache(async () => 'just-the-token');
    const error: Error = await get().then(
      () => new Error('expected a refusal'),
      (e: unknown) => e as Error,
    );
    expect(error).toMatchObject({ name: 'SmhError', code: 'AccessTokenUnavailable' });
    expect(error.message).toContain('(the reply: ');
    expect(error.message).toContain("return SMH's token reply, e.g. `await (await fetch('/api/smh-token', { signal })).json()`.");
    expect(error.cause).toMatchObject({ issues: [expect.objectContaining({ path: [] })] });
  });

  it('plugs into createSmhClient as the accessToken getter, refreshing on InvalidAccessToken', async () => {
    const { createSmhClient } = await import('../../src/api/client');
    const { createFakeFetch } = await import('./fakeFetch');
    const fake = createFakeFetch();
    let n = 0;
    const client = createSmhClient({
      baseUrl: 'https://smhxxxx.api.tencentsmh.cn',
      libraryId: 'smhxxxx',
      fetch: fake.fetch,
      accessToken: createAccessTokenCache(async () => ({ accessToken: `token-number-${++n}`, expiresIn: 86400 })),
    });
    fake.reply({ status: 204 }, { status: 403, body: { code: 'InvalidAccessToken', message: 'expired' } }, { status: 204 });
    await client.cancelUpload('ck1');
    await client.cancelUpload('ck1');
    expect(fake.requests.map((r) => r.url.searchParams.get('access_token'))).toEqual(['token-number-1', 'token-number-1', 'token-number-2']);
  });
});
