import { describe, expect, it } from 'vitest';
import { UploadError } from '../../src/core/errors';
import { createUpload } from '../../src/core/uploadTask';
import { harness } from './support/setup';
import type { UploadSnapshot } from '../../src/core/types';
import { MiB, cosError, cosExpired, makeBytes, makeFile, sameBytes, smhError, SIGNATURE_MARK, SECURITY_TOKEN, sliceProxy } from './support/fakeSmh';

describe('a multipart upload', () => {
  it('sends every part, confirms, and stores the exact bytes', async () => {
    const h = harness();
    const task = h.upload();
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.mode).toBe('multipart');
    expect(done.parts).toHaveLength(6);
    expect(done.parts.every((part) => part.state === 'stored')).toBe(true);
    expect(done.storedBytes).toBe(5 * MiB + 123);
    // The deprecated name carries the same count until it is removed.
    expect(done.confirmedBytes).toBe(done.storedBytes);
    expect(done.progressBytes).toBe(done.totalBytes);
    expect(done.finalPath).toEqual(['docs', 'video.mp4']);
    expect(done.result?.size).toBe(String(5 * MiB + 123));
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(5 * MiB + 123))).toBe(true);
    expect(h.smh.callsOf('beginUpload')).toHaveLength(1);
    expect(h.smh.callsOf('confirmUpload')).toHaveLength(1);
    await expect(task.settled).resolves.toBe(done);
  });

  it('goes idle → beginning → uploading → confirming → done, telling listeners each state', async () => {
    const h = harness();
    const task = h.upload();
    expect(task.getSnapshot().state).toBe('idle');
    task.start();
    await h.run(task);
    const states = (h.seen.get(task.id) ?? []).map((snapshot) => snapshot.state);
    const distinct = states.filter((state, index) => state !== states[index - 1]);
    expect(distinct).toEqual(['beginning', 'uploading', 'confirming', 'done']);
  });

  it('sends each part with the signed headers exactly as issued, to the named host and path', async () => {
    const h = harness();
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const task = h.upload({
      transport: {
        send: (request) => {
          seen.push({ url: request.url, headers: request.headers });
          return h.smh.transport.send(request);
        },
      },
    });
    task.start();
    await h.run(task);
    expect(seen[0]?.url).toBe('https://bucket-1250000000.cos.ap-beijing.myqcloud.com/lib/object-1?partNumber=1&uploadId=upload-1');
    expect(Object.keys(seen[0]?.headers ?? {}).toSorted()).toEqual(['Authorization', 'Content-Type', 'x-cos-security-token']);
  });

  it('never holds more than concurrency × partSize bytes in flight', async () => {
    const h = harness();
    const task = h.upload({ file: makeFile(12 * MiB + 5), concurrency: 3, maxConcurrency: 3 });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.maxInflightParts).toBe(3);
    expect(h.smh.maxInflightBytes).toBeLessThanOrEqual(3 * MiB);
  });

  it('slices parts from the file as they go, never reading the whole file', async () => {
    const h = harness();
    const file = makeFile(6 * MiB);
    const slices: number[] = [];
    const tracked = sliceProxy(
      file,
      (start, end) => {
        slices.push((end ?? file.size) - (start ?? 0));
        return file.slice(start, end);
      },
      { arrayBuffer: () => Promise.reject(new Error('the whole file was read')) },
    );
    const task = h.upload({ file: tracked, crc64: true, integrityCheck: true });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(Math.max(...slices)).toBeLessThanOrEqual(MiB);
  });

  it('keeps unchanged parts as the same objects from one snapshot to the next', async () => {
    const h = harness();
    const task = h.upload();
    task.start();
    const first = await h.run(task, (snapshot) => snapshot.parts[0]?.state === 'stored');
    const later = await h.run(task, (snapshot) => snapshot.parts[2]?.state === 'stored');
    expect(later.parts[0]).toBe(first.parts[0]);
    expect(later).not.toBe(first);
    expect(Object.isFrozen(later)).toBe(true);
    expect(Object.isFrozen(later.parts)).toBe(true);
  });

  it('returns the same snapshot object while nothing changed', () => {
    const h = harness();
    const task = h.upload();
    expect(task.getSnapshot()).toBe(task.getSnapshot());
  });
});

