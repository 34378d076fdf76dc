import { SmhError, type SmhErrorDetails } from '../api/errors';

/**
 * Codes of the engine's own failures (not SMH's or COS's):
 * - `FileMismatch`: on resume, the picked file is not the one the task was started with.
 * - `TaskGone`: the task no longer exists on the server (404) and restarting was not allowed.
 * - `PathDeleted`: a parent folder was deleted while uploading (status `path: null`).
 * - `InvalidFile`: the file cannot be uploaded (no readable size, or more than COS's 10,000 parts of 5 GiB).
 * - `InsecureUrl`: SMH named a COS host that is not a plain host name, or plain http where it is
 *   not allowed (only with `allowInsecureHttp`, to loopback).
 * - `IntegrityMismatch`: COS's CRC-64 of a stored part (`x-cos-hash-crc64ecma`) differs from the
 *   local one (`crc64`); the part is sent again, and this fails the task only when retries run out.
 * - `ResumeLocked`: another tab holds this task.
 * - `FolderMissing`: the target's folder does not exist and could not be created (`createFolders`
 *   is off, or the access token lacks the `admin`, `space_admin` or `create_directory` grant).
 * - `Offline`: the device stayed offline longer than `offlineTimeoutMs`; `start()` picks up from
 *   the stored parts once it is back.
 * - `StageLoop`: a run went through its stages far more often than an upload can need without
 *   settling (an engine or server fault); the task fails instead of spinning.
 */
export type UploadErrorCode =
  | 'FileMismatch'
  | 'TaskGone'
  | 'PathDeleted'
  | 'InvalidFile'
  | 'InsecureUrl'
  | 'IntegrityMismatch'
  | 'ResumeLocked'
  | 'StageLoop'
  | 'FolderMissing'
  | 'Offline';

export class UploadError extends SmhError {
  override name = 'UploadError';
  declare readonly code: UploadErrorCode;

  constructor(message: string, code: UploadErrorCode, details: SmhErrorDetails = {}) {
    super(message, code, details);
  }
}
