// One query-key factory for the whole library (STYLE.md §3): every key starts with `all`, so
// `queryClient.invalidateQueries({ queryKey: smhUploadKeys.all })` reaches everything we cache.
export const smhUploadKeys = {
  all: ['react-smh-upload'] as const,
  /** Every status query of one library space. */
  statuses: (libraryId: string, spaceId: string) =>
    [...smhUploadKeys.all, 'status', libraryId, spaceId] as const,
  /** The status of one upload task (`GET …/{confirmKey}?upload`). */
  status: (libraryId: string, spaceId: string, confirmKey: string) =>
    [...smhUploadKeys.statuses(libraryId, spaceId), confirmKey] as const,
  /** The resume records of one library space that this browser keeps. */
  resumable: (libraryId: string, spaceId: string) =>
    [...smhUploadKeys.all, 'resumable', libraryId, spaceId] as const,
};

export type UploadStatusQueryKey = ReturnType<typeof smhUploadKeys.status>;
