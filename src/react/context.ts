// The provider's context: the client, defaults, QueryClient and a slot for the upload queue and
// default store. Nothing here loads the engine; the uploading hooks fill the slot (useSmhUpload.ts).
import { createContext } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { SmhClient, SmhPath } from '../api/types';
import type { FileFieldOptions, ResumeStore, UploadOptions } from '../core/types';
import type { UploadQueue } from '../core';
import type { QueueRequest } from '../core/queueLimits';

/** Engine options the provider applies to every upload it starts, plus the folder to upload into. */
export type UploadDefaults = Pick<
  UploadOptions,
  | 'conflictResolutionStrategy'
  | 'partSize'
  | 'concurrency'
  | 'maxConcurrency'
  | 'simpleUploadThreshold'
  | 'instantUpload'
  | 'instantUploadThreshold'
  | 'integrityCheck'
  | 'crc64'
  | 'createFolders'
  | 'network'
  | 'offlineTimeoutMs'
  | 'stallTimeoutMs'
  | 'maxRetries'
  | 'renewBeforeMs'
  | 'allowInsecureHttp'
  | 'meta'
  | keyof FileFieldOptions
  | 'transport'
  | 'clock'
  | 'random'
> & {
  /** Folder (segments or `a/b`) that files go into when no `path` is given. Default: the root. */
  folder?: SmhPath;
};

export interface SmhUploadContextValue {
  client: SmhClient;
  defaults: Partial<UploadDefaults>;
  /** Where resume records (and, for IndexedDB, files) are kept; null keeps nothing. */
  store: ResumeStore | null;
  /** The provider's one queue: tasks live here, not in the components that started them. */
  queue: UploadQueue;
  /** The app's QueryClient (the provider never makes its own). */
  queryClient: QueryClient;
}

/**
 * The provider's own queue and default store, made on first use by a hook that uploads
 * (`useSmhUpload`), so an app that only watches tasks by confirm key never loads the engine, the
 * queue or the stores. The provider reacts to the queue through `whenQueue`.
 */
export interface UploadSlot {
  /** The queue, if an uploading hook has made it. */
  peek(): UploadQueue | undefined;
  /**
   * The queue, made with `make(request)` on the first call; `apply` gives it a later request. Both
   * come from the uploading side, so a status-only page bundles neither the queue nor its checks.
   */
  fill(make: (request: QueueRequest) => UploadQueue, apply: (queue: UploadQueue, request: QueueRequest) => void): UploadQueue;
  /** Runs `watch` with the queue now or once it is made; the returned function stops watching. */
  whenQueue(watch: (queue: UploadQueue) => () => void): () => void;
  /** The provider's queue props: applied at once to a queue already made; a later queue is made with them. */
  setLimits(request: QueueRequest): void;
  /** The default resume store, made with `make` on the first call. */
  defaultStore(make: () => ResumeStore): ResumeStore;
}

export function createUploadSlot(initial: QueueRequest): UploadSlot {
  let queue: UploadQueue | undefined;
  let store: ResumeStore | undefined;
  let request = initial;
  let applyTo: ((queue: UploadQueue, request: QueueRequest) => void) | undefined;
  const watchers = new Map<(queue: UploadQueue) => () => void, (() => void) | undefined>();
  return {
    peek: () => queue,
    fill(make, apply) {
      if (queue !== undefined) return queue;
      const made = make(request);
      applyTo = apply;
      queue = made;
      for (const watch of watchers.keys()) watchers.set(watch, watch(made));
      return made;
    },
    whenQueue(watch) {
      watchers.set(watch, queue === undefined ? undefined : watch(queue));
      return () => {
        watchers.get(watch)?.();
        watchers.delete(watch);
      };
    },
    setLimits(next) {
      request = next;
      if (queue !== undefined) applyTo?.(queue, next);
    },
    defaultStore: (make) => (store ??= make()),
  };
}

/** What the provider puts in context; `useSmhUpload` turns it into the public value. */
export interface SmhUploadScope {
  client: SmhClient;
  defaults: Partial<UploadDefaults>;
  /** The `store` prop: undefined means the default store. */
  store: ResumeStore | null | undefined;
  /** The `queue` prop, if one was given; else the queue lives in `uploads`. */
  queue: UploadQueue | undefined;
  uploads: UploadSlot;
  queryClient: QueryClient;
}

/** The queue tasks of this provider are in, without making one. */
export function currentQueue(scope: SmhUploadScope): UploadQueue | undefined {
  return scope.queue ?? scope.uploads.peek();
}

export const SmhUploadContext = createContext<SmhUploadScope | null>(null);
SmhUploadContext.displayName = 'SmhUploadContext';