describe('a simple upload', () => {
  it('sends a small file in one PUT to https://{domain}{path} and confirms', async () => {
    const h = harness();
    const urls: string[] = [];
    const task = h.upload({
      file: makeFile(1500),
      transport: { send: (request) => (urls.push(request.url), h.smh.transport.send(request)) },
    });
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.mode).toBe('simple');
    expect(urls).toEqual(['https://bucket-1250000000.cos.ap-beijing.myqcloud.com/lib/object-1']);
    expect(h.smh.callsOf('beginSimpleUpload')).toHaveLength(1);
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(1500))).toBe(true);
  });

  it('begins again when COS says the simple upload signature expired (it cannot be renewed)', async () => {
    const h = harness();
    let puts = 0;
    h.smh.partFault = () => (++puts === 1 ? cosExpired() : undefined);
    const task = h.upload({ file: makeFile(1500) });
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(h.smh.callsOf('beginSimpleUpload')).toHaveLength(2);
    expect(h.smh.callsOf('renewUpload')).toHaveLength(0);
    // The abandoned first task is cancelled on SMH.
    expect(h.smh.callsOf('cancelUpload').map((call) => call.key)).toEqual(['confirm-1']);
    expect(done.confirmKey).not.toBe('confirm-1');
  });
});

/** A simple upload whose first PUT fails with `fault` after 7/8 of the body went out. */
async function resent(fault: () => Error) {
  const h = harness({ progressSteps: 8 });
  const task = h.upload({ file: makeFile(MiB) });
  const atFault: UploadSnapshot[] = [];
  const atStart: UploadSnapshot[] = [];
  h.smh.partFault = () => {
    atFault.push(task.getSnapshot());
    return atFault.length === 1 ? fault() : undefined;
  };
  h.smh.onPartStart = () => {
    atStart.push(task.getSnapshot());
  };
  task.start();
  expect((await h.run(task)).state).toBe('done');
  expect(atFault[0]?.progressBytes).toBe((7 * MiB) / 8);
  // The second PUT: the bar starts again from nothing, no 87.5 % while the body goes again.
  return atStart[1];
}

describe('progress when the whole body must go again', () => {
  it('a simple upload re-sent after a 503 starts its progress again', async () => {
    expect((await resent(() => cosError(503, 'ServiceUnavailable')))?.progressBytes).toBe(0);
  });

  it('a simple upload begun again after its signature expired starts its progress again', async () => {
    expect((await resent(cosExpired))?.progressBytes).toBe(0);
  });
});

describe('bad input', () => {
  it('uploads an empty file as one empty simple PUT and confirms it', async () => {
    const h = harness();
    const task = h.upload({ file: new File([], 'empty.txt') });
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.mode).toBe('simple');
    expect(done.totalBytes).toBe(0);
    expect(h.smh.callsOf('beginSimpleUpload')).toHaveLength(1);
    expect(h.smh.callsOf('beginUpload')).toHaveLength(0);
    expect(h.smh.callsOf('confirmUpload')).toHaveLength(1);
  });

  it('fails a file over 10,000 × 5 GiB with UploadError InvalidFile at start, sending nothing', async () => {
    const h = harness();
    const huge = { size: 10_000 * 5 * 1024 * MiB + 1, name: 'huge.iso', lastModified: 1, type: '', slice: () => new Blob() } as unknown as File;
    const task = h.upload({ file: huge, partSize: undefined });
    task.start();
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(failed.error).toBeInstanceOf(UploadError);
    expect(failed.error).toMatchObject({ name: 'UploadError', code: 'InvalidFile' });
    expect(h.smh.calls).toHaveLength(0);
  });

  it('throws a TypeError for a part size under 1 MiB or over 5 GiB', () => {
    const h = harness();
    expect(() => h.upload({ partSize: MiB - 1 })).toThrow(TypeError);
    expect(() => h.upload({ partSize: 5 * 1024 * MiB + 1 })).toThrow(/partSize must be/);
  });

  it('throws a TypeError for concurrency below 1', () => {
    const h = harness();
    expect(() => h.upload({ concurrency: 0 })).toThrow(/concurrency must be/);
    expect(() => h.upload({ concurrency: 1.5 })).toThrow(TypeError);
  });

  it('throws a TypeError without a client or a path', () => {
    const h = harness();
    // @ts-expect-error: the point is a missing client
    expect(() => createUpload({ file: makeFile(10), path: 'a.txt' })).toThrow(/client/);
    // @ts-expect-error: the point is a missing path
    expect(() => createUpload({ client: h.smh.client, file: makeFile(10) })).toThrow(/path/);
  });
});

describe('secrets', () => {
  it('never puts a signature or security token in an error message or a snapshot', async () => {
    const h = harness();
    const task = h.upload();
    task.start();
    await h.run(task, (snapshot) => snapshot.parts[0]?.state === 'stored');
    h.smh.expireCredentials();
    h.smh.failNext('renewUpload', smhError(403, 'NoPermission'));
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'NoPermission' });
    const text = `${failed.error?.message} ${String(failed.error)} ${JSON.stringify(failed)}`;
    expect(text).not.toContain(SIGNATURE_MARK);
    expect(text).not.toContain(SECURITY_TOKEN);
  });
});
