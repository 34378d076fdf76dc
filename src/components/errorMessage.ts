// The one place where an error becomes words for people: what happened and what to do, plus
// the code and request ID for support. Never the stack, never a URL (it may carry a token).
import { CosError, SmhApiError, SmhError, SmhNetworkError, SmhResponseError, isTaskGone } from '../api/errors';
import { UploadError, type UploadErrorCode } from '../core/errors';
import { createI18n } from '../i18n/createI18n';
import type { MessageKey, SmhI18n } from '../i18n/types';

export interface ErrorDescription {
  /** The catalogue key of the explanation. */
  key: MessageKey;
  /** The explanation in the requested locale. */
  message: string;
  /** SMH's or COS's code, or this library's; for support. */
  code: string | undefined;
  requestId: string | undefined;
  /** HTTP status, when a server answered. */
  status: number | undefined;
}

// docs/smh-protocol.md §7.2, grouped by what a person can do about it.
const SMH_CODES: Readonly<Record<string, MessageKey>> = {
  NoPermission: 'error.noPermission',
  InvalidAccessToken: 'error.token',
  EmptyAccessToken: 'error.token',
  AccessTokenNotMatchLibrary: 'error.token',
  AccessTokenNotMatchSpace: 'error.token',
  AccessTokenVersionNotMatch: 'error.token',
  QuotaLimitReached: 'error.quota',
  NoQuota: 'error.quota',
  SameNameDirectoryOrFileExists: 'error.sameName',
  PathConflict: 'error.sameName',
  RenameTooManyTimes: 'error.sameName',
  OverwriteFileNotAllowed: 'error.sameName',
  RateLimitExceeded: 'error.rateLimit',
  ReadRequestTimeout: 'error.timeout',
  RequestTimeout: 'error.timeout',
  DirectoryNotFound: 'error.folderMissing',
  PathNotFound: 'error.folderMissing',
  EmptyFileName: 'error.badName',
  FileNameLengthExceed: 'error.badName',
  DirectoryNameLengthExceed: 'error.badName',
  IllegalFileName: 'error.badName',
  ExtnameNotAllowed: 'error.extension',
  WriteForbidden: 'error.readOnly',
  LibraryServiceExpired: 'error.readOnly',
  LibraryInitializing: 'error.readOnly',
  SpaceBanned: 'error.readOnly',
  RequestEntityTooLarge: 'error.tooLarge',
  SensitiveContentRecognized: 'error.sensitive',
  ConfirmKeyNotFound: 'error.gone',
  UploadNotFound: 'error.gone',
  InternalServerError: 'error.server',
  ServerOverloaded: 'error.server',
};

const UPLOAD_CODES: Readonly<Record<UploadErrorCode, MessageKey>> = {
  FileMismatch: 'error.fileMismatch',
  TaskGone: 'error.taskGone',
  PathDeleted: 'error.pathDeleted',
  InvalidFile: 'error.invalidFile',
  InsecureUrl: 'error.insecure',
  IntegrityMismatch: 'error.integrity',
  ResumeLocked: 'error.locked',
  FolderMissing: 'error.folderNotCreated',
  Offline: 'error.offline',
  // An engine fault: the generic "try again" is all a person can do about it.
  StageLoop: 'error.unknown',
};

function keyFor(error: unknown): MessageKey {
  if (error instanceof UploadError) return UPLOAD_CODES[error.code] ?? 'error.unknown';
  if (error instanceof SmhApiError) {
    const byCode = SMH_CODES[error.code];
    if (byCode) return byCode;
    if (error.status === 429) return 'error.rateLimit';
    if (error.status === 408) return 'error.timeout';
    if (error.status === 401) return 'error.token';
    if (error.status >= 500) return 'error.server';
    return 'error.api';
  }
  if (error instanceof SmhResponseError) return 'error.response';
  if (error instanceof CosError) {
    if (error.isExpired) return 'error.cosExpired';
    if (error.status === 403) return 'error.cosDenied';
    if (error.status === 429 || error.code === 'SlowDown') return 'error.rateLimit';
    if (error.status >= 500) return 'error.cosServer';
    return 'error.cos';
  }
  if (error instanceof SmhNetworkError) return 'error.network';
  return 'error.unknown';
}

/** Whether "Retry" can help: false for a refusal that would come again for the same file and path. */
export { canRetry } from '../core/retryable';

/** Whether the task is gone on the server (status 404), which is a state rather than a failure. */
export function isGoneError(error: unknown): boolean {
  return (
    isTaskGone(error) ||
    (error instanceof UploadError && error.code === 'TaskGone')
  );
}

/** Explains `error` in `i18n`'s locale (English by default). */
export function describeError(error: unknown, i18n: SmhI18n = createI18n()): ErrorDescription {
  const key = keyFor(error);
  const facts = error instanceof SmhApiError || error instanceof CosError ? error : undefined;
  const status = facts?.status ?? (error instanceof SmhResponseError ? error.status : undefined);
  return {
    key,
    message: i18n.t(key),
    // Only this library's errors carry a code worth showing; anything else may hold anything.
    code: error instanceof SmhError ? error.code : undefined,
    requestId: facts?.requestId,
    status,
  };
}
