// The SMH upload endpoints over `fetch` (smh-api.md §2, §4). Every reply is checked with the
// zod/mini schemas; every failure becomes a typed error without a secret in it (errors.ts).
import * as z from 'zod/mini';
import {
  SmhApiError,
  SmhError,
  SmhNetworkError,
  SmhResponseError,
  parseRetryAfter,
  redactSecrets,
} from './errors';
import { encodeSmhPath } from './path';
import {
  beginUploadResultSchema,
  confirmUploadResultSchema,
  smhErrorBodySchema,
  uploadTaskStatusSchema,
} from './schemas';
import type {
  BeginUploadOptions,
  BeginUploadResult,
  ConfirmUploadOptions,
  ConfirmedFile,
  RenewUploadOptions,
  RequestOptions,
  SmhClient,
  SmhClientOptions,
  SmhPath,
  UploadInfo,
  UploadTaskStatus,
} from './types';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type QueryValue = string | number | boolean | undefined;

interface Call {
  method: Method;
  /** Human name of the operation for messages ("begin multipart upload"). */
  operation: string;
  /** Already-encoded path after `/api/v1/file/{LibraryId}/{SpaceId}/`. */
  target: string;
  /** Operation selector sent as a bare key (`?multipart`), as the docs and R-JAVA do (smh-api.md §2). */
  selector?: string;
  query?: ReadonlyArray<readonly [string, QueryValue]>;
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
  signal: AbortSignal | undefined;
}

interface Reply {
  status: number;
  text: string;
  method: Method;
  url: string;
  operation: string;
  /** Values to redact from anything built from this reply (the token sent). */
  secrets: readonly string[];
}

const EXCERPT_LENGTH = 160;
// RFC 9110 token characters: anything else makes `fetch` throw on the header name.
const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function invalid(message: string, code = 'InvalidArgument'): SmhError {
  return new SmhError(message, code);
}

function encodeKeySegment(value: string, what: string): string {
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..') {
    throw invalid(`The ${what} ${JSON.stringify(value)} cannot be used in a URL path; it must be a non-empty string other than "." or "..".`, 'InvalidPath');
  }
  return encodeURIComponent(value);
}

function checkWholeNumber(value: number | undefined, name: string, min: number): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < min) {
    throw invalid(`The option "${name}" must be an integer ≥ ${min}; got ${String(value)}.`);
  }
}

function metaHeaders(meta: Record<string, string> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!meta) return headers;
  for (const [key, value] of Object.entries(meta)) {
    if (!HEADER_TOKEN.test(key)) {
      throw invalid(`The metadata key ${JSON.stringify(key)} cannot be sent as an "x-smh-meta-" header; use letters, digits and "-".`);
    }
    // Header values are byte strings: no line breaks, nothing above U+00FF.
    if (typeof value !== 'string' || !isHeaderSafe(value)) {
      throw invalid(`The metadata value of ${JSON.stringify(key)} cannot be sent in an HTTP header; encode it (for example with encodeURIComponent) first.`);
    }
    headers[`x-smh-meta-${key}`] = value;
  }
  return headers;
}

function isHeaderSafe(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0 || code === 10 || code === 13 || code > 0xff) return false;
  }
  return true;
}

/** The file's labels, category and local times, which begin and confirm both accept in their body. */
function fileFacts(opts: Pick<ConfirmUploadOptions, 'labels' | 'category' | 'localCreationTime' | 'localModificationTime'>) {
  return {
    labels: opts.labels,
    category: opts.category,
    localCreationTime: opts.localCreationTime,
    localModificationTime: opts.localModificationTime,
  };
}

function pickDefined(fields: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) {
      out[key] = value;
      any = true;
    }
  }
  return any ? out : undefined;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function excerptOf(text: string, secrets: readonly string[]): string {
  const compact = text.replace(/\s+/g, ' ').trim();
  const redacted = redactSecrets(compact, secrets);
  return redacted.length > EXCERPT_LENGTH ? `${redacted.slice(0, EXCERPT_LENGTH)}…` : redacted;
}

