// The facts the error classes and predicates give a caller: names and defaults, Retry-After read to
// ms, which SMH answers mean "task gone", "fresh token needed" or "already confirmed", and redaction.
import { describe, expect, it } from 'vitest';
import {
  CosError,
  SmhApiError,
  SmhNetworkError,
  SmhResponseError,
  isAccessTokenError,
  isRetryable,
  isTaskGone,
  isUploadComplete,
  parseRetryAfter,
  redactSecrets,
} from '../../src/api/errors';

const api = (status: number, code: string) => new SmhApiError(`SMH returned ${status} ${code}`, { status, code });
const cos = (status: number, code: string, message = `COS returned ${status} ${code}`) => new CosError(message, { status, code });
/** What a plain object copied from an SmhApiError (e.g. through postMessage) looks like. */
const lookalike = (status: number, code: string) => ({ name: 'SmhApiError', status, code, message: 'x' });

describe('error names and defaults', () => {
  it('names each class, as String(error) and logs show it', () => {
    expect(String(new SmhResponseError('bad body', { status: 200, excerpt: '' }))).toBe('SmhResponseError: bad body');
    expect(String(cos(400, 'InvalidPart'))).toBe('CosError: COS returned 400 InvalidPart');
  });

  it('calls a network failure with no kind given "unreachable"', () => {
    expect(new SmhNetworkError('no response')).toMatchObject({ kind: 'unreachable', timedOut: false, code: 'NetworkError' });
  });

  it('counts a stalled part as timed out, and retries every network failure but an insecure upgrade', () => {
    expect(new SmhNetworkError('x', { kind: 'stalled' }).timedOut).toBe(true);
    expect(new SmhNetworkError('x', { kind: 'timeout' }).timedOut).toBe(true);
    expect(isRetryable(new SmhNetworkError('x', { kind: 'refused' }))).toBe(true);
    expect(isRetryable(new SmhNetworkError('x', { kind: 'insecureUpgrade' }))).toBe(false);
  });

  it('has a cause only when one was given (console.log shows an empty one too)', () => {
    expect(Object.hasOwn(new SmhNetworkError('x'), 'cause')).toBe(false);
    const cause = new TypeError('fetch failed');
    expect(new SmhNetworkError('x', { cause }).cause).toBe(cause);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['no header', null, undefined],
    ['an empty header', '', undefined],
    ['a header of spaces', '   ', undefined],
    ['"0" (retry now)', '0', 0],
    ['"3" seconds', '3', 3000],
    ['a negative number', '-5', undefined],
    ['an HTTP date 30 s ahead', 'Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['an HTTP date already past', 'Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['text', 'soon', undefined],
  ])('%s → %s', (_what, value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});

describe('CosError.isExpired', () => {
  it('is only a 403: the same words with another status are not an expiry', () => {
    expect(cos(403, 'AccessDenied', 'COS returned 403 AccessDenied: Request has expired.').isExpired).toBe(true);
    const other = cos(400, 'AccessDenied', 'COS returned 400 AccessDenied: Request has expired.');
    expect(other.isExpired).toBe(false);
    expect(isRetryable(other)).toBe(false);
    expect(cos(400, 'RequestTimeTooSkewed').isExpired).toBe(false);
  });
});

const MEANING = { 'task gone': isTaskGone, 'fresh token needed': isAccessTokenError, 'already confirmed': isUploadComplete };

describe('what an SMH error means for the task', () => {
  it.each<[keyof typeof MEANING, string, boolean, unknown]>([
    ['task gone', 'SMH 404 ConfirmKeyNotFound', true, api(404, 'ConfirmKeyNotFound')],
    ['task gone', 'SMH 404 UploadNotFound', true, api(404, 'UploadNotFound')],
    ['task gone', 'SMH 404 FileNotFound', false, api(404, 'FileNotFound')],
    ['task gone', 'SMH 410 UploadNotFound', false, api(410, 'UploadNotFound')],
    ['task gone', 'COS 404 UploadNotFound', false, cos(404, 'UploadNotFound')],
    ['task gone', 'a plain object shaped like one', false, lookalike(404, 'UploadNotFound')],
    ['fresh token needed', 'SMH 403 InvalidAccessToken', true, api(403, 'InvalidAccessToken')],
    ['fresh token needed', 'SMH 403 AccessTokenNotMatchSpace', true, api(403, 'AccessTokenNotMatchSpace')],
    ['fresh token needed', 'SMH 403 NoPermission', false, api(403, 'NoPermission')],
    ['fresh token needed', 'SMH 401 InvalidAccessToken', false, api(401, 'InvalidAccessToken')],
    ['fresh token needed', 'COS 403 InvalidAccessToken', false, cos(403, 'InvalidAccessToken')],
    ['fresh token needed', 'a plain object shaped like one', false, lookalike(403, 'InvalidAccessToken')],
    ['already confirmed', 'SMH 409 UploadComplete', true, api(409, 'UploadComplete')],
    ['already confirmed', 'SMH 409 PathConflict', false, api(409, 'PathConflict')],
    ['already confirmed', 'SMH 400 UploadComplete', false, api(400, 'UploadComplete')],
    ['already confirmed', 'COS 409 UploadComplete', false, cos(409, 'UploadComplete')],
    ['already confirmed', 'a plain object shaped like one', false, lookalike(409, 'UploadComplete')],
  ])('%s: %s → %s', (meaning, _what, expected, error) => {
    expect(MEANING[meaning](error)).toBe(expected);
  });
});

describe('redactSecrets, more shapes', () => {
  it('blanks the content of XML security elements and keeps the tags', () => {
    expect(redactSecrets('<Error><SecurityToken>tok-123</SecurityToken><Code>X</Code></Error>')).toBe(
      '<Error><SecurityToken>[redacted]</SecurityToken><Code>X</Code></Error>',
    );
  });

  it('removes literal secrets of 8 characters or more, and leaves shorter ones (ordinary words) alone', () => {
    expect(redactSecrets('token abcd1234 here', ['abcd1234'])).toBe('token [redacted] here');
    expect(redactSecrets('token abc1234 here', ['abc1234'])).toBe('token abc1234 here');
  });
});
