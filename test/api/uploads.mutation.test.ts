// What the upload calls tell a caller: the smallest values they take, and refusals that name the
// option, the value and the call.
import { describe, expect, it } from 'vitest';
import { createSmhClient } from '../../src/api/client';
import { SmhError, SmhResponseError } from '../../src/api/errors';
import { makeConfirmedFile, makeSmhErrorBody, makeUploadInfo, makeUploadTaskStatus } from '../fixtures/smh';
import { createFakeFetch } from './fakeFetch';

function setup() {
  const fake = createFakeFetch();
  const client = createSmhClient({ baseUrl: 'https://smhxxxx.api.tencentsmh.cn', libraryId: 'smhxxxx', accessToken: 'tk', fetch: fake.fetch });
  return { fake, client };
}

async function refusal(promise: Promise<unknown>): Promise<SmhError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SmhError)) throw new Error(`expected an SmhError, got ${String(error)}`);
  return error;
}

describe('the smallest values the calls take', () => {
  it('begins an empty file (size 0) and lists one entry at a time (limit 1)', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 201, body: makeUploadInfo({ uploadId: undefined }) }, { status: 200, body: {} });
    await client.beginSimpleUpload('empty.txt', { size: 0 });
    await client.listFolder('docs', { limit: 1 });
    expect(fake.requests[0]?.url.searchParams.get('filesize')).toBe('0');
    expect(JSON.parse(fake.requests[0]!.body!)).toEqual({ size: '0' });
    expect(fake.requests[1]?.url.searchParams.get('limit')).toBe('1');
  });
});

describe('refusals name what was wrong', () => {
  it('a bad size, limit or crc64 names the option and the value given, before any request', async () => {
    const { fake, client } = setup();
    const size = await refusal(client.beginUpload('a.bin', { size: -1 }));
    expect(size).toMatchObject({ code: 'InvalidArgument' });
    expect(size.message).toContain('"size" must be an integer ≥ 0; got -1');
    const limit = await refusal(client.listFolder('docs', { limit: 0 }));
    expect(limit.message).toContain('"limit" must be an integer ≥ 1; got 0');
    const crc = await refusal(client.confirmUpload('ck', { crc64: '0x12' }));
    expect(crc).toMatchObject({ code: 'InvalidArgument' });
    expect(crc.message).toContain('"crc64" must be the CRC-64 as a decimal string; got "0x12"');
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['"."', '.'],
    ['".."', '..'],
    ['an empty string', ''],
    ['a number', 42],
  ])('every call on a confirm key refuses %s as InvalidPath, naming the confirmKey, before any request', async (_what, key) => {
    const { fake, client } = setup();
    const confirmKey = key as string;
    const calls = [
      () => client.getUploadStatus(confirmKey),
      () => client.renewUpload(confirmKey),
      () => client.confirmUpload(confirmKey),
      () => client.cancelUpload(confirmKey),
    ];
    for (const call of calls) {
      const error = await refusal(call());
      expect(error.code).toBe('InvalidPath');
      expect(error.message).toContain(`The confirmKey ${JSON.stringify(key)} cannot be used in a URL path`);
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('a multipart begin answered without uploadId says the multipart upload needs it', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 201, body: makeUploadInfo({ uploadId: undefined }) });
    const error = await refusal(client.beginUpload('a.bin'));
    expect(error).toBeInstanceOf(SmhResponseError);
    expect(error.message).toContain('SMH returned 201 for POST begin multipart upload without "uploadId", which a multipart upload needs.');
  });

  it('a refused call names it, with SMH’s code and request id', async () => {
    const { fake, client } = setup();
    const gone = { status: 404, body: makeSmhErrorBody('UploadNotFound', 'gone', 'req-3') };
    fake.reply(gone, gone);
    const cancel = await refusal(client.cancelUpload('ck'));
    expect(cancel.message).toContain('404 UploadNotFound for DELETE cancel upload: gone');
    expect(cancel.message).toContain('req-3');
    const begin = await refusal(client.beginSimpleUpload('a.bin'));
    expect(begin.message).toContain('404 UploadNotFound for PUT begin simple upload: gone');
  });

  it('sends every upload call to the file API route', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 200, body: makeUploadTaskStatus() }, { status: 200, body: makeUploadInfo() }, { status: 200, body: makeConfirmedFile() }, { status: 204 });
    await client.getUploadStatus('ck');
    await client.renewUpload('ck');
    await client.confirmUpload('ck');
    await client.cancelUpload('ck');
    expect(fake.requests.map((r) => r.url.pathname)).toEqual(Array.from({ length: 4 }, () => '/api/v1/file/smhxxxx/-/ck'));
  });
});
