// Confirm: asks SMH to complete the task, always with the conflict strategy in force (the one begun
// with, or the person's answer), as Tencent's iOS and Flutter SDKs do (docs/smh-protocol.md §4.5),
// and with the file's CRC-64 when asked. "Did SMH store it?" is answered in one place,
// `storedPath`, for a confirm whose reply was lost and for a cancel racing a confirm.
import { isUploadComplete } from '../../api/errors';
import type { ConfirmUploadOptions, ConfirmedFile } from '../../api/types';
import { throwIfAborted } from '../abort';
import { isAskConflict } from './begin';
import type { Job } from './job';

/** The path SMH stored the task's file at, or undefined when it is not stored (or cannot say). */
async function storedPath(job: Job, confirmKey: string, signal?: AbortSignal): Promise<readonly string[] | null | undefined> {
  const status = await job.s.client.getUploadStatus(confirmKey, signal ? { signal } : {}).catch(() => undefined);
  return status?.confirmed ? status.path : undefined;
}

export async function confirm(job: Job, signal: AbortSignal): Promise<void> {
  job.dispatch({ type: 'CONFIRM' });
  const confirmKey = job.confirmKey as string;
  // The per-file fields again: a resumed task's begin may have been another page's, and Tencent's
  // iOS SDK sends them at confirm too (docs/smh-protocol.md §12.5).
  const options: ConfirmUploadOptions = { signal, conflictResolutionStrategy: job.strategy, ...job.s.smh.fields };
  if (job.s.crc64) options.crc64 = await job.integrity.fileCrc(job.ledger.parts, signal);
  let file: ConfirmedFile;
  try {
    file = await job.retry.run(() => job.request('smh', true, signal, () => job.s.client.confirmUpload(confirmKey, options)), signal);
  } catch (error) {
    if (signal.aborted) throw error;
    if (isAskConflict(error) && job.strategy === 'ask') {
      job.enterConflict(error as Error);
      return;
    }
    // A confirm whose reply was lost (then retried, or aborted and resumed) already went through.
    if (isUploadComplete(error)) {
      const path = await storedPath(job, confirmKey, signal);
      throwIfAborted(signal);
      if (path !== undefined) {
        await job.finish(path);
        return;
      }
    }
    throw error;
  }
  throwIfAborted(signal);
  await job.finish(file.path, file);
}

/**
 * Asks SMH to cancel a task whose confirm is (or was, before a pause) in flight. True when SMH
 * refused because the upload is complete: the task then finishes as done, never shown cancelled.
 */
export async function cancelDuringConfirm(job: Job, confirmKey: string, stopRun: () => void): Promise<boolean> {
  try {
    await job.s.client.cancelUpload(confirmKey);
    return false;
  } catch {
    // 409 UploadComplete is what SMH says for a confirmed task; the status settles any other answer.
    const path = await storedPath(job, confirmKey);
    if (path === undefined) return false;
    // Paused during the confirm: back to confirming, from where the task can be done.
    if (job.store.state === 'paused') job.dispatch({ type: 'RESUME' });
    if (job.store.state === 'confirming') {
      stopRun();
      await job.finish(path);
    }
    return true;
  }
}
