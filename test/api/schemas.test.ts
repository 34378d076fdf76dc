import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  accessTokenResultSchema,
  beginUploadResultSchema,
  confirmUploadResultSchema,
  deletedFileSchema,
  fileInfoSchema,
  folderPageSchema,
  smhErrorBodySchema,
  uploadPartInfoSchema,
  uploadPartSchema,
  uploadTaskStatusSchema,
} from '../../src/api/schemas';
import {
  makeConfirmedFile,
  makeParts,
  makeUploadInfo,
  makeUploadPartInfo,
  makeUploadTaskStatus,
  MiB,
  SMH_DOC_STATUS_EXAMPLE,
} from '../fixtures/smh';

function issuePaths(schema: z.ZodMiniType, data: unknown): string[] {
  const result = z.safeParse(schema, data);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('uploadPartSchema', () => {
  it('accepts numbers and turns numeric strings into numbers (R-IOS and R-AND send strings)', () => {
    const part = makeParts(1, MiB)[0]!;
    expect(z.parse(uploadPartSchema, part)).toEqual(part);
    expect(z.parse(uploadPartSchema, { ...part, PartNumber: '7', Size: '1048576' })).toEqual({ ...part, PartNumber: 7, Size: MiB });
  });

  it.each([
    ['a non-numeric string', 'abc'],
    ['a negative number', -1],
    ['a negative string', '-1'],
    ['a fraction', 1.5],
    ['a fractional string', '1.5'],
    ['an empty string', ''],
    ['a boolean', true],
    ['null', null],
    ['a number past 2^53', 2 ** 53 + 2],
  ])('rejects %s as Size', (_name, Size) => {
    expect(issuePaths(uploadPartSchema, { ...makeParts(1, MiB)[0], Size })).toEqual(['Size']);
  });

  it('rejects part number 0 (COS numbers parts from 1)', () => {
    expect(issuePaths(uploadPartSchema, { ...makeParts(1, MiB)[0], PartNumber: 0 })).toEqual(['PartNumber']);
  });

  it('keeps a Size of 0 and a missing ETag is an error', () => {
    expect(z.parse(uploadPartSchema, { ...makeParts(1, MiB)[0], Size: '0' }).Size).toBe(0);
    const { ETag: _dropped, ...noETag } = makeParts(1, MiB)[0]!;
    expect(issuePaths(uploadPartSchema, noETag)).toEqual(['ETag']);
  });
});

describe('uploadTaskStatusSchema', () => {
  it('parses the corrected example from SMH’s status documentation', () => {
    const status = z.parse(uploadTaskStatusSchema, JSON.parse(SMH_DOC_STATUS_EXAMPLE));
    expect(status.path).toEqual(['foo', 'bar', 'DCIM001.mp4']);
    expect(status.parts?.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual([
      [1, 1048576, '"39270a968a357d24207e9911162507eb"'],
      [2, 1048576, '"d899fbd1e06109ea2e4550f5751c88d6"'],
    ]);
    expect(status.uploadPartInfo?.path).toBe('smhxxx/xxx.mp4');
  });

  it('accepts path null (a parent folder was deleted)', () => {
    expect(z.parse(uploadTaskStatusSchema, makeUploadTaskStatus({ path: null })).path).toBeNull();
  });

  it('accepts a reply without the multipart fields (a simple upload task)', () => {
    const { uploadId: _a, parts: _b, uploadPartInfo: _c, ...simple } = makeUploadTaskStatus();
    const parsed = z.parse(uploadTaskStatusSchema, simple);
    expect(parsed).toEqual(simple);
    expect('parts' in parsed).toBe(false);
  });

  it('drops fields it does not declare instead of failing', () => {
    const parsed = z.parse(uploadTaskStatusSchema, { ...makeUploadTaskStatus(), somethingNew: 1 });
    expect(parsed).not.toHaveProperty('somethingNew');
  });

  it.each([
    ['confirmed as a string', { confirmed: 'false' }, 'confirmed'],
    ['path as a string', { path: 'foo/bar' }, 'path'],
    ['a path segment as a number', { path: ['foo', 1] }, 'path.1'],
    ['parts as an object', { parts: { 1: {} } }, 'parts'],
    ['a header value as an object', { uploadPartInfo: makeUploadPartInfo({ headers: { 'x-n': {} as unknown as string } }) }, 'uploadPartInfo.headers.x-n'],
    ['an empty upload domain', { uploadPartInfo: makeUploadPartInfo({ domain: '' }) }, 'uploadPartInfo.domain'],
    ['headers as an array', { uploadPartInfo: makeUploadPartInfo({ headers: ['x'] as unknown as Record<string, string> }) }, 'uploadPartInfo.headers'],
    ['headers as a string', { uploadPartInfo: makeUploadPartInfo({ headers: 'x' as unknown as Record<string, string> }) }, 'uploadPartInfo.headers'],
  ])('rejects %s, naming the field', (_name, override, path) => {
    expect(issuePaths(uploadTaskStatusSchema, { ...makeUploadTaskStatus(), ...override })).toEqual([path]);
  });

  it('requires only confirmed and path: type, creationTime, strategy, force and availableDomainNum may be missing', () => {
    const { type: _t, creationTime: _c, conflictResolutionStrategy: _s, force: _f, availableDomainNum: _a, ...bare } = makeUploadTaskStatus();
    expect(z.parse(uploadTaskStatusSchema, bare)).toEqual(bare);
    const { confirmed: _dropped, ...noConfirmed } = makeUploadTaskStatus();
    expect(issuePaths(uploadTaskStatusSchema, noConfirmed)).toEqual(['confirmed']);
    const { path: _p, ...noPath } = makeUploadTaskStatus();
    expect(issuePaths(uploadTaskStatusSchema, noPath)).toEqual(['path']);
  });

  it('reads availableDomainNum as a number or a string of digits (D-RENEW types it String)', () => {
    expect(z.parse(uploadTaskStatusSchema, makeUploadTaskStatus({ availableDomainNum: '3' as never })).availableDomainNum).toBe(3);
    expect(z.parse(uploadTaskStatusSchema, makeUploadTaskStatus({ availableDomainNum: 2 })).availableDomainNum).toBe(2);
  });

  it.each([
    ['an unknown conflict strategy', { conflictResolutionStrategy: 'skip' }, 'conflictResolutionStrategy'],
    ['availableDomainNum as a word', { availableDomainNum: 'one' }, 'availableDomainNum'],
    ['force as a string', { force: 'yes' }, 'force'],
    ['type as a number', { type: 7 }, 'type'],
    ['creationTime as null', { creationTime: null }, 'creationTime'],
  ])('drops %s instead of failing the reply (the library does not need it)', (_name, override, field) => {
    const parsed = z.parse(uploadTaskStatusSchema, { ...makeUploadTaskStatus(), ...override }) as Record<string, unknown>;
    expect(parsed[field]).toBeUndefined();
    expect(parsed.confirmed).toBe(false);
  });

  it('sends a number or boolean header value as its string (D-RENEW shows "x-cos-traffic-limit": 102400)', () => {
    const headers = { 'x-cos-traffic-limit': 102400, 'x-flag': true, Authorization: 'q-sign' } as unknown as Record<string, string>;
    const parsed = z.parse(uploadTaskStatusSchema, makeUploadTaskStatus({ uploadPartInfo: makeUploadPartInfo({ headers }) }));
    expect(parsed.uploadPartInfo?.headers).toEqual({ 'x-cos-traffic-limit': '102400', 'x-flag': 'true', Authorization: 'q-sign' });
  });
});

describe('other reply schemas', () => {
  it('uploadPartInfoSchema requires uploadId', () => {
    const { uploadId: _dropped, ...rest } = makeUploadPartInfo();
    expect(issuePaths(uploadPartInfoSchema, rest)).toEqual(['uploadId']);
  });

  it('beginUploadResultSchema accepts upload info with or without uploadId and requires confirmKey', () => {
    const { uploadId: _dropped, ...simple } = makeUploadInfo();
    expect(z.parse(beginUploadResultSchema, simple)).toEqual(simple);
    expect(z.parse(beginUploadResultSchema, makeUploadInfo())).toEqual(makeUploadInfo());
    const { confirmKey: _ck, ...noKey } = makeUploadInfo();
    expect(issuePaths(beginUploadResultSchema, noKey)).toEqual(['confirmKey']);
  });

  it.each(['domain', 'path', 'headers', 'expiration'] as const)('beginUploadResultSchema requires %s, which sending the bytes needs', (field) => {
    const { [field]: _dropped, ...rest } = makeUploadInfo();
    expect(issuePaths(beginUploadResultSchema, rest)).toEqual([field]);
  });

  it('beginUploadResultSchema takes a missing or string availableDomainNum and unknown fields', () => {
    const { availableDomainNum: _a, ...noCount } = makeUploadInfo();
    expect(z.parse(beginUploadResultSchema, { ...noCount, somethingNew: { a: 1 } })).toEqual(noCount);
    expect(z.parse(beginUploadResultSchema, { ...noCount, availableDomainNum: '2' }).availableDomainNum).toBe(2);
  });

  it('confirmUploadResultSchema keeps size a string and turns a numeric size into its string', () => {
    expect(z.parse(confirmUploadResultSchema, makeConfirmedFile({ size: '9007199254740993' })).size).toBe('9007199254740993');
    expect(z.parse(confirmUploadResultSchema, { ...makeConfirmedFile(), size: 42 }).size).toBe('42');
    expect(z.parse(confirmUploadResultSchema, makeConfirmedFile({ path: null })).path).toBeNull();
  });

  it('confirmUploadResultSchema needs only path, name and size; the rest may be missing or odd', () => {
    const bare = { path: ['a.txt'], name: 'a.txt', size: '3' };
    expect(z.parse(confirmUploadResultSchema, bare)).toEqual(bare);
    expect(z.parse(confirmUploadResultSchema, { ...makeConfirmedFile(), virusAuditStatus: 'clean', isOverwritten: 'no' })).not.toHaveProperty('virusAuditStatus', 'clean');
  });

  it.each([
    ['a negative size', -1],
    ['a fractional size', 1.5],
    ['a non-numeric size string', '12 MB'],
    ['a missing size', undefined],
  ])('confirmUploadResultSchema rejects %s', (_name, size) => {
    expect(issuePaths(confirmUploadResultSchema, { ...makeConfirmedFile(), size })).toEqual(['size']);
  });

  it('smhErrorBodySchema needs code and message; requestId is optional', () => {
    expect(z.parse(smhErrorBodySchema, { code: 'UploadNotFound', message: 'gone' })).toEqual({ code: 'UploadNotFound', message: 'gone' });
    expect(issuePaths(smhErrorBodySchema, { message: 'no code' })).toEqual(['code']);
  });

  it('accessTokenResultSchema reads {accessToken, expiresIn}', () => {
    expect(z.parse(accessTokenResultSchema, { accessToken: 'acctk', expiresIn: 86400 })).toEqual({ accessToken: 'acctk', expiresIn: 86400 });
    expect(issuePaths(accessTokenResultSchema, { accessToken: 'acctk', expiresIn: '86400' })).toEqual(['expiresIn']);
  });
});

function messageOf(schema: z.ZodMiniType, data: unknown): string | undefined {
  const result = z.safeParse(schema, data);
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe('issue messages', () => {
  it('each rule names what it expected, so SmhResponseError can say it', () => {
    const part = makeParts(1, MiB)[0]!;
    expect(messageOf(uploadPartSchema, { ...part, PartNumber: 0 })).toBe('expected an integer ≥ 1 (a number or a string of digits)');
    expect(messageOf(uploadPartSchema, { ...part, Size: 1.5 })).toBe('expected an integer ≥ 0 (a number or a string of digits)');
    expect(messageOf(uploadPartSchema, { ...part, Size: '12 MB' })).toBe('expected an integer ≥ 0 (a number or a string of digits)');
    expect(messageOf(beginUploadResultSchema, { ...makeUploadInfo(), confirmKey: '' })).toBe('expected a non-empty string');
    expect(messageOf(confirmUploadResultSchema, { ...makeConfirmedFile(), size: '12 MB' })).toBe('expected a size as a string of digits');
    expect(messageOf(accessTokenResultSchema, { accessToken: 'a', expiresIn: -1 })).toBe('expected a number of seconds ≥ 0');
  });
});

const page = (overrides: Record<string, unknown>) => z.parse(folderPageSchema, { contents: [], ...overrides });
const entry = (overrides: Record<string, unknown>) => page({ contents: [{ name: 'a.jpg', ...overrides }] }).contents[0]!;

describe('folder listings, file info and token replies', () => {

  it('reads nextMarker as a string or a number, and an empty or missing one as the last page', () => {
    expect(page({ nextMarker: 'abc' }).nextMarker).toBe('abc');
    expect(page({ nextMarker: 1013 }).nextMarker).toBe('1013');
    // An empty marker would be refused by listFolder's "marker" option, so it is no marker at all.
    for (const nextMarker of ['', null, true, {}]) expect(page({ nextMarker }).nextMarker).toBeUndefined();
  });

  it('reads an entry’s size as a string of digits, from a string or a safe non-negative integer', () => {
    expect(entry({ size: '9007199254740993' }).size).toBe('9007199254740993');
    expect(entry({ size: 12 }).size).toBe('12');
    expect(entry({ size: 0 }).size).toBe('0');
    for (const size of ['12 MB', '-1', -1, 1.5, 2 ** 53 + 2, null, true]) expect(entry({ size }).size).toBeUndefined();
  });

  it('keeps only the string values of metaData, and drops metaData that is not an object', () => {
    expect(entry({ metaData: { 'x-smh-meta-a': 'b', 'x-smh-meta-n': 1, 'x-smh-meta-o': {} } }).metaData).toEqual({ 'x-smh-meta-a': 'b' });
    for (const metaData of ['x-smh-meta-a', ['b'], null, 7]) expect(entry({ metaData }).metaData).toBeUndefined();
  });

  it('drops a versionId or recycledItemId that is not a finite number (1e400 parses to Infinity)', () => {
    expect(z.parse(fileInfoSchema, { versionId: 3 }).versionId).toBe(3);
    expect(z.parse(fileInfoSchema, { versionId: '3' }).versionId).toBeUndefined();
    expect(z.parse(fileInfoSchema, JSON.parse('{"versionId": 1e400}')).versionId).toBeUndefined();
    expect(z.parse(deletedFileSchema, { recycledItemId: '12' }).recycledItemId).toBeUndefined();
  });

  it('refuses a confirmed file’s numeric size past 2^53 (its digits would be wrong) and takes size 0', () => {
    expect(issuePaths(confirmUploadResultSchema, { ...makeConfirmedFile(), size: 2 ** 53 + 2 })).toEqual(['size']);
    expect(z.parse(confirmUploadResultSchema, { ...makeConfirmedFile(), size: 0 }).size).toBe('0');
  });

  it('reads counts as whole numbers ≥ 0 from a number or a string of digits, and drops anything else', () => {
    expect(page({ fileCount: 0, subDirCount: '12', totalNum: 3 })).toMatchObject({ fileCount: 0, subDirCount: 12, totalNum: 3 });
    for (const count of ['', ' 3', '1e3', true, null, [3], 1.5, -1, '-1']) {
      const read = page({ fileCount: count, subDirCount: count, totalNum: count });
      expect([read.fileCount, read.subDirCount, read.totalNum]).toEqual([undefined, undefined, undefined]);
      expect(z.parse(uploadTaskStatusSchema, makeUploadTaskStatus({ availableDomainNum: count as never })).availableDomainNum).toBeUndefined();
    }
  });

  it('reads a path or labels only as an array of strings, and drops anything else', () => {
    expect(page({ path: ['photos', '2026'] }).path).toEqual(['photos', '2026']);
    expect(entry({ labels: ['a', 'b'], path: ['x', 'a.jpg'] })).toMatchObject({ labels: ['a', 'b'], path: ['x', 'a.jpg'] });
    for (const value of ['photos/2026', ['photos', 7], { 0: 'a' }, null]) {
      expect(page({ path: value }).path).toBeUndefined();
      expect(entry({ labels: value }).labels).toBeUndefined();
    }
  });

  it('takes a token that expires now (expiresIn 0)', () => {
    expect(z.parse(accessTokenResultSchema, { accessToken: 'acctk', expiresIn: 0 }).expiresIn).toBe(0);
  });
});
