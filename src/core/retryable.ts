// Which failed uploads a person's "Retry" can mend. The engine already retried what a server or
// network hiccup explains; what is left either may go through on a new try (a session to renew,
// a server back up) or is a refusal that would come again for the same file, name and folder.
// Shared by the card's Retry button (components) and the batch's "Retry all failed" (react).
import { SmhApiError } from '../api/errors';
import { UploadError, type UploadErrorCode } from './errors';

/** SMH refusals about the file itself (docs/smh-protocol.md §7.2): its name, type, size or content. */
const FINAL_SMH_CODES: ReadonlySet<string> = new Set([
  'EmptyFileName',
  'FileNameLengthExceed',
  'DirectoryNameLengthExceed',
  'IllegalFileName',
  'ExtnameNotAllowed',
  'RequestEntityTooLarge',
  'SensitiveContentRecognized',
]);

const FINAL_UPLOAD_CODES: ReadonlySet<UploadErrorCode> = new Set<UploadErrorCode>([
  'FileMismatch',
  'InvalidFile',
  'InsecureUrl',
  'PathDeleted',
  // The folder must be made by someone who may, or another one picked.
  'FolderMissing',
]);

/** Whether trying the same file again can succeed: false when the name, the file or the folder must change first. */
export function canRetry(error: unknown): boolean {
  if (error instanceof UploadError) return !FINAL_UPLOAD_CODES.has(error.code);
  if (error instanceof SmhApiError) return !FINAL_SMH_CODES.has(error.code);
  return true;
}
