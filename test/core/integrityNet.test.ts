// Integrity that does not take COS's ETag for the MD5 (it differs for encrypted objects):
// `integrityCheck` sends Content-MD5 so COS refuses a corrupt part, `crc64` compares COS's
// x-cos-hash-crc64ecma with the local CRC-64 of each part.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UploadError } from '../../src/core/errors';
import type { PartRequest, PartTransport } from '../../src/core/types';
import { harness } from './support/setup';
import { MiB, makeBytes, makeFile, sameBytes, sliceProxy } from './support/fakeSmh';

const SIZE = 5 * MiB + 123;
const expected = makeBytes(SIZE);

/** The fake COS, with each request (and what the test makes of the reply) seen on the way. */
function watched(inner: PartTransport, edit: (response: Awaited<ReturnType<PartTransport['send']>>) => void = () => {}) {
  const requests: PartRequest[] = [];
  const transport: PartTransport = {
    async send(request) {
      requests.push(request);
      const response = await inner.send(request);
      edit(response);
      return response;
    },
  };
  return { requests, transport };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('integrityCheck: Content-MD5 on every PUT', () => {
  it('sends the base64 of the binary MD5 of each part, known before its PUT starts', async () => {
    const h = harness();
    const { requests, transport } = watched(h.smh.transport);
    const task = h.upload({ transport, integrityCheck: true });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(new Set(requests.map((request) => new URL(request.url).searchParams.get('partNumber'))).size).toBe(6);
    for (const request of requests) {
      const bytes = new Uint8Array(await request.body.arrayBuffer());
      expect(request.headers['Content-MD5']).toBe(createHash('md5').update(bytes).digest('base64'));
    }
  });

  it('a part corrupted on the way is refused by COS (400 BadDigest) and sent again; the file is exact', async () => {
    const h = harness();
    h.smh.corruptInTransit = (attempt) => attempt.partNumber === 2 && attempt.attempt === 0;
    const task = h.upload({ integrityCheck: true });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.attempts.filter((a) => a.partNumber === 2)).toHaveLength(2);
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), expected)).toBe(true);
  });

  it('does not take the ETag for the MD5: an encrypted object\'s ETag is no mismatch', async () => {
    const h = harness();
    const { transport } = watched(h.smh.transport, (response) => {
      response.etag = '"0123456789abcdef0123456789abcdef-sse"';
    });
    const task = h.upload({ transport, integrityCheck: true });
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.error).toBeUndefined();
  });

  it('sends Content-MD5 on a simple upload too', async () => {
    const h = harness();
    const { requests, transport } = watched(h.smh.transport);
    const task = h.upload({ transport, integrityCheck: true, file: new File([makeBytes(1000) as Uint8Array<ArrayBuffer>], 'small.bin') });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(requests[0]?.headers['Content-MD5']).toBe(createHash('md5').update(makeBytes(1000)).digest('base64'));
  });
});

describe('crc64: COS\'s x-cos-hash-crc64ecma against the local CRC-64', () => {
  it('a part COS stored with other bytes (no Content-MD5) is an IntegrityMismatch, sent again', async () => {
    const h = harness();
    h.smh.corruptInTransit = (attempt) => attempt.partNumber === 3 && attempt.attempt === 0;
    const task = h.upload({ crc64: true });
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.crc64Unchecked).toBeUndefined();
    expect(h.smh.attempts.filter((a) => a.partNumber === 3)).toHaveLength(2);
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), expected)).toBe(true);
  });

  it('fails IntegrityMismatch, naming both CRCs, when every try arrives corrupt', async () => {
    const h = harness();
    h.smh.corruptInTransit = (attempt) => attempt.partNumber === 1;
    const task = h.upload({ crc64: true, maxRetries: 1 });
    task.start();
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(failed.error).toBeInstanceOf(UploadError);
    expect(failed.error).toMatchObject({ code: 'IntegrityMismatch' });
    expect(failed.error?.message).toMatch(/part 1 with CRC-64 \d+, but the bytes sent have \d+/);
  });

  it('a reply without the header (CORS does not expose it) is diagnosed once per client, on the snapshot and in the console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const h = harness({ sendCrc64: false });
    const first = h.upload({ crc64: true });
    first.start();
    const done = await h.run(first);
    expect(done.state).toBe('done');
    expect(done.crc64Unchecked).toBe(true);
    const second = h.upload({ crc64: true, path: 'docs/other.mp4' });
    second.start();
    expect((await h.run(second)).crc64Unchecked).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/x-cos-hash-crc64ecma.*ExposeHeaders/s);
  });

  it("reads the part's CRC-64 beside its PUT, not before it", async () => {
    const h = harness();
    const file = makeFile(SIZE);
    // Every read of the file waits until the first PUT has begun: a digest read before the PUT would wait for ever.
    let putBegun!: () => void;
    const begun = new Promise<void>((resolve) => (putBegun = resolve));
    const gated = sliceProxy(file, (start, end) => {
      const blob = file.slice(start, end);
      return Object.assign(blob, { arrayBuffer: async () => (await begun, Blob.prototype.arrayBuffer.call(blob)) });
    });
    const transport: PartTransport = {
      send(request) {
        putBegun();
        return h.smh.transport.send(request);
      },
    };
    const task = h.upload({ file: gated, transport, crc64: true });
    task.start();
    expect((await h.run(task)).state).toBe('done');
  });

  it('a task without crc64 neither compares nor warns', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const h = harness({ sendCrc64: false });
    const task = h.upload();
    task.start();
    expect((await h.run(task)).crc64Unchecked).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
  });
});
