import { describe, expect, it } from 'vitest';
import { createSmhClient } from '../../src/api/client';
import {
  CosError,
  SmhApiError,
  SmhError,
  SmhNetworkError,
  SmhResponseError,
  isRetryable,
  redactSecrets,
} from '../../src/api/errors';
import { UploadError } from '../../src/core/errors';
import {
  makeSmhErrorBody,
  makeUploadInfo,
  makeUploadTaskStatus,
  SMH_DOC_STATUS_EXAMPLE,
  SMH_DOC_STATUS_EXAMPLE_RAW,
  SMH_DOC_STATUS_EXAMPLE_STRAY_QUOTE,
} from '../fixtures/smh';
import { createFakeFetch } from './fakeFetch';

const TOKEN = 'acctk-9f8e7d6c5b4a-never-shown';

function setup(accessToken: string | (() => string) = TOKEN) {
  const fake = createFakeFetch();
  const client = createSmhClient({ baseUrl: 'https://smhxxxx.api.tencentsmh.cn', libraryId: 'smhxxxx', accessToken, fetch: fake.fetch });
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

/** Every string an error could leak through: message, String(), url, excerpt, JSON of own props. */
function everythingShown(error: unknown): string {
  const e = error as Record<string, unknown>;
  return [String(error), e.message, e.url, e.excerpt, JSON.stringify(error), e.stack].join('\n');
}

// smh-api.md §7.2, by HTTP status as R-JS groups them.
const SMH_ERROR_CODES: Array<[number, string, boolean]> = [
  ...[
    'EmptyLibraryIdOrSecret', 'EmptyLibrarySecret', 'EmptyLibraryId', 'NotMultiSpaceLibrary', 'EmptyAccessToken', 'EmptyPath',
    'DirectoryNameLengthExceed', 'DirectoryNotAllowed', 'DirectoryLevelExceed', 'EmptyFileName', 'FileNameLengthExceed',
    'ExtnameNotAllowed', 'UploadToRootDirectoryNotAllowed', 'BadRequest', 'EmptySpaceId', 'EmptyCosUploadId',
    'MultipartUploadIncomplete', 'UploadIncomplete', 'InvalidConflictResolutionStrategy', 'ParamInvalid', 'SpaceIdInvalid',
    'IllegalFileName', 'BadCrc64', 'QuotaLimitReached', 'MultipartUploadPartTooSmall', 'IncompleteBody', 'OverwriteFileNotAllowed',
  ].map((code): [number, string, boolean] => [400, code, false]),
  ...[
    'NoPermission', 'AccessTokenNotMatchLibrary', 'AccessTokenNotMatchSpace', 'AccessTokenVersionNotMatch', 'InvalidAccessToken',
    'WriteForbidden', 'LibraryServiceExpired', 'LibraryInitializing', 'SpaceBanned',
  ].map((code): [number, string, boolean] => [403, code, false]),
  ...[
    'ConfirmKeyNotFound', 'UploadNotFound', 'LibraryNotFound', 'SpaceNotFound', 'DirectoryNotFound', 'FileNotFound', 'PathNotFound',
    'NoQuota', 'CosObjectNonexistent', 'RouteNotFound',
  ].map((code): [number, string, boolean] => [404, code, false]),
  [408, 'ReadRequestTimeout', true],
  ...['UploadComplete', 'SameNameDirectoryOrFileExists', 'PathConflict', 'RenameTooManyTimes'].map(
    (code): [number, string, boolean] => [409, code, false],
  ),
  [413, 'RequestEntityTooLarge', false],
  [414, 'URITooLong', false],
  [429, 'RateLimitExceeded', true],
  [431, 'HeaderFieldsTooLarge', false],
  [451, 'SensitiveContentRecognized', false],
  [499, 'ClientDisconnected', false],
  [500, 'InternalServerError', true],
  [503, 'ServerOverloaded', true],
  [503, 'RequestTimeout', true],
];

describe('SMH error replies', () => {
  it.each(SMH_ERROR_CODES)('%i %s becomes SmhApiError with its code; retryable: %s', async (status, code, retryable) => {
    const { fake, client } = setup();
    fake.reply({ status, body: makeSmhErrorBody(code, `message for ${code}`, 'req-42') });
    const error = await failure(client.getUploadStatus('ck1'));
    expect(error).toBeInstanceOf(SmhApiError);
    expect(error).toBeInstanceOf(SmhError);
    expect(error).toMatchObject({ status, code, requestId: 'req-42', method: 'GET' });
    expect((error as Error).message).toBe(`SMH returned ${status} ${code} for GET upload status: message for ${code} (request id req-42).`);
    expect(isRetryable(error)).toBe(retryable);
    expect(everythingShown(error)).not.toContain(TOKEN);
  });

  it('takes the request id from x-smh-request-id, then x-request-id, when the body has none', async () => {
    const { fake, client } = setup();
    fake.reply(
      { status: 404, body: { code: 'UploadNotFound', message: 'gone' }, headers: { 'x-smh-request-id': 'smh-1', 'x-request-id': 'gw-1' } },
      { status: 404, body: { code: 'UploadNotFound', message: 'gone' }, headers: { 'x-request-id': 'gw-2' } },
    );
    await expect(client.getUploadStatus('ck1')).rejects.toMatchObject({ requestId: 'smh-1' });
    await expect(client.getUploadStatus('ck1')).rejects.toMatchObject({ requestId: 'gw-2' });
  });

  it("reads a 429's Retry-After, in seconds or as a date, into retryAfterMs", async () => {
    const { fake, client } = setup();
    const later = new Date(Date.now() + 30_000).toUTCString();
    fake.reply(
      { status: 429, body: { code: 'RateLimitExceeded', message: 'slow down' }, headers: { 'retry-after': '2' } },
      { status: 503, body: { code: 'ServerOverloaded', message: 'busy' }, headers: { 'retry-after': later } },
      { status: 429, body: { code: 'RateLimitExceeded', message: 'slow down' }, headers: { 'retry-after': 'soon' } },
    );
    await expect(client.getUploadStatus('ck1')).rejects.toMatchObject({ status: 429, retryAfterMs: 2000 });
    const dated = (await failure(client.getUploadStatus('ck1'))) as SmhApiError;
    expect(dated.retryAfterMs).toBeGreaterThan(25_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(((await failure(client.getUploadStatus('ck1'))) as SmhApiError).retryAfterMs).toBeUndefined();
  });

  it('turns an HTML 502 page into SmhApiError Http502 that says the error JSON was missing', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 502, body: '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>' });
    const error = await failure(client.confirmUpload('ck1'));
    expect(error).toBeInstanceOf(SmhApiError);
    expect(error).toMatchObject({ status: 502, code: 'Http502' });
    expect((error as Error).message).toMatch(/^SMH returned 502 for POST confirm upload without its error JSON/);
    expect((error as Error).message).toContain('502 Bad Gateway');
    expect(isRetryable(error)).toBe(true);
  });

  it('keeps the code of an error JSON that has no message', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 404, body: { code: 'UploadNotFound' } });
    const error = await failure(client.getUploadStatus('ck1'));
    expect(error).toMatchObject({ name: 'SmhApiError', status: 404, code: 'UploadNotFound' });
    expect((error as Error).message).toBe('SMH returned 404 UploadNotFound for GET upload status: no message.');
  });

  it('turns an empty error body into SmhApiError Http{status}', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 403, body: '' });
    const error = await failure(client.cancelUpload('ck1'));
    expect(error).toMatchObject({ name: 'SmhApiError', status: 403, code: 'Http403' });
    expect((error as Error).message).toContain('(empty body)');
    expect(isRetryable(error)).toBe(false);
  });
});

