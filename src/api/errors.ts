// Errors are values with names (docs/style.md §7): each family carries the request's facts, and no
// access token or signature ever reaches a message.

export interface SmhErrorDetails {
  /** HTTP method of the failed request. */
  method?: string;
  /** The request URL with `access_token`, `library_secret` and signatures removed. */
  url?: string;
  cause?: unknown;
}

/** The base of every error this library throws or puts in a snapshot. */
export class SmhError extends Error {
  override name = 'SmhError';
  /** Machine-readable code: SMH's `code`, COS's `Code`, or this library's own. */
  readonly code: string;
  readonly method: string | undefined;
  readonly url: string | undefined;

  constructor(message: string, code: string, details: SmhErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.method = details.method;
    this.url = details.url;
  }
}

/** SMH answered with a non-2xx status (its error JSON, when there was one). */
export class SmhApiError extends SmhError {
  override name = 'SmhApiError';
  readonly status: number;
  readonly requestId: string | undefined;
  /** From a `Retry-After` header (429, 503): how long the server asked to wait, in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    init: { status: number; code: string; requestId?: string | undefined; retryAfterMs?: number | undefined } & SmhErrorDetails,
  ) {
    super(message, init.code, init);
    this.status = init.status;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** `Retry-After` as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** SMH answered 2xx with a body that is not JSON or does not match the schema. */
export class SmhResponseError extends SmhError {
  override name = 'SmhResponseError';
  readonly status: number;
  /** The dotted path of the first offending field (`parts.0.Size`), or undefined for the body. */
  readonly field: string | undefined;
  /** A short, secret-free excerpt of the body, for support. */
  readonly excerpt: string;

  constructor(
    message: string,
    init: { status: number; field?: string | undefined; excerpt: string } & SmhErrorDetails,
  ) {
    super(message, 'InvalidResponse', init);
    this.status = init.status;
    this.field = init.field;
    this.excerpt = init.excerpt;
  }
}

/** COS refused a part (or a simple PUT); facts from its XML error body. */
export class CosError extends SmhError {
  override name = 'CosError';
  readonly status: number;
  readonly requestId: string | undefined;

  constructor(
    message: string,
    init: { status: number; code: string; requestId?: string | undefined } & SmhErrorDetails,
  ) {
    super(message, init.code, init);
    this.status = init.status;
    this.requestId = init.requestId;
  }

  /** COS's signal that the signed headers are past `expiration`: renew, then retry. */
  get isExpired(): boolean {
    return (
      this.status === 403 &&
      (/request has expired/i.test(this.message) || this.code === 'RequestTimeTooSkewed')
    );
  }
}

/**
 * Why a request got no response, as far as the runtime tells: `timeout` (an SMH call passed
 * `timeoutMs`), `stalled` (a part PUT made no progress for `stallTimeoutMs`), `offline`, `refused`
 * and `dns` (Node names these; browsers do not), `insecureUpgrade` (a loopback upload host was
 * reached over https because `allowInsecureHttp` is off), `unreachable` (anything else: CORS, DNS,
 * refused or dropped connections look alike in a browser).
 */
export type NetworkFailureKind = 'timeout' | 'stalled' | 'offline' | 'refused' | 'dns' | 'insecureUpgrade' | 'unreachable';

/** No HTTP response at all: offline, DNS, CORS refusal, connection dropped, timed out or stalled. */
export class SmhNetworkError extends SmhError {
  override name = 'SmhNetworkError';
  readonly kind: NetworkFailureKind;

  constructor(message: string, details: SmhErrorDetails & { kind?: NetworkFailureKind } = {}) {
    super(message, 'NetworkError', details);
    this.kind = details.kind ?? 'unreachable';
  }

