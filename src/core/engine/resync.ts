// Resync: picks a multipart task up from what SMH says it stores (docs/smh-protocol.md §5, §8.3):
// checks the picked file against the resume record, asks for the status, keeps the parts whose
// size (and, with `integrityCheck`, MD5) match, and takes the credentials for the rest.
import { SmhResponseError, isTaskGone } from '../../api/errors';
import type { UploadPart, UploadTaskStatus } from '../../api/types';
import { throwIfAborted } from '../abort';
import { UploadError } from '../errors';
import { normalizeEtag } from '../hashing';
import { expectedPartSize, inferPartSize, planParts, type PlannedPart } from '../partPlan';
import type { ResumeRecord } from '../types';
import { withRecordedFields } from './fields';
import type { Job } from './job';

const noop = () => {};

export async function resync(job: Job, signal: AbortSignal): Promise<void> {
  job.dispatch({ type: 'BEGIN' });
  const confirmKey = job.confirmKey as string;
  const { client, file } = job.s;
  await job.claim.take(confirmKey, signal);
  let record: ResumeRecord | undefined;
  if (job.checkRecord) {
    record = await job.claim.record(confirmKey);
    throwIfAborted(signal);
    if (record) {
      assertSameFile(job, record);
      job.partSize = record.partSize;
      job.s.smh = withRecordedFields(job.s.smh, record.fields);
      if (job.requestedPath.length === 0) job.requestedPath = [...record.path];
    }
  }
  let status: UploadTaskStatus;
  try {
    status = await job.retry.run(() => client.getUploadStatus(confirmKey, { signal }), signal);
  } catch (error) {
    if (!isTaskGone(error) || signal.aborted) throw error;
    if (!job.restartIfGone) {
      await job.claim.forget(confirmKey);
      job.claim.release();
      throw new UploadError(
        'This upload no longer exists on the server (it was confirmed elsewhere, cancelled, or expired). Start it again.',
        'TaskGone',
        { cause: error },
      );
    }
    await dropTask(job, confirmKey);
    return;
  }
  throwIfAborted(signal);
  if (status.path === null) {
    await job.claim.forget(confirmKey);
    throw new UploadError('A folder on the upload path was deleted while uploading; the upload cannot finish.', 'PathDeleted');
  }
  if (job.requestedPath.length === 0) job.requestedPath = [...status.path];
  job.mode = 'multipart';
  if (status.confirmed) {
    const plan = planParts(file.size, job.partSize);
    job.ledger.apply(plan, new Map(plan.map((part) => [part.number, {}])));
    await job.finish(status.path);
    return;
  }
  const partInfo = status.uploadPartInfo;
  if (!partInfo) {
    // A simple task (or a private-cloud one) has nothing to resume: begin anew, as R-IOS does
    // (docs/smh-protocol.md §8.3), and drop the old task.
    void client.cancelUpload(confirmKey).catch(noop);
    await dropTask(job, confirmKey);
    return;
  }
  // The stored parts belong to the task's uploadId: parts sent without one, or to another, would
  // never join them (COS could even take an id-less part PUT as a whole-object PUT).
  const uploadId = partInfo.uploadId || status.uploadId;
  if (!uploadId || (status.uploadId && partInfo.uploadId && partInfo.uploadId !== status.uploadId)) {
    throw new SmhResponseError(
      uploadId
        ? `SMH's status names upload ${JSON.stringify(status.uploadId)} but hands out credentials for ${JSON.stringify(partInfo.uploadId)}; no part was sent.`
        : "SMH's status of a multipart task has no uploadId; no part was sent.",
      { status: 200, field: 'uploadId', excerpt: '' },
    );
  }
  const serverParts = status.parts ?? [];
  if (job.checkRecord && !record) job.partSize = inferPartSize(file.size, serverParts) ?? job.partSize;
  job.checkRecord = false;
  const plan = planFor(job);
  let kept = keptParts(job, plan, serverParts);
  if (job.s.integrityCheck && kept.length > 0) kept = await verifyStoredParts(job, plan, kept, signal);
  job.ledger.apply(plan, new Map(kept.map((part) => [part.PartNumber, { etag: part.ETag, lastModified: part.LastModified }])));
  const credentials = { ...partInfo, uploadId };
  if (job.keeper) job.keeper.replace(credentials);
  else job.keeper = job.newKeeper(confirmKey, credentials);
  job.expiration = partInfo.expiration;
  await job.claim.save({ confirmKey, path: job.requestedPath, partSize: job.partSize });
  throwIfAborted(signal);
  job.stage = 'transfer';
}

