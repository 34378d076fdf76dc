// One query-key factory for the whole library (docs/style.md §3): every key starts with `all`, so
// `queryClient.invalidateQueries({ queryKey: smhUploadKeys.all })` reaches everything we cache.
export const smhUploadKeys = {
  all: ['react-smh-upload'] as const,
  /** Every status query of one library space. */
  statuses: (libraryId: string, spaceId: string) =>
    [...smhUploadKeys.all, 'status', libraryId, spaceId] as const,
  /** The status of one upload task (`GET …/{confirmKey}?upload`). */
  status: (libraryId: string, spaceId: string, confirmKey: string) =>
    [...smhUploadKeys.statuses(libraryId, spaceId), confirmKey] as const,
  /**
   * The resume records of one library space that this browser keeps; with `store`, those of one
   * store (two providers with different stores can share a QueryClient). Without it, a prefix
   * that reaches every store's list.
   */
  resumable: (libraryId: string, spaceId: string, store?: object | null) =>
    store == null
      ? ([...smhUploadKeys.all, 'resumable', libraryId, spaceId] as const)
      : ([...smhUploadKeys.all, 'resumable', libraryId, spaceId, storeId(store)] as const),
};

const storeIds = new WeakMap<object, number>();
let nextStoreId = 0;

/** A stable number per store object: keys must be plain data, and stores are objects. */
function storeId(store: object): number {
  let id = storeIds.get(store);
  if (id === undefined) {
    id = ++nextStoreId;
    storeIds.set(store, id);
  }
  return id;
}

export type UploadStatusQueryKey = ReturnType<typeof smhUploadKeys.status>;
