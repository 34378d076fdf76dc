// The React layer: a provider holding the client, defaults, resume store and one upload queue,
// plus thin hooks over TanStack Query (status polling) and the engine (tasks).
export { SmhUploadProvider } from './SmhUploadProvider';
export type { SmhUploadProviderProps } from './SmhUploadProvider';
export { useSmhUpload } from './useSmhUpload';
export type { SmhUploadContextValue, UploadDefaults } from './context';
export { smhUploadKeys } from './keys';
export type { UploadStatusQueryKey } from './keys';
export { uploadStatusQueryOptions } from './uploadStatusQuery';
export type { UploadStatusOptions } from './uploadStatusQuery';
export { useUploadStatus } from './useUploadStatus';
export type { UseUploadStatusOptions } from './useUploadStatus';
export { useUploadTask } from './useUploadTask';
export { useUpload } from './useUpload';
export type { UseUploadResult } from './useUpload';
export { useUploads } from './useUploads';
export type { UseUploadsResult } from './useUploads';
export { useResumableUploads } from './useResumableUploads';
export type { ResumableUpload, UseResumableUploadsResult } from './useResumableUploads';
export type { UploadFileOptions } from './uploadOptions';
