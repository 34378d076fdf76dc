import { createContext, useContext } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { SmhClient, SmhPath } from '../api/types';
import type { ResumeStore, UploadOptions } from '../core/types';
import type { UploadQueue } from '../core';

/** Engine options the provider applies to every upload it starts, plus the folder to upload into. */
export type UploadDefaults = Pick<
  UploadOptions,
  | 'conflictResolutionStrategy'
  | 'partSize'
  | 'concurrency'
  | 'maxConcurrency'
  | 'simpleUploadThreshold'
  | 'instantUpload'
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

export const SmhUploadContext = createContext<SmhUploadContextValue | null>(null);
SmhUploadContext.displayName = 'SmhUploadContext';

/** The nearest `SmhUploadProvider`'s client, defaults, store and queue. */
export function useSmhUpload(): SmhUploadContextValue {
  const context = useContext(SmhUploadContext);
  if (context === null) {
    throw new Error(
      'useSmhUpload must be used inside <SmhUploadProvider client={…}>: wrap your upload UI in it (inside your QueryClientProvider).',
    );
  }
  return context;
}