/** Where JSON.parse stopped, as "line L, column C, near …" (V8 reports a character position). */
function jsonSyntaxProblem(text: string, cause: unknown, secrets: readonly string[]): string {
  const detail = cause instanceof Error ? cause.message : String(cause);
  const position = /position (\d+)/.exec(detail);
  if (!position) return detail;
  const at = Number(position[1]);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  const near = redactSecrets(text.slice(Math.max(0, at - 24), at + 8).replace(/\s+/g, ' '), secrets);
  return `${detail.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}, near \`${near}\``;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  // zod/mini ships no locale, so its own text is the generic "Invalid input"; our checks carry messages.
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message || 'unexpected value';
  }
}

function apiError(response: Response, text: string, call: Call, safeUrl: string, secrets: readonly string[]): SmhApiError {
  const { status } = response;
  const headerRequestId =
    response.headers.get('x-smh-request-id') ?? response.headers.get('x-request-id') ?? undefined;
  let parsed: z.output<typeof smhErrorBodySchema> | undefined;
  try {
    const json: unknown = JSON.parse(text);
    const result = z.safeParse(smhErrorBodySchema, json);
    if (result.success) parsed = result.data;
    // A body with a code but no message still names the error; keep the code.
    else if (typeof json === 'object' && json !== null && typeof (json as { code?: unknown }).code === 'string' && (json as { code: string }).code) {
      const loose = json as { code: string; requestId?: unknown };
      parsed = { code: loose.code, message: '', requestId: typeof loose.requestId === 'string' ? loose.requestId : undefined };
    }
  } catch {
    parsed = undefined;
  }
  const requestId = parsed?.requestId || headerRequestId;
  const where = `${call.method} ${call.operation}`;
  const idNote = requestId ? ` (request id ${requestId})` : '';
  let code: string;
  let message: string;
  if (parsed) {
    code = parsed.code;
    message = `SMH returned ${status} ${code} for ${where}: ${parsed.message || 'no message'}${idNote}.`;
  } else {
    code = `Http${status}`;
    const excerpt = excerptOf(text, secrets);
    message =
      `SMH returned ${status} for ${where} without its error JSON ({"code", "message"}); a proxy or gateway may have answered` +
      `${excerpt ? ` (body starts: ${JSON.stringify(excerpt)})` : ' (empty body)'}${idNote}.`;
  }
  return new SmhApiError(redactSecrets(message, secrets), {
    status,
    code,
    requestId,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()),
    method: call.method,
    url: safeUrl,
  });
}

