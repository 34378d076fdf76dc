// Which failures get a Retry button: a refusal that would come again for the same file, name and
// folder offers none (the person must change something); everything else may mend on its own.
import { describe, expect, it } from 'vitest';
import { CosError, SmhApiError, SmhNetworkError } from '../../src/api/errors';
import { canRetry } from '../../src/components/errorMessage';
import { UploadError } from '../../src/core/errors';

const api = (status: number, code: string) => new SmhApiError(`SMH said ${code}`, { status, code });

describe('canRetry', () => {
  it.each([
    ['a name SMH refuses', api(400, 'IllegalFileName')],
    ['an empty name', api(400, 'EmptyFileName')],
    ['a file type the library refuses', api(400, 'ExtnameNotAllowed')],
    ['a file too large for the library', api(413, 'RequestEntityTooLarge')],
    ['content the content check refused', api(451, 'SensitiveContentRecognized')],
    ['a different file picked to resume', new UploadError('not the same file', 'FileMismatch')],
    ['a file the browser cannot read', new UploadError('unreadable', 'InvalidFile')],
    ['a plain-http upload address', new UploadError('http', 'InsecureUrl')],
    ['a destination folder deleted during the upload', new UploadError('gone', 'PathDeleted')],
  ])('offers no Retry for %s', (_, error) => {
    expect(canRetry(error)).toBe(false);
  });

  it.each([
    ['no error at all', undefined],
    ['a network drop', new SmhNetworkError('offline')],
    ['an overloaded server', api(503, 'ServerOverloaded')],
    ['a rate limit', api(429, 'RateLimitExceeded')],
    ['an expired session', api(401, 'InvalidAccessToken')],
    ['a name clash (keep both or replace)', api(409, 'SameNameDirectoryOrFileExists')],
    ['a COS failure', new CosError('COS said no', { status: 500, code: 'InternalError' })],
    ['another tab holding the upload', new UploadError('locked', 'ResumeLocked')],
    ['a corrupted part', new UploadError('crc', 'IntegrityMismatch')],
    ['an engine fault', new UploadError('loop', 'StageLoop')],
    ['an unknown throw', new Error('boom')],
  ])('offers Retry for %s', (_, error) => {
    expect(canRetry(error)).toBe(true);
  });
});