  /** The request was given up on by a timer (`timeout` or `stalled`), not by the caller. */
  get timedOut(): boolean {
    return this.kind === 'timeout' || this.kind === 'stalled';
  }
}

// One redaction pass for every URL, body excerpt or message that goes into an error, so a secret
// never reaches a log through `String(error)` or a bug report.
const REDACTED = '[redacted]';
const SECRET_NAMES =
  'access_token|accessToken|library_secret|librarySecret|x-cos-security-token|q-signature|q-ak|Authorization|signature|sign';
// `name=value` in a query string or a form body. The value stops at brackets too, which a URL
// carries only encoded, so redacting twice leaves `[redacted]` and the text after it intact.
// PURE: bundlers cannot tell `new RegExp` is side-effect free, and keep it in apps that never redact.
const QUERY_SECRET = /* @__PURE__ */ new RegExp(`(^|[?&;\\s"'])(${SECRET_NAMES})=([^&;\\s"'<>#()[\\]]+)`, 'gi');
// `"name": "value"` in JSON.
const JSON_SECRET = /* @__PURE__ */ new RegExp(`("(?:${SECRET_NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
// `Name: value` as a header line.
const HEADER_SECRET = /(^|[\r\n])(\s*(?:authorization|x-cos-security-token)\s*:)[^\r\n]*/gi;
// `<SecurityToken>…</SecurityToken>`-like XML elements.
const XML_SECRET = /(<(SecurityToken|Signature|AccessToken)>)[\s\S]*?(<\/\2>)/gi;

/**
 * Removes access tokens, library secrets, COS signatures (`q-signature`, `Authorization` values) and
 * `x-cos-security-token` values from a URL or text. `secrets` are literal values to remove as well
 * (the client passes the token it sent, whatever shape the text holds it in).
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text
    .replace(QUERY_SECRET, `$1$2=${REDACTED}`)
    .replace(JSON_SECRET, `$1"${REDACTED}"`)
    .replace(HEADER_SECRET, `$1$2 ${REDACTED}`)
    .replace(XML_SECRET, `$1${REDACTED}$3`);
  for (const secret of secrets) {
    // Short values would blank out ordinary words; real tokens are long.
    if (secret.length < 8) continue;
    out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(REDACTED);
  }
  return out;
}

/**
 * Whether trying the same request again may succeed: no response at all, 408, 429 and 5xx from SMH
 * or COS, and COS's 403 "Request has expired" (after a renew). Not aborts, other 4xx, malformed
 * replies (`SmhResponseError`) or the engine's own `UploadError`s.
 */
export function isRetryable(error: unknown): boolean {
  // A loopback host reached over https fails the same way every time: only the option mends it.
  if (error instanceof SmhNetworkError) return error.kind !== 'insecureUpgrade';
  if (error instanceof SmhApiError || error instanceof CosError) {
    const { status } = error;
    if (status === 408 || status === 429 || status >= 500) return true;
    return error instanceof CosError && error.isExpired;
  }
  // Aborts (a DOMException, or whatever reason the caller's signal gave) land here too.
  return false;
}

/**
 * 404 `ConfirmKeyNotFound` / `UploadNotFound`: the task was confirmed elsewhere, cancelled or
 * expired. It never comes back, so neither retry nor poll.
 */
export function isTaskGone(error: unknown): boolean {
  return (
    error instanceof SmhApiError &&
    error.status === 404 &&
    (error.code === 'ConfirmKeyNotFound' || error.code === 'UploadNotFound')
  );
}

/**
 * 403 codes that a fresh access token can mend: `InvalidAccessToken` (invalid, expired or
 * mismatched, as R-IOS describes it; R-FLUTTER refreshes on it), `AccessTokenVersionNotMatch`, and
 * the library/space mismatches a token cached for another library or space gives
 * (docs/smh-protocol.md §7.2, §12.3).
 */
export const ACCESS_TOKEN_CODES: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'InvalidAccessToken',
  'AccessTokenVersionNotMatch',
  'AccessTokenNotMatchLibrary',
  'AccessTokenNotMatchSpace',
]);

/** SMH refused the access token itself (see `ACCESS_TOKEN_CODES`): ask the getter for a fresh one. */
export function isAccessTokenError(error: unknown): boolean {
  return error instanceof SmhApiError && error.status === 403 && ACCESS_TOKEN_CODES.has(error.code);
}

/** 409 `UploadComplete`: SMH already confirmed this task (a second confirm or a late cancel). */
export function isUploadComplete(error: unknown): boolean {
  return error instanceof SmhApiError && error.status === 409 && error.code === 'UploadComplete';
}
