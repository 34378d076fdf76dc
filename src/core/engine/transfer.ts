// Transfer: sends the parts not yet stored, a small pool under the adaptive limit (a failed part
// stops its siblings; what they stored stays stored), or a simple upload's one PUT. Every PUT goes
// through the retry policy; COS's "Request has expired" renews the credentials (multipart) or
// begins again (simple, whose signature cannot be renewed: docs/smh-protocol.md §4.1). With
// `integrityCheck` each PUT carries `Content-MD5`; with `crc64` COS's CRC-64 of each PUT is compared
// with the local one. A corrupt part (400 BadDigest, or a CRC that differs) is sent again.
import { CosError, isRetryable } from '../../api/errors';
import { abortError, isAbortError, onAbort, throwIfAborted } from '../abort';
import { UploadError } from '../errors';
import type { PlannedPart } from '../partPlan';
import { objectUrl, partUrl } from '../transport';
import type { PartResponse } from '../types';
import { md5Base64 } from './integrity';
import type { Job } from './job';
import type { Credentials } from './renewal';

/**
 * COS keeps answering "Request has expired" after this many renewals in a row for one part (or
 * re-begins of a simple upload): the clocks or the server are broken, so fail instead of looping.
 */
export const MAX_EXPIRY_RENEWALS = 3;

const noop = () => {};

function isExpired(error: unknown): boolean {
  return error instanceof CosError && error.isExpired;
}

/** A part that reached COS corrupt: COS refused its Content-MD5, or stored other bytes than sent. */
function isCorruptPart(error: unknown): boolean {
  return (
    (error instanceof UploadError && error.code === 'IntegrityMismatch') ||
    (error instanceof CosError && error.status === 400 && error.code === 'BadDigest')
  );
}

/**
 * The local digests a PUT needs: with `integrityCheck`, the MD5 for `Content-MD5`, read before the
 * PUT (COS must know it up front; the CRC-64 comes from the same read); with only `crc64`, the
 * CRC-64 read beside the PUT, as `beside` for the caller to await after it.
 */
async function prepareDigests(job: Job, part: PlannedPart, signal: AbortSignal): Promise<{ headers: Record<string, string>; beside?: Promise<unknown> }> {
  const { crc64, integrityCheck } = job.s;
  const needCrc = crc64 && !job.integrity.hasCrc(part.number);
  if (integrityCheck) {
    const md5 = await job.integrity.md5Of(part, needCrc, signal);
    throwIfAborted(signal);
    return { headers: { 'Content-MD5': md5Base64(md5) } };
  }
  if (!needCrc) return { headers: {} };
  const beside = job.integrity.digest(part, { md5: false, crc: true }, signal);
  beside.catch(noop);
  return { headers: {}, beside };
}

/** COS no longer knows the key a PUT was signed with (the emulator drops expired keys on renewal). */
function isUnknownKey(error: unknown): boolean {
  return error instanceof CosError && error.status === 403 && error.code === 'InvalidAccessKeyId';
}

/** With `crc64`: COS's CRC-64 of what it stored must be the local one (or the missing header is diagnosed). */
function checkCrc(job: Job, number: number, response: PartResponse): void {
  if (!job.s.crc64) return;
  const local = job.integrity.crcOf(number);
  if (local === undefined) return;
  if (response.crc64 === undefined) {
    job.crcHeaderMissing();
    return;
  }
  if (response.crc64 !== local) {
    throw new UploadError(`COS stored part ${number} with CRC-64 ${response.crc64}, but the bytes sent have ${local}.`, 'IntegrityMismatch');
  }
}

/** Runs `work(number)` for each number, at most `limit()` at once; the first failure aborts the rest. */
async function pool(numbers: readonly number[], limit: () => number, work: (number: number, signal: AbortSignal) => Promise<void>, run: AbortSignal): Promise<void> {
  const batch = new AbortController();
  const stop = onAbort(run, () => batch.abort(run.reason));
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let active = 0;
      let failed = false;
      const pump = () => {
        if (failed) return;
        while (active < limit() && next < numbers.length) {
          const number = numbers[next] as number;
          next += 1;
          active += 1;
          work(number, batch.signal).then(
            () => {
              active -= 1;
              pump();
            },
            (error: unknown) => {
              active -= 1;
              if (failed) return;
              failed = true;
              batch.abort(error);
              reject(error);
            },
          );
        }
        if (active === 0 && next >= numbers.length) resolve();
      };
      pump();
    });
  } finally {
    stop();
  }
}

export async function sendParts(job: Job, run: AbortSignal): Promise<void> {
  job.dispatch({ type: 'UPLOAD' });
  // Set by begin or resync before the stage becomes `transfer`.
  const keeper = job.keeper as NonNullable<Job['keeper']>;
  keeper.watch(run);
  try {
    await pool(job.ledger.unstored(), () => job.concurrency.limit, (number, signal) => sendPart(job, number, signal, run), run);
  } finally {
    keeper.unwatch();
  }
  throwIfAborted(run);
  job.stage = 'confirm';
}

