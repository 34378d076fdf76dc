// What goes on the wire for SMH's per-file fields (docs/smh-protocol.md §12.5), and what the client
// refuses before any request (the traffic limit and meta; createUpload checks the other fields).
import { describe, expect, it } from 'vitest';
import { createSmhClient } from '../../src/api/client';
import { SmhError } from '../../src/api/errors';
import { fileFieldsProblem, isIsoDateTime, MAX_TRAFFIC_LIMIT, metaProblem, MIN_TRAFFIC_LIMIT, trafficLimitProblem } from '../../src/api/fileFields';
import { makeConfirmedFile, makeUploadInfo } from '../fixtures/smh';
import { createFakeFetch } from './fakeFetch';

function setup() {
  const fake = createFakeFetch();
  const client = createSmhClient({ baseUrl: 'https://smhxxxx.api.tencentsmh.cn', libraryId: 'smhxxxx', accessToken: 'tk', fetch: fake.fetch });
  return { fake, client };
}

const fields = {
  labels: ['claim-7', '照片'],
  category: 'photo',
  localCreationTime: '2024-05-01T08:00:00Z',
  localModificationTime: '2024-05-02T09:30:00.000Z',
};

describe('SMH per-file fields on the wire', () => {
  it('begin (simple and multipart): labels, category and local times in the JSON body; traffic_limit and prefer_same_origin in the query; meta as x-smh-meta-* headers', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 201, body: makeUploadInfo({ uploadId: undefined }) }, { status: 201, body: makeUploadInfo() });
    const options = { ...fields, trafficLimit: MIN_TRAFFIC_LIMIT, preferSameOrigin: false, meta: { 'claim-id': 'C-7' } };
    await client.beginSimpleUpload('a.jpg', options);
    await client.beginUpload('b.jpg', options);
    for (const request of fake.requests) {
      expect(JSON.parse(request.body!)).toEqual(fields);
      expect(request.url.searchParams.get('traffic_limit')).toBe('102400');
      expect(request.url.searchParams.get('prefer_same_origin')).toBe('false');
      expect(request.headers.get('x-smh-meta-claim-id')).toBe('C-7');
      // Neither the fields nor the limit travel anywhere else.
      expect(request.url.searchParams.has('labels')).toBe(false);
      expect(request.headers.get('x-smh-meta-creation-date')).toBeNull();
    }
    expect(fake.requests.map((r) => r.method)).toEqual(['PUT', 'POST']);
  });

  it('confirm: the fields in the body beside crc64, never traffic_limit or meta; renew: traffic_limit only', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 200, body: makeConfirmedFile() }, { status: 200, body: makeUploadInfo() });
    await client.confirmUpload('ck', { ...fields, crc64: '1' });
    expect(JSON.parse(fake.requests[0]!.body!)).toEqual({ crc64: '1', ...fields });
    await client.renewUpload('ck', { trafficLimit: MAX_TRAFFIC_LIMIT });
    expect(fake.requests[1]!.url.searchParams.get('traffic_limit')).toBe('104857600');
    expect(fake.requests[1]!.body).toBeUndefined();
  });

  const limitCalls = ['beginUpload', 'beginSimpleUpload', 'renewUpload'] as const;
  it.each([
    ['a traffic limit under 100 KB/s', { trafficLimit: MIN_TRAFFIC_LIMIT - 1 }, limitCalls],
    ['a traffic limit over 100 MB/s', { trafficLimit: MAX_TRAFFIC_LIMIT + 1 }, limitCalls],
    ['a fractional traffic limit', { trafficLimit: 204800.5 }, limitCalls],
    ['a header-unsafe meta value', { meta: { k: 'line\nbreak' } }, ['beginUpload', 'beginSimpleUpload'] as const],
  ])('refuses %s with InvalidArgument before any request', async (_what, bad, calls) => {
    const { fake, client } = setup();
    const options = bad as never;
    const call = {
      beginUpload: () => client.beginUpload('a.bin', options),
      beginSimpleUpload: () => client.beginSimpleUpload('a.bin', options),
      confirmUpload: () => client.confirmUpload('ck', options),
      renewUpload: () => client.renewUpload('ck', options),
    };
    for (const name of calls) {
      await expect(call[name]()).rejects.toSatisfy((error: unknown) => error instanceof SmhError && error.code === 'InvalidArgument');
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('takes the ends of the traffic range', async () => {
    const { fake, client } = setup();
    fake.reply({ status: 201, body: makeUploadInfo() }, { status: 201, body: makeUploadInfo() });
    await client.beginUpload('a.bin', { category: '理赔照片分', trafficLimit: MAX_TRAFFIC_LIMIT });
    await client.beginUpload('a.bin', { category: 'abcdefghijklmnop', trafficLimit: MIN_TRAFFIC_LIMIT });
    expect(fake.requests.map((r) => JSON.parse(r.body!).category)).toEqual(['理赔照片分', 'abcdefghijklmnop']);
  });
});

// The checks themselves: their messages are what createUpload's TypeError and the client's
// InvalidArgument say, so each refusal is pinned by the words a developer reads.
describe('which per-file values SMH takes, and what a refusal says', () => {
  it.each([
    '2025-01-01T00:00:00Z',
    '2025-01-01T00:00:00.5Z',
    '2025-01-01T00:00:00.123456789Z',
    '2025-01-01T08:00:00+08:00',
    '2025-01-01T00:00:00-05:30',
  ])('takes the ISO 8601 time %s', (time) => {
    expect(isIsoDateTime(time)).toBe(true);
    expect(fileFieldsProblem({ localCreationTime: time, localModificationTime: time })).toBeUndefined();
  });

  it.each([
    ['text before it', 'x2025-01-01T00:00:00Z'],
    ['text after it', '2025-01-01T00:00:00Zx'],
    ['a two-digit year', '25-01-01T00:00:00Z'],
    ['a one-digit month', '2025-1-01T00:00:00Z'],
    ['a one-digit day', '2025-01-1T00:00:00Z'],
    ['a one-digit hour', '2025-01-01T0:00:00Z'],
    ['a one-digit minute', '2025-01-01T00:0:00Z'],
    ['a one-digit second', '2025-01-01T00:00:0Z'],
    ['a dot without digits', '2025-01-01T00:00:00.Z'],
    ['ten fraction digits', '2025-01-01T00:00:00.1234567890Z'],
    ['no time zone', '2025-01-01T00:00:00'],
    ['a zone without its colon', '2025-01-01T00:00:00+0800'],
    ['a space for the T', '2025-01-01 00:00:00Z'],
    ['month 13', '2025-13-01T00:00:00Z'],
    // What toISOString writes for a Date after year 9999: a Date option or a File's lastModified can reach it.
    ['a six-digit year', '+010000-01-01T00:00:00.000Z'],
  ])('refuses a time with %s, naming the field and the value', (_what, time) => {
    expect(isIsoDateTime(time)).toBe(false);
    expect(fileFieldsProblem({ localModificationTime: time })).toBe(
      `localModificationTime must be an ISO 8601 date-time such as "2025-01-01T00:00:00Z"; got ${JSON.stringify(time)}.`,
    );
    expect(fileFieldsProblem({ localCreationTime: time })).toMatch(/^localCreationTime must be an ISO 8601 date-time/);
  });

  it.each([
    ['a string', 'a,b', 'labels must be an array of strings; got string.'],
    ['an empty label', ['a', ''], 'labels must be non-empty strings; labels[1] is "".'],
    ['a number', [7], 'labels must be non-empty strings; labels[0] is 7.'],
    ['a nested array', ['a', ['b']], 'labels must be non-empty strings; labels[1] is ["b"].'],
    ['a hole', [undefined], 'labels must be non-empty strings; labels[0] is undefined.'],
  ])('refuses labels with %s', (_what, labels, message) => {
    expect(fileFieldsProblem({ labels: labels as never })).toBe(message);
  });

  it('takes a category of up to 16 bytes of UTF-8 and names the byte count of a longer one', () => {
    expect(fileFieldsProblem({ category: 'abcdefghijklmnop' })).toBeUndefined();
    expect(fileFieldsProblem({ category: 'abcdefghijklmnopq' })).toBe(
      'category must be at most 16 bytes of UTF-8 (SMH\'s limit); "abcdefghijklmnopq" is 17.',
    );
    expect(fileFieldsProblem({ category: '理赔照片分类' })).toContain('is 18.');
    expect(fileFieldsProblem({ category: 7 as never })).toBe('category must be a non-empty string; got 7.');
    expect(fileFieldsProblem({ category: '' })).toBe('category must be a non-empty string; got "".');
  });

  it('checks every field: a good one does not hide a bad one after it', () => {
    expect(fileFieldsProblem({ labels: ['a'], category: '' })).toMatch(/^category/);
    expect(fileFieldsProblem({ labels: ['a'], category: 'doc', localCreationTime: 'yesterday' })).toMatch(/^localCreationTime/);
    expect(fileFieldsProblem({ category: 'doc', preferSameOrigin: 'yes' as never })).toBe('preferSameOrigin must be true or false; got "yes".');
    expect(fileFieldsProblem({ labels: ['a'], trafficLimit: 1 })).toMatch(/^trafficLimit/);
  });

  it('takes a traffic limit from 102 400 to 104 857 600 bytes/s', () => {
    for (const ok of [102_400, 104_857_600, undefined]) expect(trafficLimitProblem(ok)).toBeUndefined();
    for (const bad of [102_399, 104_857_601, '204800']) {
      expect(trafficLimitProblem(bad)).toBe(
        `trafficLimit must be a whole number of bytes per second from 102400 (100 KB/s) to 104857600 (100 MB/s); got ${bad}.`,
      );
    }
  });

  it('takes meta keys of header token characters and values of Latin-1 text', () => {
    expect(metaProblem({ 'claim-id': 'C-7', "a!#$%&'*+.^_`|~9": 'ÿ café \t' })).toBeUndefined();
  });

  it.each([' a', 'a ', 'a b', 'ключ', ''])('refuses the meta key %j, naming it', (key) => {
    expect(metaProblem({ [key]: 'v' })).toBe(`The metadata key ${JSON.stringify(key)} cannot be sent as an "x-smh-meta-" header; use letters, digits and "-".`);
  });

  it.each([
    ['a NUL', 'a\u0000b'],
    ['a carriage return', 'a\rb'],
    ['a line feed', 'a\nb'],
    ['U+0100', 'Ā'],
    ['CJK text', '照片'],
    ['a number', 7],
  ])('refuses a meta value with %s, naming its key', (_what, value) => {
    expect(metaProblem({ k: value })).toBe(
      'The metadata value of "k" cannot be sent in an HTTP header; encode it (for example with encodeURIComponent) first.',
    );
  });

  it('refuses meta that is not an object', () => {
    expect(metaProblem('claim=C-7')).toBe('meta must be an object of strings; got string.');
    expect(metaProblem(null)).toBe('meta must be an object of strings; got null.');
    expect(metaProblem(undefined)).toBeUndefined();
  });
});
