import { describe, expect, it } from 'vitest';
import { CosError, SmhApiError, SmhNetworkError, SmhResponseError } from '../../src/api/errors';
import { describeError, isGoneError } from '../../src/components/errorMessage';
import { UploadError, type UploadErrorCode } from '../../src/core/errors';
import { createI18n, zhCN } from '../../src/i18n';

const api = (status: number, code: string) =>
  new SmhApiError(`SMH said ${code}`, { status, code, requestId: 'req-123', url: 'https://x/api?access_token=SECRET' });
const cos = (status: number, code: string, message = 'COS said no') =>
  new CosError(message, { status, code, requestId: 'cos-req-9' });

describe('describeError', () => {
  it.each([
    [api(403, 'NoPermission'), /do not have permission/],
    [api(403, 'InvalidAccessToken'), /session has expired.*Sign in again/],
    [api(403, 'AccessTokenNotMatchSpace'), /Sign in again/],
    [api(400, 'QuotaLimitReached'), /not enough storage space/],
    [api(409, 'SameNameDirectoryOrFileExists'), /already exists.*keep both or replace/],
    [api(429, 'RateLimitExceeded'), /Too many requests.*Wait a minute/],
    [api(429, 'SomethingNew'), /Too many requests/],
    [api(408, 'ReadRequestTimeout'), /took too long/],
    [api(404, 'DirectoryNotFound'), /destination folder does not exist/],
    [api(400, 'IllegalFileName'), /file name is not allowed/],
    [api(400, 'ExtnameNotAllowed'), /type are not allowed/],
    [api(451, 'SensitiveContentRecognized'), /content check/],
    [api(404, 'UploadNotFound'), /no longer exists/],
    [api(500, 'InternalServerError'), /server had a problem.*resume/],
    [api(503, 'SomethingElse'), /server had a problem/],
    [api(400, 'ParamInvalid'), /refused the request.*details below/],
  ])('explains SmhApiError %#', (error, expected) => {
    const { message, code, requestId, status } = describeError(error);
    expect(message).toMatch(expected);
    expect(code).toBe(error.code);
    expect(requestId).toBe('req-123');
    expect(status).toBe(error.status);
  });

  it('explains a reply the app could not read', () => {
    const error = new SmhResponseError('bad body', { status: 200, field: 'parts.0.Size', excerpt: '{"parts":' });
    expect(describeError(error)).toMatchObject({ key: 'error.response', code: 'InvalidResponse', status: 200 });
  });

  it.each([
    [cos(403, 'AccessDenied', 'Request has expired'), 'error.cosExpired', /expired and could not be renewed.*Sign in again and resume/],
    [cos(403, 'SignatureDoesNotMatch'), 'error.cosDenied', /refused the upload’s signature/],
    [cos(503, 'ServiceUnavailable'), 'error.cosServer', /storage service had a problem/],
    [cos(400, 'EntityTooSmall'), 'error.cos', /refused a part/],
  ])('explains CosError %#', (error, key, expected) => {
    const description = describeError(error);
    expect(description.key).toBe(key);
    expect(description.message).toMatch(expected);
    expect(description.requestId).toBe('cos-req-9');
  });

  it('explains a network failure', () => {
    expect(describeError(new SmhNetworkError('fetch failed')).message).toMatch(/could not be reached.*connection/);
  });

  it.each<[UploadErrorCode, RegExp]>([
    ['FileMismatch', /not the one this upload started with/],
    ['TaskGone', /no longer exists/],
    ['PathDeleted', /folder .* was deleted/],
    ['InvalidFile', /cannot be uploaded/],
    ['InsecureUrl', /insecure connection/],
    ['IntegrityMismatch', /does not match/],
    ['ResumeLocked', /another tab/],
  ])('explains UploadError %s', (code, expected) => {
    const description = describeError(new UploadError('x', code));
    expect(description.message).toMatch(expected);
    expect(description.code).toBe(code);
  });

  it('gives anything else a generic sentence and no code', () => {
    const description = describeError(Object.assign(new Error('boom'), { code: 'EWHATEVER' }));
    expect(description).toMatchObject({ key: 'error.unknown', code: undefined, requestId: undefined });
    expect(describeError('a string').key).toBe('error.unknown');
  });

  it('never repeats the raw error message or URL, which may carry a token', () => {
    const description = describeError(api(403, 'InvalidAccessToken'));
    expect(JSON.stringify(description)).not.toMatch(/SECRET|access_token|SMH said/);
  });

  it('speaks the requested locale', () => {
    expect(describeError(new SmhNetworkError('x'), createI18n('zh-CN', zhCN)).message).toBe('无法连接服务器。请检查网络连接后继续上传。');
  });
});

describe('isGoneError', () => {
  it('is true only for a vanished task', () => {
    expect(isGoneError(api(404, 'ConfirmKeyNotFound'))).toBe(true);
    expect(isGoneError(api(404, 'UploadNotFound'))).toBe(true);
    expect(isGoneError(new UploadError('x', 'TaskGone'))).toBe(true);
    expect(isGoneError(api(404, 'DirectoryNotFound'))).toBe(false);
    expect(isGoneError(api(500, 'UploadNotFound'))).toBe(false);
  });
});
