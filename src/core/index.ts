// The engine layer: imports only from api. Nothing here touches a browser global at import time.
export * from './types';
export { UploadError } from './errors';
export type { UploadErrorCode } from './errors';
export { createUpload, resumeUpload } from './uploadTask';
export type { EngineExtras } from './uploadTask';
export { createUploadQueue } from './queue';
export type { UploadQueue, UploadQueueOptions } from './queue';
export { createXhrTransport, createFetchTransport, partUrl, objectUrl, isLoopbackHost } from './transport';
export { createMemoryResumeStore, createLocalStorageResumeStore } from './resumeStore';
export type { StoreOptions, LocalStorageStoreOptions, StorageLike } from './resumeStore';
export { createIndexedDbResumeStore } from './indexedDbStore';
export type { IndexedDbStoreOptions } from './indexedDbStore';
export type { LockManagerLike } from './locks';
export { choosePartSize, planParts } from './partPlan';
export type { PlannedPart } from './partPlan';
export { transition } from './transitions';
export type { MachineState, UploadEvent } from './transitions';