describe('malformed 2xx replies', () => {
  it('reports the raw documentation example as invalid JSON, pointing at the broken spot', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 200, body: SMH_DOC_STATUS_EXAMPLE_RAW });
    const error = await failure(client.getUploadStatus('ck1'));
    expect(error).toBeInstanceOf(SmhResponseError);
    expect(error).toMatchObject({ code: 'InvalidResponse', status: 200, field: undefined });
    expect((error as Error).message).toMatch(/^SMH returned 200 for GET upload status, but it is not valid JSON: .* at line 14, column 13, near `.*39270a96`/);
    expect(isRetryable(error)).toBe(false);
  });

  it('names the stray quote after "smhxxx/xxx.mp4" in the documented example', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 200, body: SMH_DOC_STATUS_EXAMPLE_STRAY_QUOTE });
    const error = (await failure(client.getUploadStatus('ck1'))) as SmhResponseError;
    expect(error).toBeInstanceOf(SmhResponseError);
    expect(error.message).toContain('at line 26, column 25, near `"path": "smhxxx/xxx.mp4"", "uplo`');
  });

  it('parses the corrected documentation example', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 200, body: SMH_DOC_STATUS_EXAMPLE });
    const status = await client.getUploadStatus('ck1');
    expect(status.confirmed).toBe(false);
    expect(status.parts).toHaveLength(2);
  });

  it('names the field, the expectation and what came instead for a wrong type', async () => {
    const { fake, client } = setup();
    const status = makeUploadTaskStatus();
    fake.reply({ status: 200, body: { ...status, parts: [{ ...status.parts![0], Size: 'big' }] } });
    const error = (await failure(client.getUploadStatus('ck1'))) as SmhResponseError;
    expect(error).toBeInstanceOf(SmhResponseError);
    expect(error.field).toBe('parts.0.Size');
    expect(error.message).toContain('parts.0.Size: expected an integer ≥ 0 (a number or a string of digits), got the string "big"');
    expect(error.excerpt.length).toBeLessThanOrEqual(161);
  });

  it('reports a missing field and a plain type mismatch in words', async () => {
    const { fake, client } = setup();
    const { confirmed: _dropped, ...noConfirmed } = makeUploadTaskStatus();
    fake.reply({ status: 200, body: noConfirmed }, { status: 200, body: { ...makeUploadTaskStatus(), confirmed: 7 } });
    await expect(client.getUploadStatus('ck1')).rejects.toThrow('confirmed: expected boolean, got nothing (the field is missing)');
    await expect(client.getUploadStatus('ck1')).rejects.toThrow('confirmed: expected boolean, got number 7');
  });

  it('reports an empty 200 body as such', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 200, body: '' });
    const error = await failure(client.renewUpload('ck1'));
    expect(error).toBeInstanceOf(SmhResponseError);
    expect((error as Error).message).toBe('SMH returned 200 for POST renew upload, but the body is empty.');
  });

  it('rejects an unexpected 2xx status from a begin call', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 204 });
    await expect(client.beginUpload('a.bin')).rejects.toThrow('SMH returned 204 for POST begin multipart upload; expected 201, 202 or 200.');
  });

  it('keeps COS signatures and security tokens out of the excerpt of a malformed upload info', async () => {
    const { fake, client } = setup();
    const info = makeUploadInfo();
    fake.reply({ status: 201, body: { ...info, expiration: 42 } });
    const error = (await failure(client.beginUpload('a.bin'))) as SmhResponseError;
    expect(error.field).toBe('expiration');
    const shown = everythingShown(error);
    expect(shown).not.toContain('fixturesignature');
    expect(shown).not.toContain('fixture-security-token');
    expect(shown).not.toContain('AKIDfixture');
  });
});

