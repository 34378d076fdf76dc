// Errors are values with names (STYLE.md §7): each family carries the request's facts, and no
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

  constructor(
    message: string,
    init: { status: number; code: string; requestId?: string | undefined } & SmhErrorDetails,
  ) {
    super(message, init.code, init);
    this.status = init.status;
    this.requestId = init.requestId;
  }
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

/** No HTTP response at all: offline, DNS, CORS refusal, connection dropped. */
export class SmhNetworkError extends SmhError {
  override name = 'SmhNetworkError';

  constructor(message: string, details: SmhErrorDetails = {}) {
    super(message, 'NetworkError', details);
  }
}
