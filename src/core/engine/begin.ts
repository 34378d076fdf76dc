// Begin: asks SMH for a task (simple or multipart), with instant upload (秒传, docs/smh-protocol.md
// §4.8) when the file is at least `instantUploadThreshold`: the beginning hash first, the full hash only when SMH says a
// file with that beginning exists. A name clash under `ask` becomes the `conflict` state.
import { SmhApiError, SmhResponseError } from '../../api/errors';
import type { BeginUploadOptions, BeginUploadResult } from '../../api/types';
import { abortError, throwIfAborted } from '../abort';
import { beginningHash, fullHash } from '../hashing';
import { planParts } from '../partPlan';
import { createParentFolders, folderMoment, isFolderMissing } from './folders';
import type { Job } from './job';

const noop = () => {};

/** SMH's 409 for a name clash when the strategy is `ask`. */
export function isAskConflict(error: unknown): boolean {
  return error instanceof SmhApiError && error.status === 409 && error.code === 'SameNameDirectoryOrFileExists';
}

export async function begin(job: Job, signal: AbortSignal): Promise<void> {
  job.dispatch({ type: 'BEGIN' });
  const { file } = job.s;
  if (job.requestedPath.length === 0) {
    throw new TypeError('The upload has no target path: pass `path` (needed by resumeUpload with restartIfGone when no resume record is stored).');
  }
  const multipart = file.size >= job.s.simpleUploadThreshold;
  job.mode = multipart ? 'multipart' : 'simple';
  // A new plan: progress starts again from nothing (a re-begin sends the whole body again).
  job.ledger.apply(multipart ? planParts(file.size, job.partSize) : job.simplePlan());
  job.store.changed(true);
  const options: BeginUploadOptions = { size: file.size, conflictResolutionStrategy: job.strategy, signal };
  // SMH's per-file fields go with every begin: simple, multipart, both instant-upload calls.
  const { fields, meta, trafficLimit, preferSameOrigin } = job.s.smh;
  Object.assign(options, fields);
  if (meta) options.meta = meta;
  if (trafficLimit !== undefined) options.trafficLimit = trafficLimit;
  if (preferSameOrigin !== undefined) options.preferSameOrigin = preferSameOrigin;
  // A simple upload begun again after its signature expired already knows there is no match.
  if (job.s.instantUpload && file.size >= job.s.instantUploadThreshold && job.simpleExpiries === 0) {
    job.hashes.beginning ??= await beginningHash(file);
    throwIfAborted(signal);
    options.beginningHash = job.hashes.beginning;
    if (job.hashes.full) options.fullHash = job.hashes.full;
  }
  let result = await callBegin(job, multipart, options, signal);
  if (!result) return;
  if (result.status === 'hashMatched') {
    if (!job.hashes.full) job.hashes.full = await hashWholeFile(job, signal);
    result = await callBegin(job, multipart, { ...options, fullHash: job.hashes.full }, signal);
    if (!result) return;
    if (result.status === 'hashMatched') {
      throw new SmhResponseError('SMH answered 202 (hash matched) again after fullHash was sent; expected 200 or 201.', {
        status: 202,
        excerpt: '',
      });
    }
  }
  if (result.status === 'instant') {
    job.mode = 'instant';
    for (const number of job.ledger.unstored()) job.ledger.markStored(number, false);
    await job.finish(result.file.path, result.file);
    return;
  }
  const info = result.upload;
  if (multipart && !info.uploadId) {
    throw new SmhResponseError('SMH began a multipart upload without an uploadId.', { status: 201, field: 'uploadId', excerpt: '' });
  }
  job.confirmKey = info.confirmKey;
  job.expiration = info.expiration;
  // From here on this task is the upload: a run stopped in the awaits below continues it (the
  // orchestrator takes the lock and writes the record again), never begins a second one.
  job.stage = 'transfer';
  if (multipart) {
    job.keeper = job.newKeeper(info.confirmKey, { ...info, uploadId: info.uploadId as string });
    await job.claim.take(info.confirmKey, signal);
    await job.claim.save({ confirmKey: info.confirmKey, path: job.requestedPath, partSize: job.partSize });
  } else {
    job.simpleInfo = info;
  }
  throwIfAborted(signal);
}

async function hashWholeFile(job: Job, signal: AbortSignal): Promise<string> {
  job.dispatch({ type: 'HASH' });
  job.hashedBytes = 0;
  job.store.changed(true);
  const hash = await fullHash(job.s.file, {
    signal,
    onProgress: (hashed) => {
      if (signal.aborted) return;
      job.hashedBytes = hashed;
      job.store.changed(false);
    },
  });
  throwIfAborted(signal);
  job.dispatch({ type: 'BEGIN' });
  return hash;
}

/** The begin reply, or undefined when it was a name clash under `ask` (the task is in `conflict`). */
async function callBegin(
  job: Job,
  multipart: boolean,
  options: BeginUploadOptions,
  signal: AbortSignal,
): Promise<BeginUploadResult | undefined> {
  const { client } = job.s;
  const path = job.requestedPath;
  const call = () =>
    job.retry.run(
      () => job.request('smh', false, signal, () => (multipart ? client.beginUpload(path, options) : client.beginSimpleUpload(path, options))),
      signal,
    );
  let result: BeginUploadResult;
  const sentAt = folderMoment();
  try {
    try {
      result = await call();
    } catch (error) {
      if (!isFolderMissing(error) || signal.aborted) throw error;
      // Make the parent folders, then begin again once; a second DirectoryNotFound is reported as is.
      await createParentFolders(job, error, signal, sentAt);
      result = await call();
    }
  } catch (error) {
    if (isAskConflict(error) && job.strategy === 'ask' && !signal.aborted) {
      job.enterConflict(error as Error);
      return undefined;
    }
    throw error;
  }
  if (signal.aborted) {
    // Paused or cancelled while SMH was creating the task: nothing will use it (a resumed run
    // begins again), so cancel it there too, or it lingers with its COS multipart upload.
    if (result.status === 'created') void client.cancelUpload(result.upload.confirmKey).catch(noop);
    // Paused as SMH matched the file (instant upload): it is stored already, so the task is done.
    // A resumed run would begin again, and SMH would store a second copy or, under `ask`, report a
    // clash with the file itself.
    if (result.status === 'instant' && job.store.state === 'paused') {
      job.dispatch({ type: 'RESUME' });
      return result;
    }
    throw abortError(signal);
  }
  return result;
}
