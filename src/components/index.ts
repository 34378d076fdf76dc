// Presentational components: they take plain data or a task and render it; styles.css is optional.
export { UploadProgress } from './UploadProgress';
export type { UploadProgressProps, DisplayState, StatusState } from './UploadProgress';
export { PartMap } from './PartMap';
export type { PartMapProps } from './PartMap';
export { ConflictStrategyInfo } from './ConflictStrategyInfo';
export type { ConflictStrategyInfoProps } from './ConflictStrategyInfo';
export { ConflictPrompt } from './ConflictPrompt';
export type { ConflictPromptProps } from './ConflictPrompt';
export { UploadStatus } from './UploadStatus';
export type { UploadStatusProps } from './UploadStatus';
export { UploadDropzone } from './UploadDropzone';
export type { UploadDropzoneProps, UploadDropzoneRenderState } from './UploadDropzone';
export { useUploadDropzone } from './useUploadDropzone';
export type {
  DropzoneInputProps,
  FileRejection,
  RejectionReason,
  UploadDropzoneOptions,
  UploadDropzoneState,
} from './useUploadDropzone';
export { FileName } from './FileName';
export type { FileNameProps } from './FileName';
export { checkFileName } from './fileRules';
export type { NameCheck, NameProblem } from './fileRules';
export { describeError } from './errorMessage';
export type { ErrorDescription } from './errorMessage';
// Folders and paste.
export { FolderReadError, isSystemFile } from './folderReader';
export type { SkippedEntries } from './folderReader';
export { relativePathOf, withRelativePath } from '../core/relativePath';
// The whole queue at a glance.
export { UploadBatchSummary } from './UploadBatchSummary';
export type { UploadBatchAction, UploadBatchSummaryProps } from './UploadBatchSummary';
export { canRetry } from './errorMessage';
// File previews: thumbnails of images and videos, icons for the rest.
export { FilePreview } from './FilePreview';
export type { FilePreviewProps } from './FilePreview';
export { useFilePreview } from './useFilePreview';
export type { FilePreviewState, FilePreviewStatus, UseFilePreviewOptions } from './useFilePreview';
export { createThumbnail } from './thumbnail';
export type { Thumbnail, ThumbnailOptions } from './thumbnail';
export type { FilePreviewKind } from './previewKind';