function parseReply<S extends z.ZodMiniType>(reply: Reply, schema: S): z.output<S> {
  const { secrets } = reply;
  const where = `${reply.method} ${reply.operation}`;
  const excerpt = excerptOf(reply.text, secrets);
  let data: unknown;
  try {
    data = JSON.parse(reply.text);
  } catch (cause) {
    const reason = reply.text.trim() === '' ? 'the body is empty' : `it is not valid JSON: ${jsonSyntaxProblem(reply.text, cause, secrets)}`;
    throw new SmhResponseError(
      redactSecrets(`SMH returned ${reply.status} for ${where}, but ${reason}${excerpt ? `. Body starts: ${JSON.stringify(excerpt)}` : ''}.`, secrets),
      { status: reply.status, excerpt, method: reply.method, url: reply.url, cause },
    );
  }
  const result = z.safeParse(schema, data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  const field = path.length ? path.map(String).join('.') : undefined;
  const got = describeValue(valueAt(data, path));
  const what = issue ? describeIssue(issue) : 'unexpected value';
  throw new SmhResponseError(
    redactSecrets(
      `SMH returned ${reply.status} for ${where} with a reply this library does not understand: ` +
        `${field ?? 'the body'}: ${what}, got ${got}. Body starts: ${JSON.stringify(excerpt)}.`,
      secrets,
    ),
    { status: reply.status, field, excerpt, method: reply.method, url: reply.url, cause: result.error },
  );
}

function unexpectedStatus(reply: Reply, expected: string): SmhResponseError {
  const excerpt = excerptOf(reply.text, reply.secrets);
  return new SmhResponseError(
    `SMH returned ${reply.status} for ${reply.method} ${reply.operation}; expected ${expected}.`,
    { status: reply.status, excerpt, method: reply.method, url: reply.url },
  );
}

export function createSmhClient(options: SmhClientOptions): SmhClient {
  if (typeof options.baseUrl !== 'string' || !/^https?:\/\/[^/]/i.test(options.baseUrl)) {
    throw invalid(`The SMH baseUrl must be an http(s) URL such as "https://<LibraryId>.api.tencentsmh.cn"; got ${JSON.stringify(options.baseUrl)}.`, 'InvalidOptions');
  }
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const libraryId = options.libraryId;
  const spaceId = options.spaceId ?? '-';
  const root = `${baseUrl}/api/v1/file/${encodeKeySegment(libraryId, 'libraryId')}/${encodeKeySegment(spaceId, 'spaceId')}/`;
  const { accessToken, userId } = options;
  let timeOffset = 0;

  async function resolveToken(signal: AbortSignal | undefined): Promise<string> {
    let token: string;
    try {
      token = typeof accessToken === 'function' ? await accessToken() : accessToken;
    } catch (cause) {
      if (signal?.aborted) throw abortReason(signal);
      throw new SmhError('Could not get an SMH access token: the accessToken getter failed.', 'AccessTokenUnavailable', { cause });
    }
    if (signal?.aborted) throw abortReason(signal);
    if (typeof token !== 'string' || token === '') {
      throw new SmhError('Could not get an SMH access token: the accessToken option gave an empty value.', 'AccessTokenUnavailable');
    }
    return token;
  }

  function buildUrl(call: Call, token: string | undefined): string {
    const parts: string[] = [];
    if (call.selector) parts.push(call.selector);
    const query: Array<readonly [string, QueryValue]> = [...(call.query ?? [])];
    query.push(['access_token', token], ['user_id', userId]);
    for (const [key, value] of query) {
      if (value === undefined) continue;
      parts.push(`${key}=${encodeURIComponent(String(value))}`);
    }
    return `${root}${call.target}?${parts.join('&')}`;
  }

  function noteServerTime(response: Response, receivedAt: number): void {
    const header = response.headers.get('date');
    if (!header) return;
    const serverTime = Date.parse(header);
    if (Number.isFinite(serverTime)) timeOffset = serverTime - receivedAt;
  }

  async function send(call: Call): Promise<Reply> {
    const { signal } = call;
    if (signal?.aborted) throw abortReason(signal);
    const token = await resolveToken(signal);
    const secrets = [token];
    const url = buildUrl(call, token);
    const safeUrl = redactSecrets(url, secrets);
    const headers: Record<string, string> = { ...call.headers };
    let body: string | undefined;
    if (call.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(call.body);
    }
    // Resolved per call, so importing this module on a server touches no browser global.
    const fetchImpl = options.fetch ?? globalThis.fetch;
    let response: Response;
    let text: string;
    try {
      const init: RequestInit = { method: call.method, headers };
      if (body !== undefined) init.body = body;
      if (signal) init.signal = signal;
      response = await fetchImpl(url, init);
      noteServerTime(response, Date.now());
      text = await response.text();
    } catch (cause) {
      if (signal?.aborted) throw abortReason(signal);
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new SmhNetworkError(
        redactSecrets(`Could not reach SMH for ${call.method} ${call.operation} (${safeUrl}): ${reason}`, secrets),
        { method: call.method, url: safeUrl, cause },
      );
    }
    if (response.status >= 200 && response.status < 300) {
      return { status: response.status, text, method: call.method, url: safeUrl, operation: call.operation, secrets };
    }
    throw apiError(response, text, call, safeUrl, secrets);
  }

  async function begin(method: 'POST' | 'PUT', path: SmhPath, opts: BeginUploadOptions = {}): Promise<BeginUploadResult> {
    const multipart = method === 'POST';
    checkWholeNumber(opts.size, 'size', 0);
    checkWholeNumber(opts.trafficLimit, 'trafficLimit', 1);
    const call: Call = {
      method,
      operation: multipart ? 'begin multipart upload' : 'begin simple upload',
      target: encodeSmhPath(path),
      query: [
        ['conflict_resolution_strategy', opts.conflictResolutionStrategy],
        ['filesize', opts.size],
        ['traffic_limit', opts.trafficLimit],
        // INFERRED: R-JS sends the boolean as `true`/`false` (axios query serialisation).
        ['prefer_same_origin', opts.preferSameOrigin],
      ],
      headers: metaHeaders(opts.meta),
      signal: opts.signal,
    };
    if (multipart) call.selector = 'multipart';
    const body = pickDefined({
      beginningHash: opts.beginningHash,
      fullHash: opts.fullHash,
      // SMH's models type `size` as a string (smh-api.md §4.1).
      size: opts.size === undefined ? undefined : String(opts.size),
      ...fileFacts(opts),
    });
    if (body) call.body = body;
    const reply = await send(call);
    switch (reply.status) {
      case 201: {
        const upload = parseReply(reply, beginUploadResultSchema);
        if (multipart && upload.uploadId === undefined) {
          throw new SmhResponseError(
            `SMH returned 201 for ${method} ${call.operation} without "uploadId", which a multipart upload needs.`,
            { status: 201, field: 'uploadId', excerpt: excerptOf(reply.text, reply.secrets), method, url: reply.url },
          );
        }
        return { status: 'created', upload };
      }
      // A 202 carries no body: the beginning hash matched, send the full hash next (smh-api.md §4.8).
      case 202:
        return { status: 'hashMatched' };
      case 200:
        return { status: 'instant', file: parseReply(reply, confirmUploadResultSchema) };
      default:
        throw unexpectedStatus(reply, '201, 202 or 200');
    }
  }

  return {
    baseUrl,
    libraryId,
    spaceId,

    async getUploadStatus(confirmKey: string, opts: RequestOptions = {}): Promise<UploadTaskStatus> {
      const reply = await send({
        method: 'GET',
        operation: 'upload status',
        target: encodeKeySegment(confirmKey, 'confirmKey'),
        selector: 'upload',
        signal: opts.signal,
      });
      return parseReply(reply, uploadTaskStatusSchema);
    },

    beginUpload: (path, opts) => begin('POST', path, opts),
    beginSimpleUpload: (path, opts) => begin('PUT', path, opts),

    async renewUpload(confirmKey: string, opts: RenewUploadOptions = {}): Promise<UploadInfo> {
      checkWholeNumber(opts.trafficLimit, 'trafficLimit', 1);
      const reply = await send({
        method: 'POST',
        operation: 'renew upload',
        target: encodeKeySegment(confirmKey, 'confirmKey'),
        selector: 'renew',
        query: [['traffic_limit', opts.trafficLimit]],
        signal: opts.signal,
      });
      return parseReply(reply, beginUploadResultSchema);
    },

    async confirmUpload(confirmKey: string, opts: ConfirmUploadOptions = {}): Promise<ConfirmedFile> {
      if (opts.crc64 !== undefined && !/^\d+$/.test(opts.crc64)) {
        throw invalid(`The option "crc64" must be the CRC-64 as a decimal string; got ${JSON.stringify(opts.crc64)}.`);
      }
      const call: Call = {
        method: 'POST',
        operation: 'confirm upload',
        target: encodeKeySegment(confirmKey, 'confirmKey'),
        selector: 'confirm',
        query: [
          ['conflict_resolution_strategy', opts.conflictResolutionStrategy],
          // Asks SMH to include the file's inode in the reply (smh-api.md §4.6).
          ['with_inode', 1],
        ],
        signal: opts.signal,
      };
      const body = pickDefined({
        crc64: opts.crc64,
        ...fileFacts(opts),
      });
      if (body) call.body = body;
      const reply = await send(call);
      return parseReply(reply, confirmUploadResultSchema);
    },

    async cancelUpload(confirmKey: string, opts: RequestOptions = {}): Promise<void> {
      await send({
        method: 'DELETE',
        operation: 'cancel upload',
        target: encodeKeySegment(confirmKey, 'confirmKey'),
        selector: 'upload',
        signal: opts.signal,
      });
    },

    serverTimeOffset: () => timeOffset,
  };
}
