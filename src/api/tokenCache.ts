// A ready-made `accessToken` getter: asks the app's backend for `{ accessToken, expiresIn }` (the
// shape of SMH's token API, docs/smh-protocol.md §3.1), keeps the token until shortly before it
// expires, shares one fetch among concurrent callers, fetches anew when SMH refused the token, never
// keeps a failure, and lets each caller's signal go without cancelling the others' wait.
import * as z from 'zod/mini';
import { SmhError } from './errors';
import { raceAbort } from './network';
import { accessTokenResultSchema } from './schemas';
import type { AccessTokenResult } from './schemas';
import type { AccessTokenHint } from './types';

/** What the cache passes to your fetch: `signal` aborts when no caller waits any more. */
export interface AccessTokenFetchContext {
  signal: AbortSignal;
  /** true when SMH refused the previous token: your backend must not hand back a cached one. */
  refresh: boolean;
}

export interface AccessTokenCacheOptions {
  /**
   * Fetch a new token this many ms before `expiresIn` runs out (default 60 000), or at half the
   * lifetime when that is shorter.
   */
  refreshBeforeMs?: number;
  /** The clock, for tests (default `Date.now`). */
  now?: () => number;
}

/** An `accessToken` getter with a cache; `clear()` forgets the token (say, on sign-out). */
export interface AccessTokenCache {
  (hint?: Partial<AccessTokenHint>): Promise<string>;
  clear(): void;
}

interface Flight {
  promise: Promise<AccessTokenResult>;
  controller: AbortController;
  waiting: number;
  refresh: boolean;
}

const DEFAULT_REFRESH_BEFORE_MS = 60_000;

function readResult(value: unknown): AccessTokenResult {
  const result = z.safeParse(accessTokenResultSchema, value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : 'the reply';
  throw new SmhError(
    `The access token fetch resolved to something other than { accessToken, expiresIn } (${field}: ${issue?.message ?? 'unexpected value'}); ` +
      "return SMH's token reply, e.g. `await (await fetch('/api/smh-token', { signal })).json()`.",
    'AccessTokenUnavailable',
    { cause: result.error },
  );
}

/**
 * `createSmhClient({ accessToken: createAccessTokenCache(({ signal }) => fetch('/api/smh-token', { signal }).then((r) => r.json())) })`
 */
export function createAccessTokenCache(
  fetchToken: (context: AccessTokenFetchContext) => Promise<unknown>,
  options: AccessTokenCacheOptions = {},
): AccessTokenCache {
  const now = options.now ?? (() => Date.now());
  const refreshBeforeMs = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  let cached: { token: string; freshUntil: number } | undefined;
  let flight: Flight | undefined;

  function start(refresh: boolean): Flight {
    const controller = new AbortController();
    const started = now();
    const promise = Promise.resolve()
      .then(() => fetchToken({ signal: controller.signal, refresh }))
      .then(readResult)
      .then((result) => {
        // Only the current flight fills the cache: a plain fetch overtaken by a refresh may carry the refused token.
        if (flight === current) {
          const lifetime = result.expiresIn * 1000;
          cached = { token: result.accessToken, freshUntil: started + lifetime - Math.min(refreshBeforeMs, lifetime / 2) };
        }
        return result;
      })
      // A failure is never cached: the flight ends, and the next caller asks the backend again.
      .finally(() => {
        if (flight === current) flight = undefined;
      });
    const current: Flight = { promise, controller, waiting: 0, refresh };
    return current;
  }

  async function wait(current: Flight, signal: AbortSignal | undefined): Promise<string> {
    current.waiting++;
    try {
      const result = signal ? await raceAbort(current.promise, signal) : await current.promise;
      return result.accessToken;
    } finally {
      current.waiting--;
      // The last caller gave up: stop the fetch nobody waits for, and let the next call start anew.
      if (current.waiting === 0 && signal?.aborted && flight === current) {
        flight = undefined;
        current.controller.abort(signal.reason);
      }
    }
  }

  const get = (async (hint: Partial<AccessTokenHint> = {}) => {
    const refresh = hint.refresh === true;
    if (hint.signal?.aborted) throw hint.signal.reason;
    if (refresh) {
      cached = undefined;
      // Several requests refused at once share one refresh; an older plain fetch may return the refused token.
      if (!flight?.refresh) flight = start(true);
    } else if (cached && now() < cached.freshUntil) {
      return cached.token;
    } else {
      flight ??= start(false);
    }
    return wait(flight, hint.signal);
  }) as AccessTokenCache;
  get.clear = () => {
    cached = undefined;
    flight = undefined;
  };
  return get;
}
