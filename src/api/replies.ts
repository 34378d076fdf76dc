// Reading SMH's answers: a 2xx body through its zod/mini schema, a non-2xx through SMH's error JSON
// (docs/smh-protocol.md §7.1). Every failure becomes a typed error naming the field or the status,
// with secrets redacted (errors.ts).
import * as z from 'zod/mini';
import { SmhApiError, SmhResponseError, parseRetryAfter, redactSecrets } from './errors';
import { smhErrorBodySchema } from './schemas';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A 2xx answer, read whole, with what its errors need to say where it came from. */
export interface Reply {
  status: number;
  text: string;
  method: Method;
  url: string;
  operation: string;
  /** Values to redact from anything built from this reply (the token sent). */
  secrets: readonly string[];
}

const EXCERPT_LENGTH = 160;

export function excerptOf(text: string, secrets: readonly string[]): string {
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

/** SMH's non-2xx answer as `SmhApiError`, from its error JSON or, failing that, the status alone. */
export function apiError(
  response: Response,
  text: string,
  where: { method: Method; operation: string; url: string },
  secrets: readonly string[],
): SmhApiError {
  const { status } = response;
  const headerRequestId =
    response.headers.get('x-smh-request-id') ?? response.headers.get('x-request-id') ?? undefined;
  let parsed: z.output<typeof smhErrorBodySchema> | undefined;
  try {
    const json: unknown = JSON.parse(text);
    const result = z.safeParse(smhErrorBodySchema, json);
    // A body with a code but no message still names the error; keep the code. (A JSON number or
    // string has no `code` either, so only null needs the `?.`.)
    const loose = json as { code?: unknown; requestId?: unknown } | null;
    if (result.success) parsed = result.data;
    else if (typeof loose?.code === 'string' && loose.code) {
      parsed = { code: loose.code, message: '', requestId: typeof loose.requestId === 'string' ? loose.requestId : undefined };
    }
  } catch {
    // Not JSON: the status alone names the error.
  }
  const requestId = parsed?.requestId || headerRequestId;
  const call = `${where.method} ${where.operation}`;
  const idNote = requestId ? ` (request id ${requestId})` : '';
  let code: string;
  let message: string;
  if (parsed) {
    code = parsed.code;
    message = `SMH returned ${status} ${code} for ${call}: ${parsed.message || 'no message'}${idNote}.`;
  } else {
    code = `Http${status}`;
    const excerpt = excerptOf(text, secrets);
    message =
      `SMH returned ${status} for ${call} without its error JSON ({"code", "message"}); a proxy or gateway may have answered` +
      `${excerpt ? ` (body starts: ${JSON.stringify(excerpt)})` : ' (empty body)'}${idNote}.`;
  }
  return new SmhApiError(redactSecrets(message, secrets), {
    status,
    code,
    requestId,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()),
    method: where.method,
    url: where.url,
  });
}

/** `reply`'s body through `schema`; `SmhResponseError` naming the first field it could not read. */
export function parseReply<S extends z.ZodMiniType>(reply: Reply, schema: S): z.output<S> {
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
  // zod reports at least one issue for every failed parse.
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const { path } = issue;
  const field = path.length ? path.map(String).join('.') : undefined;
  const got = describeValue(valueAt(data, path));
  const what = describeIssue(issue);
  throw new SmhResponseError(
    redactSecrets(
      `SMH returned ${reply.status} for ${where} with a reply this library does not understand: ` +
        `${field ?? 'the body'}: ${what}, got ${got}. Body starts: ${JSON.stringify(excerpt)}.`,
      secrets,
    ),
    { status: reply.status, field, excerpt, method: reply.method, url: reply.url, cause: result.error },
  );
}

/** A 2xx this endpoint never answers with. */
export function unexpectedStatus(reply: Reply, expected: string): SmhResponseError {
  const excerpt = excerptOf(reply.text, reply.secrets);
  return new SmhResponseError(
    `SMH returned ${reply.status} for ${reply.method} ${reply.operation}; expected ${expected}.`,
    { status: reply.status, excerpt, method: reply.method, url: reply.url },
  );
}

/** A reply that parsed but lacks a field this call needs (a multipart begin without `uploadId`). */
export function missingField(reply: Reply, field: string, why: string): SmhResponseError {
  return new SmhResponseError(
    `SMH returned ${reply.status} for ${reply.method} ${reply.operation} without "${field}", which ${why}.`,
    { status: reply.status, field, excerpt: excerptOf(reply.text, reply.secrets), method: reply.method, url: reply.url },
  );
}
