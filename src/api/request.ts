// The request plumbing every SMH endpoint shares: the URL (docs/smh-protocol.md §2), the access
// token (asked with a hint and the caller's signal), a timeout per attempt, one retry with a fresh
// token when SMH refuses the token (§12.3), and the mapping of failures to typed errors.
import { SmhError, SmhNetworkError, isAccessTokenError, redactSecrets } from './errors';
import { abortReason, createDeadline, describeNoResponse, raceAbort } from './network';
import { apiError } from './replies';
import type { Method, Reply } from './replies';
import type { AccessToken, AccessTokenHint } from './types';

type QueryValue = string | number | boolean | undefined;

export interface Call {
  method: Method;
  /** Human name of the operation for messages ("begin multipart upload"). */
  operation: string;
  /** Which API: `/api/v1/file/…` (uploads, files) or `/api/v1/directory/…` (folders). */
  api: 'file' | 'directory';
  /** Already-encoded path after `/api/v1/{api}/{LibraryId}/{SpaceId}/`. */
  target: string;
  /** Operation selector sent as a bare key (`?multipart`), as the docs and R-JAVA do (docs/smh-protocol.md §2). */
  selector?: string;
  query?: ReadonlyArray<readonly [string, QueryValue]>;
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
  signal: AbortSignal | undefined;
}

export interface RequesterConfig {
  baseUrl: string;
  /** `{LibraryId}/{SpaceId}`, each already encoded. */
  scope: string;
  accessToken: AccessToken;
  userId: string | undefined;
  fetch: typeof fetch | undefined;
  timeoutMs: number;
}

export interface Requester {
  send(call: Call): Promise<Reply>;
  /** ms to add to `Date.now()` for SMH's clock, from the latest `Date` header. */
  serverTimeOffset(): number;
}

/** What a getter returned instead of a token, said so that the fix is plain. */
function describeNonToken(value: unknown): string {
  if (value === '') return 'an empty string';
  if (typeof value === 'object' && value !== null && 'accessToken' in value) {
    return 'an object; return its "accessToken" field (the token string), not the whole token reply';
  }
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value} (${String(value)})`;
}

export function createRequester(config: RequesterConfig): Requester {
  const { accessToken, userId, timeoutMs } = config;
  let timeOffset = 0;

  async function resolveToken(hint: Omit<AccessTokenHint, 'signal'>, signal: AbortSignal): Promise<string> {
    let value: unknown = accessToken;
    if (typeof accessToken === 'function') {
      const asked = hint.refresh ? ' when asked for a fresh token' : '';
      try {
        // Awaited with the signal, so pause, cancel or the timeout interrupt a backend that hangs.
        value = await raceAbort(Promise.resolve().then(() => accessToken({ ...hint, signal })), signal);
      } catch (cause) {
        if (signal.aborted) throw cause;
        const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
        throw new SmhError(
          redactSecrets(`The accessToken getter threw${asked} (${reason}); no request was sent to SMH. The error it threw is this error's cause.`),
          'AccessTokenUnavailable',
          { cause },
        );
      }
    }
    if (typeof value !== 'string' || value === '') {
      const who = typeof accessToken === 'function' ? 'The accessToken getter returned' : 'The accessToken option is';
      throw new SmhError(`${who} ${describeNonToken(value)} instead of a token string; no request was sent to SMH.`, 'AccessTokenUnavailable');
    }
    return value;
  }

  function buildUrl(call: Call, token: string): string {
    const parts: string[] = [];
    if (call.selector) parts.push(call.selector);
    const query: Array<readonly [string, QueryValue]> = [...(call.query ?? [])];
    query.push(['access_token', token], ['user_id', userId]);
    for (const [key, value] of query) {
      if (value === undefined) continue;
      parts.push(`${key}=${encodeURIComponent(String(value))}`);
    }
    return `${config.baseUrl}/api/v1/${call.api}/${config.scope}/${call.target}?${parts.join('&')}`;
  }

  function noteServerTime(response: Response, receivedAt: number): void {
    const header = response.headers.get('date');
    if (!header) return;
    const serverTime = Date.parse(header);
    if (Number.isFinite(serverTime)) timeOffset = serverTime - receivedAt;
  }

  async function attempt(call: Call, hint: Omit<AccessTokenHint, 'signal'>): Promise<Reply> {
    const where = `${call.method} ${call.operation}`;
    const deadline = createDeadline(call.signal);
    deadline.arm(timeoutMs);
    let waitingFor = 'the accessToken getter';
    let safeUrl: string | undefined;
    let secrets: string[] = [];
    try {
      const token = await resolveToken(hint, deadline.signal);
      secrets = [token];
      const url = buildUrl(call, token);
      safeUrl = redactSecrets(url, secrets);
      const headers: Record<string, string> = { ...call.headers };
      const init: RequestInit = { method: call.method, headers, signal: deadline.signal };
      if (call.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(call.body);
      }
      // Resolved per call, so importing this module on a server touches no browser global.
      const fetchImpl = config.fetch ?? globalThis.fetch;
      waitingFor = "SMH's reply";
      const response = await fetchImpl(url, init);
      noteServerTime(response, Date.now());
      const text = await response.text();
      if (response.status >= 200 && response.status < 300) {
        return { status: response.status, text, method: call.method, url: safeUrl, operation: call.operation, secrets };
      }
      throw apiError(response, text, { method: call.method, operation: call.operation, url: safeUrl }, secrets);
    } catch (cause) {
      if (call.signal?.aborted) throw abortReason(call.signal);
      if (deadline.timedOut) {
        throw new SmhNetworkError(
          `SMH timed out: no answer to ${where} within ${timeoutMs} ms while waiting for ${waitingFor} (the client's timeoutMs); trying again may succeed.`,
          { method: call.method, url: safeUrl, cause, kind: 'timeout' },
        );
      }
      if (cause instanceof SmhError) throw cause;
      const { kind, summary, detail } = describeNoResponse(cause);
      throw new SmhNetworkError(redactSecrets(`SMH ${summary} for ${where} (${safeUrl ?? config.baseUrl}): ${detail}.`, secrets), {
        method: call.method,
        url: safeUrl,
        cause,
        kind,
      });
    } finally {
      deadline.dispose();
    }
  }

  return {
    async send(call) {
      if (call.signal?.aborted) throw abortReason(call.signal);
      try {
        return await attempt(call, { refresh: false });
      } catch (error) {
        // A static token cannot be refreshed; a getter is asked once for a fresh one (R-FLUTTER's rule).
        if (typeof accessToken !== 'function' || !isAccessTokenError(error)) throw error;
        return attempt(call, { refresh: true, reason: (error as SmhError).code });
      }
    },
    serverTimeOffset: () => timeOffset,
  };
}
