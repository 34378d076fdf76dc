// Which part PUT failures renew the credentials: only COS's "expired" and "unknown key" replies.
// Other failures are retried (or fail the task) with the credentials the task has. Without crc64 or
// integrityCheck the engine reads no part itself. A renewal that fails for good fails no part and
// leaves the width of the pool alone. With crc64 alone, a part's CRC-64 read beside its PUT is
// awaited before the part counts as stored. COS replies without a Date leave the renewal on SMH's
// clock; a simple upload paused mid-PUT shows its part pending, not failed. A simple upload whose
// signature keeps expiring begins again at most three times.
import { describe, expect, it } from 'vitest';
import { START_TIME } from './support/fakeClock';
import { harness } from './support/setup';
import { MiB, cosError, cosExpired, countingReads, makeBytes, makeFile, sameBytes, sliceProxy, smhError } from './support/fakeSmh';
import type { PartTransport } from '../../src/core/types';

const MINUTE = 60_000;

function failFirstPut(error: Error) {
  const h = harness();
  let puts = 0;
  h.smh.partFault = () => (++puts === 1 ? error : undefined);
  const task = h.upload();
  task.start();
  return { h, task };
}

describe('a part PUT COS refuses', () => {
  it('renews the credentials once for 403 InvalidAccessKeyId, and the upload goes on', async () => {
    const { h, task } = failFirstPut(cosError(403, 'InvalidAccessKeyId'));
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.callsOf('renewUpload')).toHaveLength(1);
  });

  it('retries a 500 without renewing', async () => {
    const { h, task } = failFirstPut(cosError(500, 'InternalError'));
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.callsOf('renewUpload')).toHaveLength(0);
  });

  it('does not renew for 403 AccessDenied (not expired) nor for InvalidAccessKeyId under another status', async () => {
    for (const error of [cosError(403, 'AccessDenied'), cosError(400, 'InvalidAccessKeyId')]) {
      const { h, task } = failFirstPut(error);
      const failed = await h.run(task);
      expect(failed.state).toBe('failed');
      expect(failed.error).toBe(error);
      expect(h.smh.callsOf('renewUpload')).toHaveLength(0);
    }
  });
});

describe('speed when the transport reports no progress', () => {
  it('still counts each stored part as sent, so the speed is not zero', async () => {
    const h = harness({ latencyMs: 1000 });
    const silent: PartTransport = { send: ({ onProgress: _onProgress, ...request }) => h.smh.transport.send(request) };
    const task = h.upload({ transport: silent, file: makeFile(12 * MiB) });
    task.start();
    await h.run(task);
    const speeds = (h.seen.get(task.id) ?? []).map((snapshot) => snapshot.bytesPerSecond);
    expect(Math.max(...speeds)).toBeGreaterThan(0);
  });
});

describe('reading the file', () => {
  it('without crc64 or integrityCheck, leaves each part to the transport: every byte is read once', async () => {
    const h = harness();
    const { file, readsAt } = countingReads(makeFile(5 * MiB + 123));
    const task = h.upload({ file });
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.parts.map((part) => readsAt(part.offset))).toEqual([1, 1, 1, 1, 1, 1]);
  });
});

describe('a renewal that fails for good', () => {
  it('fails the task with its error, leaves the parts that waited for it pending, and the next start sends as many parts at once', async () => {
    // Parts take 1 min, two at once; credentials for 4 min are renewed at 2 min, and SMH refuses.
    const h = harness({ credentialTtlMs: 4 * 60_000, latencyMs: 60_000 });
    h.smh.failNext('renewUpload', smhError(500, 'InternalServerError'), smhError(500, 'InternalServerError'));
    const task = h.upload({ file: makeFile(8 * MiB), maxRetries: 1, concurrency: 2, maxConcurrency: 2 });
    task.start();
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ status: 500, code: 'InternalServerError' });
    expect(failed.parts.map((part) => part.state)).not.toContain('failed');
    const before = h.smh.attempts.length;
    task.start();
    expect((await h.run(task)).state).toBe('done');
    // A renewal SMH refused says nothing about COS's connections: the next start sends two at once again.
    const [first, second] = h.smh.attempts.slice(before);
    expect(second?.at).toBe(first?.at);
  });
});

describe('crc64 without integrityCheck, when reading a part takes longer than sending it', () => {
  it('waits for the CRC-64 read beside the PUT: a part COS stored with other bytes is still caught and sent again', async () => {
    const h = harness();
    const source = makeFile(5 * MiB + 123);
    // The engine's reads of the file take 5 s each; the transport's copy of the body is not slowed.
    const fiveSeconds = () => new Promise<void>((resolve) => h.clock.setTimeout(resolve, 5_000));
    const file = sliceProxy(source, (start, end) => {
      const blob = source.slice(start, end);
      return Object.assign(blob, { arrayBuffer: async () => (await fiveSeconds(), Blob.prototype.arrayBuffer.call(blob)) });
    });
    const transport: PartTransport = { send: (request) => h.smh.transport.send({ ...request, body: new Blob([request.body]) }) };
    h.smh.corruptInTransit = (attempt) => attempt.partNumber === 3 && attempt.attempt === 0;
    const task = h.upload({ file, transport, crc64: true });
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(h.smh.attempts.filter((attempt) => attempt.partNumber === 3)).toHaveLength(2);
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(5 * MiB + 123))).toBe(true);
  });
});

describe('COS part replies without a Date header', () => {
  it("keep renewing by SMH's clock before the credentials expire: no PUT is refused as expired", async () => {
    // As in renewal.test.ts, but COS sends no Date: six 1-minute parts, credentials for 4 min.
    const h = harness({ credentialTtlMs: 4 * MINUTE, latencyMs: MINUTE, sendDate: false });
    const task = h.upload({ concurrency: 1, maxConcurrency: 1 });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    const renewedAt = h.smh.callsOf('renewUpload').map((call) => call.at - START_TIME);
    expect(renewedAt.slice(0, 2)).toEqual([2 * MINUTE, 4 * MINUTE]);
    expect(h.smh.attempts).toHaveLength(6);
  });
});

describe('pausing a simple upload while its PUT is on the wire', () => {
  it('shows its one part pending, not failed, while paused; resume sends it again and finishes', async () => {
    const h = harness({ latencyMs: MINUTE });
    const task = h.upload({ file: makeFile(MiB), path: 'docs/small.bin' });
    task.start();
    await h.run(task, (snapshot) => snapshot.parts[0]?.state === 'sending');
    task.pause();
    await h.clock.advance(1_000);
    const paused = task.getSnapshot();
    expect(paused.state).toBe('paused');
    expect(paused.parts[0]?.state).toBe('pending');
    task.resume();
    expect((await h.run(task)).state).toBe('done');
  });
});

describe('a simple upload whose signature keeps expiring', () => {
  it('begins again three times, then fails with the expiry and sends no more', async () => {
    const h = harness();
    let puts = 0;
    // A bound of its own, so a task that never gave up would fail here instead of running forever.
    h.smh.partFault = () => (++puts <= 10 ? cosExpired() : undefined);
    const task = h.upload({ file: makeFile(1500) });
    task.start();
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ status: 403 });
    expect(h.smh.callsOf('beginSimpleUpload')).toHaveLength(4);
    expect(puts).toBe(4);
  });
});
