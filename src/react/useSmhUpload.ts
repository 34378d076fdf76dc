// The uploading side of the provider: the first hook that needs the queue or the default resume
// store makes them here, so the engine, the queue and the stores are bundled only into apps
// that upload (an app that only shows statuses by confirm key never imports this module).
import { useContext, useMemo } from 'react';
import { createUploadQueue } from '../core/queue';
import { limitsFrom, type QueueRequest } from '../core/queueLimits';
import { SmhUploadContext, type SmhUploadContextValue } from './context';
import type { UploadQueue } from '../core/queue';
import { defaultResumeStore } from './defaultStore';

const CALLER = 'SmhUploadProvider (queueLimits)';
const makeQueue = (request: QueueRequest) => createUploadQueue({ limits: limitsFrom(request, CALLER) });
const applyLimits = (queue: UploadQueue, request: QueueRequest) => queue.setLimits(limitsFrom(request, CALLER));

/** The nearest `SmhUploadProvider`'s client, defaults, store and queue. */
export function useSmhUpload(): SmhUploadContextValue {
  const scope = useContext(SmhUploadContext);
  if (scope === null) {
    throw new Error(
      'useSmhUpload must be used inside <SmhUploadProvider client={…}>: wrap your upload UI in it (inside your QueryClientProvider).',
    );
  }
  // An empty queue starts nothing, so making it during a render (even one React throws away) is safe.
  const queue = scope.queue ?? scope.uploads.fill(makeQueue, applyLimits);
  const store = scope.store === undefined ? scope.uploads.defaultStore(defaultResumeStore) : scope.store;
  const { client, defaults, queryClient } = scope;
  return useMemo(() => ({ client, defaults, store, queue, queryClient }), [client, defaults, store, queue, queryClient]);
}