async function sendPart(job: Job, number: number, signal: AbortSignal, run: AbortSignal): Promise<void> {
  const keeper = job.keeper as NonNullable<Job['keeper']>;
  const { clock, transport, file, allowInsecureHttp } = job.s;
  const { ledger } = job;
  let credentials: Credentials = keeper.current;
  let expiries = 0;
  // A renewal that failed (after its own retries) fails the part as it is, never retried here.
  let renewalFailed = false;
  try {
    await job.retry.run(
      async () => {
        const part = ledger.part(number);
        // Digests first: the credentials are then as fresh as they can be when the PUT starts.
        const digests = await prepareDigests(job, part, signal);
        credentials = await keeper.ready(signal).catch((error: unknown) => {
          renewalFailed = true;
          throw error;
        });
        throwIfAborted(signal);
        let startedAt = clock.now();
        // In a queue, a part waits here while small files' PUTs take COS's connections.
        const response = await job.request('cos', false, signal, () => {
          ledger.markSending(number);
          startedAt = clock.now();
          return transport.send({
            url: partUrl(credentials, number, allowInsecureHttp),
            method: 'PUT',
            headers: { ...credentials.headers, ...digests.headers },
            body: file.slice(part.offset, part.offset + part.size),
            signal,
            onProgress: (loaded) => {
              if (!run.aborted) ledger.progress(number, loaded);
            },
          });
        });
        if (digests.beside) await digests.beside;
        throwIfAborted(signal);
        if (response.date !== undefined) keeper.observeServerDate(response.date, clock.now());
        checkCrc(job, number, response);
        ledger.markStored(number, true, response.etag);
        job.concurrency.onSuccess(part.size, startedAt, clock.now());
      },
      signal,
      {
        onFailure: (error) => {
          if (renewalFailed) return;
          job.concurrency.onError(error);
          ledger.markPending(number);
        },
        // Not a failure of the part: renew (once for all parts that hit it) and send again. A key
        // COS no longer knows (credentials replaced, and the old ones dropped, while this PUT was on
        // its way) is mended the same way, within the same bound.
        recover: async (error) => {
          if (renewalFailed || !(isExpired(error) || isUnknownKey(error)) || expiries >= MAX_EXPIRY_RENEWALS) return false;
          expiries += 1;
          await keeper.renewFrom(credentials, signal);
          return true;
        },
        retryable: (error) => (!renewalFailed && isRetryable(error) && !isExpired(error)) || isCorruptPart(error),
      },
    );
  } catch (error) {
    // A stopped run already put its parts back; a sibling's failure leaves this one pending.
    if (!run.aborted) {
      if (signal.aborted || renewalFailed || isAbortError(error)) ledger.markPending(number);
      else ledger.markFailed(number);
    }
    throw signal.aborted ? abortError(signal) : error;
  }
}

export async function sendSimple(job: Job, run: AbortSignal): Promise<void> {
  job.dispatch({ type: 'UPLOAD' });
  const { transport, file, allowInsecureHttp } = job.s;
  const { ledger } = job;
  // Set by begin before the stage becomes `transfer`.
  const info = job.simpleInfo as NonNullable<Job['simpleInfo']>;
  let expired = false;
  try {
    await job.retry.run(
      async () => {
        const digests = await prepareDigests(job, ledger.part(1), run);
        // In a queue, a small file's one PUT goes ahead of large files' parts waiting for COS.
        const response = await job.request('cos', true, run, () => {
          ledger.markSending(1);
          return transport.send({
            url: objectUrl(info, allowInsecureHttp),
            method: 'PUT',
            headers: { ...info.headers, ...digests.headers },
            body: file,
            signal: run,
            onProgress: (loaded) => {
              if (!run.aborted) ledger.progress(1, loaded);
            },
          });
        });
        if (digests.beside) await digests.beside;
        throwIfAborted(run);
        checkCrc(job, 1, response);
        ledger.markStored(1, true, response.etag);
      },
      run,
      {
        onFailure: () => {
          ledger.markPending(1);
          // The whole body goes again: what was sent of it is not shown as done.
          ledger.showStoredOnly();
        },
        retryable: (error) => (isRetryable(error) && !isExpired(error)) || isCorruptPart(error),
        recover: async (error) => {
          expired = isExpired(error);
          return false;
        },
      },
    );
  } catch (error) {
    if (run.aborted) throw abortError(run);
    if (expired && job.simpleExpiries < MAX_EXPIRY_RENEWALS) {
      // Simple-upload credentials cannot be renewed; begin again (docs/smh-protocol.md §4.1).
      job.simpleExpiries += 1;
      void job.s.client.cancelUpload(info.confirmKey).catch(noop);
      job.forgetTask();
      job.stage = 'begin';
      return;
    }
    ledger.markFailed(1);
    throw error;
  }
  job.stage = 'confirm';
}
