import { describe, expect, it } from 'vitest';
import { CosError, SmhApiError } from '../../src/api/errors';
import type { UploadInfo } from '../../src/api/types';
import { MAX_EXPIRY_RENEWALS } from '../../src/core/engine/transfer';
import { START_TIME } from './support/fakeClock';
import { harness } from './support/setup';
import { MiB, cosError, cosExpired, makeBytes, makeFile, sameBytes, smhError } from './support/fakeSmh';

const MINUTE = 60_000;

describe('renewal before expiry', () => {
  it('renews renewBeforeMs before expiry by the server clock, not the local one (SMH Date offset)', async () => {
    // The server is 10 min ahead: credentials for 20 min by its clock look like 30 min locally.
    // By the server clock the renewal is due 15 min in; by the local one it would be 25 min.
    const h = harness({ serverOffsetMs: 10 * MINUTE, credentialTtlMs: 20 * MINUTE, latencyMs: 30 * MINUTE });
    const task = h.upload({ file: makeFile(2 * MiB), concurrency: 1, maxConcurrency: 1 });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.callsOf('renewUpload')[0]?.at).toBe(START_TIME + 15 * MINUTE);
  });

  it("learns the server clock from COS's Date header when SMH's is unknown", async () => {
    // SMH's offset is unknown (0); COS's Date says +10 min after the first part (3 min in).
    const h = harness({ serverOffsetMs: 10 * MINUTE, reportedOffsetMs: 0, credentialTtlMs: 20 * MINUTE, latencyMs: 3 * MINUTE });
    const task = h.upload({ concurrency: 1, maxConcurrency: 1 });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.callsOf('renewUpload')).toHaveLength(1);
    expect(h.smh.callsOf('renewUpload')[0]?.at).toBe(START_TIME + 15 * MINUTE);
  });

  it('renews credentials that live less than renewBeforeMs at half their life, not before every part', async () => {
    const h = harness({ credentialTtlMs: 4 * MINUTE, latencyMs: MINUTE });
    const task = h.upload({ concurrency: 1, maxConcurrency: 1 });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    // Six 1-minute parts: renewals every 2 min, and never a 403 (each part sent once).
    const renewedAt = h.smh.callsOf('renewUpload').map((call) => call.at - START_TIME);
    expect(renewedAt.slice(0, 2)).toEqual([2 * MINUTE, 4 * MINUTE]);
    expect(renewedAt.length).toBeLessThanOrEqual(3);
    expect(h.smh.attempts).toHaveLength(6);
  });

  it('renews on a timer renewBeforeMs ahead of expiry while a long part is in flight, showing renewing', async () => {
    // One part takes 30 min; credentials last 20 min: renew at 15 min, mid-part.
    const h = harness({ credentialTtlMs: 20 * MINUTE, latencyMs: 30 * MINUTE });
    const task = h.upload({ file: makeFile(2 * MiB), concurrency: 1, maxConcurrency: 1 });
    task.start();
    await h.run(task);
    expect(task.getSnapshot().state).toBe('done');
    expect(h.smh.callsOf('renewUpload')[0]?.at).toBe(START_TIME + 15 * MINUTE);
    const states = (h.seen.get(task.id) ?? []).map((s) => s.state);
    expect(states).toContain('renewing');
    expect(states.at(-1)).toBe('done');
    // The snapshot shows the latest renewed expiration.
    const lastRenewal = h.smh.callsOf('renewUpload').at(-1)?.at as number;
    expect(Date.parse(task.getSnapshot().expiration as string)).toBe(lastRenewal + 20 * MINUTE);
  });
});

