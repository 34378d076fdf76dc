// What a developer reads when SMH's answer cannot be used: a 2xx body that is not JSON or not the
// expected shape (which field, what came instead, where JSON broke), and a non-2xx without error JSON.
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createSmhClient } from '../../src/api/client';
import { SmhApiError, SmhResponseError } from '../../src/api/errors';
import { parseUploadTaskStatus } from '../../src/api/parse';
import { parseReply, type Reply } from '../../src/api/replies';
import { makeUploadInfo, makeUploadTaskStatus } from '../fixtures/smh';
import { createFakeFetch } from './fakeFetch';

function refusal(json: unknown): SmhResponseError {
  try {
    parseUploadTaskStatus(json);
  } catch (error) {
    if (error instanceof SmhResponseError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(json)} was accepted`);
}

function setup() {
  const fake = createFakeFetch();
  const client = createSmhClient({ baseUrl: 'https://smhxxxx.api.tencentsmh.cn', libraryId: 'smhxxxx', accessToken: 'acctk-0123456789', fetch: fake.fetch });
  return { fake, client };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error) => error,
  );
}

describe('a 2xx reply of the wrong shape names what came instead', () => {
  const status = makeUploadTaskStatus();

  it.each([
    ['null', { ...status, confirmed: null }, 'confirmed: expected boolean, got null.'],
    ['an array', { ...status, confirmed: [true] }, 'confirmed: expected boolean, got an array.'],
    ['an object', { ...status, confirmed: { value: true } }, 'confirmed: expected boolean, got an object.'],
    ['a short string, whole', { ...status, confirmed: 'x'.repeat(40) }, `confirmed: expected boolean, got the string "${'x'.repeat(40)}".`],
    ['a long string, cut after 40 characters', { ...status, confirmed: 'y'.repeat(41) }, `confirmed: expected boolean, got the string "${'y'.repeat(40)}…".`],
  ])('%s', (_what, body, says) => {
    const error = refusal(body);
    expect(error.field).toBe('confirmed');
    expect(error.message).toContain(says);
  });

  it('says "the body" when the whole reply is of the wrong type, and names the call', () => {
    const error = refusal('null');
    expect(error.field).toBeUndefined();
    expect(error.message).toMatch(/^SMH returned 200 for GET upload status with a reply this library does not understand: the body: expected object, got null\./);
  });

  it('names the allowed values of a field that must be one of a few', () => {
    const reply: Reply = { status: 200, text: '{"state":"paused"}', method: 'GET', url: 'https://h/x', operation: 'task state', secrets: [] };
    expect(() => parseReply(reply, z.object({ state: z.enum(['running', 'done']) }))).toThrow(
      'state: expected one of "running", "done", got the string "paused".',
    );
  });
});

describe('a 2xx body that is not JSON says where it broke', () => {
  it('gives line and column instead of V8’s character position', () => {
    const error = refusal('{"a" 1}');
    expect(error.message).toContain("it is not valid JSON: Expected ':' after property name at line 1, column 6, near `{\"a\" 1}`");
    expect(error.message).not.toContain('position');
  });

  it('shows the text near the error with each run of whitespace as one space', () => {
    const error = refusal('{\n    "a"    1}');
    expect(error.message).toContain('near `{ "a" 1}`');
  });

  it('calls a body of only whitespace empty', () => {
    expect(refusal(' \n\t ').message).toBe('SMH returned 200 for GET upload status, but the body is empty.');
  });
});

/** A reply body whose `confirmed` is a string of `pad` characters. */
const padded = (pad: number) => `{"confirmed":"${'z'.repeat(pad)}"}`;

describe('the body excerpt kept for support', () => {
  it('is trimmed, with each run of whitespace as one space', () => {
    const error = refusal('\n  {\n    "confirmed":   "no"\n  }\n');
    expect(error.excerpt).toBe('{ "confirmed": "no" }');
    expect(error.message).toContain('Body starts: "{ \\"confirmed\\": \\"no\\" }".');
  });

  it('keeps a 160-character body whole and cuts a longer one with an ellipsis', () => {
    const whole = padded(160 - padded(0).length);
    expect(refusal(whole).excerpt).toBe(whole);
    const longer = padded(161 - padded(0).length);
    expect(refusal(longer).excerpt).toBe(`${longer.slice(0, 160)}…`);
  });
});

describe('a non-2xx reply without SMH’s error JSON', () => {
  it.each([
    ['JSON without a code', { error: 'bad gateway' }],
    ['a code that is not a string', { code: 42, requestId: 'r-1' }],
    ['an empty code', { code: '' }],
    ['JSON null', 'null'],
    ['a JSON string', '"Bad Gateway"'],
    ['a JSON number', '502'],
  ])('becomes Http{status} for %s', async (_what, body) => {
    const { fake, client } = setup();
    fake.reply({ status: 502, body });
    const error = await rejection(client.getUploadStatus('ck1'));
    expect(error).toBeInstanceOf(SmhApiError);
    expect(error).toMatchObject({ status: 502, code: 'Http502' });
    expect(error.message).toContain('without its error JSON');
  });

  it('keeps the request id of an error JSON that has a code but no message', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 404, body: { code: 'UploadNotFound', requestId: 'req-body' }, headers: { 'x-smh-request-id': 'req-header' } });
    const error = await rejection(client.getUploadStatus('ck1'));
    expect(error).toMatchObject({ code: 'UploadNotFound', requestId: 'req-body' });
    expect(error.message).toContain('(request id req-body)');
  });

  it('takes the header’s request id when such a body has a request id that is not a string', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 404, body: { code: 'UploadNotFound', requestId: 7 }, headers: { 'x-smh-request-id': 'req-header' } });
    const error = await rejection(client.getUploadStatus('ck1'));
    expect(error).toMatchObject({ code: 'UploadNotFound', requestId: 'req-header' });
  });
});

describe('replies a call never expects', () => {
  it('an unexpected 2xx status carries the status, call and URL', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 206, body: 'partial' });
    const error = await rejection(client.beginUpload('a.bin'));
    expect(error).toBeInstanceOf(SmhResponseError);
    expect(error).toMatchObject({ status: 206, method: 'POST', excerpt: 'partial' });
    expect((error as SmhResponseError).url).toMatch(/^https:\/\/smhxxxx\.api\.tencentsmh\.cn\/api\/v1\/file\/smhxxxx\/-\/a\.bin\?multipart/);
    expect(error.message).toBe('SMH returned 206 for POST begin multipart upload; expected 201, 202 or 200.');
  });

  it('a multipart begin without uploadId says which field is missing and why it matters', async () => {
    const { fake, client } = setup();
    const { uploadId: _none, ...info } = makeUploadInfo();
    fake.reply({ status: 201, body: info });
    const error = await rejection(client.beginUpload('a.bin'));
    expect(error).toMatchObject({ field: 'uploadId', status: 201 });
    expect(error.message).toBe('SMH returned 201 for POST begin multipart upload without "uploadId", which a multipart upload needs.');
  });
});
