// The React layer: a provider holding the client, defaults, resume store and one upload queue,
// plus thin hooks over TanStack Query (status polling) and the engine (tasks).
export { SmhUploadProvider } from './SmhUploadProvider';
export type { SmhUploadProviderProps } from './SmhUploadProvider';
import { useSmhUpload as useSmhUploadContext } from './useSmhUpload';
export { useSmhUploadContext };
/**
 * The same hook as `useSmhUploadContext`.
 * @deprecated Use `useSmhUploadContext` (it returns the provider's context, not an upload). Removed in 0.3.
 */
export const useSmhUpload = useSmhUploadContext;
export type { SmhUploadContextValue, UploadDefaults } from './context';
export { smhUploadKeys } from './keys';
export type { UploadStatusQueryKey } from './keys';
export { uploadStatusQueryOptions } from './uploadStatusQuery';
export type { UploadStatusOptions } from './uploadStatusQuery';
export { useUploadStatus } from './useUploadStatus';
export type { UseUploadStatusOptions } from './useUploadStatus';
export { useUploadSnapshot, useUploadTask } from './useUploadTask';
export { useUpload } from './useUpload';
export type { UseUploadResult } from './useUpload';
export { useUploads } from './useUploads';
export type { UseUploadsResult } from './useUploads';
export { useResumableUploads } from './useResumableUploads';
export type { ResumableUpload, UseResumableUploadsResult } from './useResumableUploads';
export type { UploadFileOptions } from './uploadOptions';
// SMH's per-file fields: options worked out for each file.
export type { PerFileOptions } from './useUploads';
// The whole queue at a glance (UploadBatchSummary's data).
export { useUploadBatch } from './useUploadBatch';
export type { UseUploadBatchResult } from './useUploadBatch';
export type { UploadBatchCounts, UploadBatchSnapshot } from './batchStore';
// Previews of what tasks send.
export { uploadFileOf } from './taskFiles';