/** The task is gone or of no use: forget it here, and begin anew on the next stage. */
async function dropTask(job: Job, confirmKey: string): Promise<void> {
  await job.claim.forget(confirmKey);
  job.claim.release();
  job.forgetTask();
  job.stage = 'begin';
}

function planFor(job: Job): PlannedPart[] {
  const { size } = job.s.file;
  try {
    return planParts(size, job.partSize);
  } catch {
    throw new UploadError(
      `This file (${size} bytes) cannot be cut into the task's ${job.partSize}-byte parts; it is not the file the upload was started with.`,
      'FileMismatch',
    );
  }
}

/** The server's parts this file has, each number once (the later entry, as COS keeps the last PUT). */
function keptParts(job: Job, plan: PlannedPart[], serverParts: readonly UploadPart[]): UploadPart[] {
  const { size } = job.s.file;
  const { partSize } = job;
  for (const part of serverParts) {
    if (part.PartNumber < 1 || part.PartNumber > plan.length || part.Size > expectedPartSize(size, partSize, 1)) {
      throw new UploadError(
        `The server stores part ${part.PartNumber} (${part.Size} bytes), which a ${size}-byte file cut into ${partSize}-byte parts does not have; this is not the file the upload was started with.`,
        'FileMismatch',
      );
    }
  }
  const kept = serverParts.filter((part) => part.Size === expectedPartSize(size, partSize, part.PartNumber));
  return [...new Map(kept.map((part) => [part.PartNumber, part])).values()];
}

function assertSameFile(job: Job, record: ResumeRecord): void {
  const { file, fileName, lastModified } = job.s;
  const differences: string[] = [];
  if (record.size !== file.size) differences.push(`size ${file.size} bytes instead of ${record.size}`);
  if (fileName && record.name && record.name !== fileName) differences.push(`name "${fileName}" instead of "${record.name}"`);
  if (lastModified && record.lastModified && record.lastModified !== lastModified) differences.push('a different modification time');
  if (differences.length > 0) {
    throw new UploadError(
      `This is not the file the upload was started with (${differences.join(', ')}). Pick "${record.name}" again.`,
      'FileMismatch',
    );
  }
}

/** The stored parts whose ETag is the MD5 of the local bytes; the others are sent again. */
async function verifyStoredParts(job: Job, plan: PlannedPart[], candidates: UploadPart[], signal: AbortSignal): Promise<UploadPart[]> {
  job.dispatch({ type: 'HASH' });
  job.hashedBytes = 0;
  job.store.changed(true);
  const matching: UploadPart[] = [];
  let hashed = 0;
  for (const candidate of candidates) {
    const part = plan[candidate.PartNumber - 1] as PlannedPart;
    const digest = await job.integrity.digest(part, { md5: true, crc: job.s.crc64 && !job.integrity.hasCrc(part.number) }, signal);
    throwIfAborted(signal);
    if (digest.md5 === normalizeEtag(candidate.ETag)) matching.push(candidate);
    else job.integrity.forget(part.number);
    hashed += part.size;
    job.hashedBytes = hashed;
    job.store.changed(false);
  }
  job.dispatch({ type: 'BEGIN' });
  return matching;
}