describe('aborts and network failures', () => {
  it('rejects with the signal’s AbortError when aborted before the call', async () => {
    const { fake, client } = setup();
    const controller = new AbortController();
    controller.abort();
    const error = await failure(client.getUploadStatus('ck1', { signal: controller.signal }));
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(error).toBe(controller.signal.reason);
    expect(fake.requests).toHaveLength(0);
    expect(isRetryable(error)).toBe(false);
  });

  it('rejects with the signal’s AbortError when aborted during the request, not a wrapped error', async () => {
    const { fake, client } = setup();
    const controller = new AbortController();
    fake.reply(
      (request) =>
        new Promise<Response>((_resolve, reject) => {
          request.signal?.addEventListener('abort', () => reject(request.signal?.reason));
          controller.abort();
        }),
    );
    const error = await failure(client.beginUpload('a.bin', { signal: controller.signal }));
    expect(error).toBe(controller.signal.reason);
    expect(error).not.toBeInstanceOf(SmhError);
    // fetch got a signal composed of the caller's and the timeout, aborted with the caller's reason.
    expect(fake.requests[0]?.signal?.reason).toBe(controller.signal.reason);
  });

  it('rejects with the abort reason when aborted while the token getter runs', async () => {
    const controller = new AbortController();
    const { fake, client } = setup(() => {
      controller.abort();
      return TOKEN;
    });
    const error = await failure(client.cancelUpload('ck1', { signal: controller.signal }));
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(fake.requests).toHaveLength(0);
  });

  it('turns a fetch that throws into a retryable SmhNetworkError with the cause and no token', async () => {
    const { fake, client } = setup();
    const cause = new TypeError('fetch failed');
    fake.reply(() => Promise.reject(cause));
    const error = await failure(client.getUploadStatus('ck1'));
    expect(error).toBeInstanceOf(SmhNetworkError);
    expect(error).toMatchObject({ code: 'NetworkError', method: 'GET', cause });
    expect((error as Error).message).toMatch(
      /^SMH could not be reached for GET upload status \(https:\/\/smhxxxx\.api\.tencentsmh\.cn\/api\/v1\/file\/smhxxxx\/-\/ck1\?upload&access_token=\[redacted\]\): fetch failed; no response, and the browser does not say why\. Likely: CORS .*DNS, a refused or dropped connection/,
    );
    expect(error).toMatchObject({ kind: 'unreachable', timedOut: false });
    expect(isRetryable(error)).toBe(true);
    expect(everythingShown(error)).not.toContain(TOKEN);
  });

  it('never shows the token, even when the error text echoes it', async () => {
    const { fake, client } = setup();
    fake.reply(
      { status: 400, body: { code: 'ParamInvalid', message: `bad token ${TOKEN}` } },
      { status: 502, body: `<pre>GET /api/v1/file?access_token=${TOKEN}</pre>` },
      { status: 200, body: `{"oops": "${TOKEN}"` },
      () => Promise.reject(new Error(`connect failed for ${encodeURIComponent(TOKEN)}`)),
    );
    for (let i = 0; i < 4; i++) {
      const error = await failure(client.getUploadStatus('ck1'));
      expect(error).toBeInstanceOf(SmhError);
      expect(everythingShown(error)).not.toContain(TOKEN);
      expect(String(error)).toContain('[redacted]');
    }
  });
});

