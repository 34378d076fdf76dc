// The engine layer's entry for the public index (src/index.ts) and the React layer: imports only
// from api. Nothing here touches a browser global at import time. Internals (part plan, state
// machine, URLs) are imported from their modules by the engine and its tests, not from here.
export * from './types';
export { UploadError } from './errors';
export type { UploadErrorCode } from './errors';
export { createUpload, resumeUpload } from './uploadTask';
export type { EngineExtras } from './uploadTask';
export { createUploadQueue } from './queue';
export type { UploadQueue, UploadQueueOptions } from './queue';
// Scheduling many files: the queue's lanes and call budget.
export { DEFAULT_QUEUE_LIMITS } from './queueLimits';
export type { QueueLimits } from './queueLimits';
export { createXhrTransport, createFetchTransport } from './transport';
export { createMemoryResumeStore, createLocalStorageResumeStore } from './resumeStore';
export type { StoreOptions, LocalStorageStoreOptions, StorageLike } from './resumeStore';
export { createIndexedDbResumeStore } from './indexedDbStore';
export type { IndexedDbStoreOptions } from './indexedDbStore';
export type { LockManagerLike } from './locks';
