// What goes on the wire for SMH's per-file fields (docs/smh-protocol.md §12.5), and what the client
// refuses before any request (the traffic limit and meta; createUpload checks the other fields).
import { describe, expect, it } from 'vitest';
import { createSmhClient } from '../../src/api/client';
import { SmhError } from '../../src/api/errors';
import { MAX_TRAFFIC_LIMIT, MIN_TRAFFIC_LIMIT } from '../../src/api/fileFields';
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