function cos(status: number, code: string, message: string): CosError {
  return new CosError(message, { status, code });
}

describe('isRetryable', () => {
  it.each([
    ['a network error', new SmhNetworkError('offline'), true],
    ['SMH 408', new SmhApiError('x', { status: 408, code: 'ReadRequestTimeout' }), true],
    ['SMH 429', new SmhApiError('x', { status: 429, code: 'RateLimitExceeded' }), true],
    ['SMH 500', new SmhApiError('x', { status: 500, code: 'InternalServerError' }), true],
    ['SMH 404', new SmhApiError('x', { status: 404, code: 'UploadNotFound' }), false],
    ['SMH 403', new SmhApiError('x', { status: 403, code: 'NoPermission' }), false],
    ['COS 503', cos(503, 'SlowDown', 'Please reduce your request rate.'), true],
    ['COS 429', cos(429, 'Http429', 'COS returned 429.'), true],
    ['COS 403 expired', cos(403, 'AccessDenied', 'COS returned 403 AccessDenied: Request has expired.'), true],
    ['COS 403 clock skew', cos(403, 'RequestTimeTooSkewed', 'skewed'), true],
    ['COS 403 other', cos(403, 'AccessDenied', 'COS returned 403 AccessDenied: Access Denied.'), false],
    ['COS 400', cos(400, 'InvalidPart', 'bad part'), false],
    ['a malformed reply', new SmhResponseError('x', { status: 200, excerpt: '' }), false],
    ['an UploadError', new UploadError('x', 'FileMismatch'), false],
    ['an abort', new DOMException('aborted', 'AbortError'), false],
    ['a plain Error', new Error('x'), false],
    ['undefined', undefined, false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });
});

describe('redactSecrets', () => {
  it.each([
    ['an access token in a query', 'https://h/api?upload&access_token=abc123&user_id=u', 'https://h/api?upload&access_token=[redacted]&user_id=u'],
    ['a library secret', 'GET /api/v1/token?library_id=x&library_secret=s3cr3t', 'GET /api/v1/token?library_id=x&library_secret=[redacted]'],
    ['a COS signature', 'q-sign-algorithm=sha1&q-ak=AKIDx&q-sign-time=1;2&q-signature=deadbeef', 'q-sign-algorithm=sha1&q-ak=[redacted]&q-sign-time=1;2&q-signature=[redacted]'],
    ['JSON Authorization and security token', '{"Authorization":"q-sign-algorithm=sha1&q-signature=ab","x-cos-security-token":"tok","domain":"d"}', '{"Authorization":"[redacted]","x-cos-security-token":"[redacted]","domain":"d"}'],
    ['JSON accessToken', '{"accessToken": "acctk-1", "expiresIn": 86400}', '{"accessToken": "[redacted]", "expiresIn": 86400}'],
    ['header lines', 'PUT /p\nAuthorization: q-sign-algorithm=sha1\nx-cos-security-token: tok\nHost: h', 'PUT /p\nAuthorization: [redacted]\nx-cos-security-token: [redacted]\nHost: h'],
    ['a presigned COS URL', 'https://b.cos.ap-beijing.myqcloud.com/k?sign=q-sign-algorithm%3Dsha1', 'https://b.cos.ap-beijing.myqcloud.com/k?sign=[redacted]'],
  ])('removes %s', (_name, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('removes literal secrets, raw and URL-encoded, and leaves other text alone', () => {
    const secret = 'tok/with+special=chars';
    expect(redactSecrets(`a ${secret} b ${encodeURIComponent(secret)} c`, [secret])).toBe('a [redacted] b [redacted] c');
    expect(redactSecrets(redactSecrets('x?access_token=abc&b=1 (see)'))).toBe('x?access_token=[redacted]&b=1 (see)');
    expect(redactSecrets('nothing secret here: uploadId=123&partNumber=2')).toBe('nothing secret here: uploadId=123&partNumber=2');
  });
});