describe('renewal after COS 403 "Request has expired"', () => {
  it('renews once for all parts refused together, and resends them without counting a failure', async () => {
    const h = harness();
    let expired = false;
    const task = h.upload({
      concurrency: 4,
      maxConcurrency: 4,
      maxRetries: 0,
      transport: {
        send: (request) => {
          if (!expired) {
            expired = true;
            h.smh.expireCredentials();
          }
          return h.smh.transport.send(request);
        },
      },
    });
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(h.smh.callsOf('renewUpload')).toHaveLength(1);
    // The first four parts were each refused once, then accepted.
    expect(h.smh.attempts.slice(0, 4).map((a) => a.partNumber).toSorted()).toEqual([1, 2, 3, 4]);
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(5 * MiB + 123))).toBe(true);
  });

  it('fails clearly when COS keeps saying "expired" after each renewal', async () => {
    const h = harness();
    h.smh.partFault = () => cosExpired();
    const task = h.upload({ concurrency: 1, maxConcurrency: 1 });
    task.start();
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(failed.error).toBeInstanceOf(CosError);
    expect((failed.error as CosError).isExpired).toBe(true);
    expect(h.smh.callsOf('renewUpload')).toHaveLength(MAX_EXPIRY_RENEWALS);
  });

  it('treats 403 InvalidAccessKeyId (a key COS dropped after a renewal) like an expiry: renew and send again', async () => {
    const h = harness();
    let refusals = 1;
    h.smh.partFault = (attempt) => (attempt.partNumber === 2 && refusals-- > 0 ? cosError(403, 'InvalidAccessKeyId') : undefined);
    const task = h.upload();
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(h.smh.callsOf('renewUpload')).toHaveLength(1);
    expect(done.parts[1]?.attempts).toBe(2);
  });

  it('fails with InvalidAccessKeyId when COS keeps refusing the key after each renewal', async () => {
    const h = harness();
    h.smh.partFault = () => cosError(403, 'InvalidAccessKeyId');
    const task = h.upload({ concurrency: 1, maxConcurrency: 1 });
    task.start();
    const failed = await h.run(task);
    expect(failed.error).toMatchObject({ code: 'InvalidAccessKeyId' });
    expect(h.smh.callsOf('renewUpload')).toHaveLength(MAX_EXPIRY_RENEWALS);
  });

  it('fails the task when renewal fails for good, with the renewal error', async () => {
    const h = harness();
    const task = h.upload({ maxRetries: 1 });
    task.start();
    await h.run(task, (s) => s.parts[0]?.state === 'stored');
    h.smh.expireCredentials();
    h.smh.failNext('renewUpload', smhError(500, 'InternalServerError'), smhError(500, 'InternalServerError'));
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(failed.error).toBeInstanceOf(SmhApiError);
    expect(failed.error).toMatchObject({ status: 500, code: 'InternalServerError' });
    expect(h.smh.callsOf('renewUpload')).toHaveLength(2);
  });
});

describe('races around renewal', () => {
  it('pause during a renewal aborts it; resume renews again and finishes', async () => {
    const h = harness();
    let hold: ((value: UploadInfo) => void) | undefined;
    let aborted = false;
    let renewals = 0;
    const task = h.upload({
      client: {
        ...h.smh.client,
        renewUpload: (key, options) => {
          renewals += 1;
          if (renewals > 1) return h.smh.client.renewUpload(key, options);
          options?.signal?.addEventListener('abort', () => (aborted = true));
          return new Promise<UploadInfo>((resolve) => (hold = resolve));
        },
      },
    });
    task.start();
    await h.run(task, (s) => s.parts[0]?.state === 'stored');
    h.smh.expireCredentials();
    await h.run(task, (s) => s.state === 'renewing');
    task.pause();
    expect(task.getSnapshot().state).toBe('paused');
    expect(task.getSnapshot().previousState).toBe('renewing');
    expect(aborted).toBe(true);
    expect(task.getSnapshot().inflightBytes).toBe(0);
    task.resume();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(renewals).toBe(2);
    expect(hold).toBeDefined();
  });
});

describe('credentials that last longer than a timer can wait', () => {
  const DAY = 24 * 60 * MINUTE;

  it('does not renew in a storm when they expire more than 24.8 days ahead (the timer would fire at once)', async () => {
    const h = harness({ credentialTtlMs: 30 * DAY });
    const task = h.upload({ concurrency: 1, maxConcurrency: 1 });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.callsOf('renewUpload')).toHaveLength(0);
  });

  it('waits in capped steps and renews once, renewBeforeMs before the far-off expiry', async () => {
    // Two parts of 20 days each; credentials for 30 days: the renewal falls mid second part.
    const h = harness({ credentialTtlMs: 30 * DAY, latencyMs: 20 * DAY, progressSteps: 1 });
    const task = h.upload({ file: makeFile(2 * MiB), concurrency: 1, maxConcurrency: 1 });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.callsOf('renewUpload').map((call) => call.at - START_TIME)).toEqual([30 * DAY - 5 * MINUTE]);
  });
});
