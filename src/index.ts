// The public surface of react-smh-upload. Each export is named on purpose (docs/style.md §11).
export type * from './api/types';
export { SmhError, SmhApiError, SmhResponseError, CosError, SmhNetworkError } from './api/errors';
export type { SmhErrorDetails, NetworkFailureKind } from './api/errors';
export { isRetryable, redactSecrets } from './api/errors';
export { isAccessTokenError } from './api/errors';
export { createSmhClient } from './api/client';
export { createAccessTokenCache } from './api/tokenCache';
export type { AccessTokenCache, AccessTokenCacheOptions, AccessTokenFetchContext } from './api/tokenCache';
// The zod schemas stay internal (no zod type in the published declarations): a plain parser instead.
export { parseUploadTaskStatus } from './api/parse';
export { parseCosErrorXml, cosErrorFromResponse } from './api/cosXml';
export type { CosErrorXml, ResponseHeadersLike } from './api/cosXml';
export type * from './core/types';
export type { TransportOptions } from './core/transport';
export { UploadError } from './core/errors';
export type { UploadErrorCode } from './core/errors';
export {
  createUpload,
  resumeUpload,
  createUploadQueue,
  createXhrTransport,
  createFetchTransport,
  createMemoryResumeStore,
  createLocalStorageResumeStore,
  createIndexedDbResumeStore,
} from './core';
export type {
  EngineExtras,
  UploadQueueOptions,
  StoreOptions,
  LocalStorageStoreOptions,
  StorageLike,
  IndexedDbStoreOptions,
  LockManagerLike,
} from './core';
export type { UploadQueue } from './core';
// Scheduling many files: the queue's lanes and call budget.
export { DEFAULT_QUEUE_LIMITS } from './core';
export type { QueueLimits } from './core';
export {
  SmhUploadProvider,
  useSmhUploadContext,
  useSmhUpload,
  smhUploadKeys,
  uploadStatusQueryOptions,
  useUploadStatus,
  useUploadSnapshot,
  useUploadTask,
  useUpload,
  useUploads,
  useResumableUploads,
} from './react';
export type {
  SmhUploadProviderProps,
  SmhUploadContextValue,
  UploadDefaults,
  UploadStatusQueryKey,
  UploadStatusOptions,
  UseUploadStatusOptions,
  UseUploadResult,
  UseUploadsResult,
  ResumableUpload,
  UseResumableUploadsResult,
  UploadFileOptions,
} from './react';
// SMH's per-file fields (labels, category, local times…): `FileFieldOptions` and `LocalTime` come with core/types.
export type { PerFileOptions } from './react';
export {
  UploadProgress,
  PartMap,
  ConflictStrategyInfo,
  ConflictPrompt,
  UploadStatus,
  UploadDropzone,
  useUploadDropzone,
  describeError,
  FileName,
  checkFileName,
} from './components';
export type {
  UploadProgressProps,
  DisplayState,
  StatusState,
  PartMapProps,
  ConflictStrategyInfoProps,
  ConflictPromptProps,
  UploadStatusProps,
  UploadDropzoneProps,
  UploadDropzoneRenderState,
  DropzoneInputProps,
  FileRejection,
  RejectionReason,
  UploadDropzoneOptions,
  UploadDropzoneState,
  ErrorDescription,
  FileNameProps,
  NameCheck,
  NameProblem,
} from './components';
// File previews: thumbnails of images and videos, icons for the rest (tree-shakable).
export { FilePreview, useFilePreview, createThumbnail } from './components';
export { uploadFileOf } from './react';
export type {
  FilePreviewProps,
  FilePreviewState,
  FilePreviewStatus,
  UseFilePreviewOptions,
  Thumbnail,
  ThumbnailOptions,
  FilePreviewKind,
} from './components';
export { SmhI18nProvider, useSmhI18n, createI18n, en, zhCN } from './i18n';
export type { SmhI18nProviderProps, Message, MessageKey, MessageParams, Messages, PluralMessage, SmhI18n } from './i18n';
// Folders and paste.
export { FolderReadError, isSystemFile, relativePathOf, withRelativePath } from './components';
export type { SkippedEntries } from './components';
// The whole queue at a glance: useUploadBatch and UploadBatchSummary.
export { useUploadBatch } from './react';
export type { UseUploadBatchResult, UploadBatchCounts, UploadBatchSnapshot } from './react';
export { UploadBatchSummary, canRetry } from './components';
export type { UploadBatchAction, UploadBatchSummaryProps } from './components';
