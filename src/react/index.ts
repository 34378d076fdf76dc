// The React layer: a provider holding the client, defaults, resume store and one upload queue,
// plus thin hooks over TanStack Query (status polling) and the engine (tasks).
export { smhUploadKeys } from './keys';
export type { UploadStatusQueryKey } from './keys';
export { uploadStatusQueryOptions } from './uploadStatusQuery';
export type { UploadStatusOptions } from './uploadStatusQuery';
export { useUploadStatus } from './useUploadStatus';
export type { UseUploadStatusOptions } from './useUploadStatus';
export { useUploadTask } from './useUploadTask';
export { useSmhUpload } from './context';
export type { SmhUploadContextValue, UploadDefaults } from './context';
