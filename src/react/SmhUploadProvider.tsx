// The provider: the client, upload defaults and the app's QueryClient for the hooks and components
// below it, plus a slot the uploading hooks fill with the queue and default store (context.ts), so
// a status-only page does not load the engine. It watches the queue once there is one.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { SmhClient, UploadTaskStatus } from '../api/types';
import type { ResumeStore, UploadSnapshot, UploadTask } from '../core/types';
import { SmhI18nProvider } from '../i18n';
import type { Messages } from '../i18n';
import { createUploadSlot, SmhUploadContext, type SmhUploadScope, type UploadDefaults } from './context';
import { smhUploadKeys } from './keys';
import type { UploadQueue } from '../core';
import { clientOf } from './uploadOptions';
import type { QueueLimits } from '../core/queueLimits';

export interface SmhUploadProviderProps {
  client: SmhClient;
  children?: ReactNode;
  /** Engine options for every upload started under this provider (each call can override them). */
  defaults?: Partial<UploadDefaults>;
  /**
   * Where resume records live. Default: IndexedDB (keeps the file too, so a reload needs no
   * re-pick), else localStorage, chosen on first use. `null` keeps nothing.
   */
  store?: ResumeStore | null;
  /**
   * What the provider's queue runs at once: `largeFiles` (2), `smallFiles` (6, a lane of their own,
   * so photos never wait behind a video), `smhCalls` (4 begins and confirms in flight),
   * `cosRequests` (6 PUTs in flight, small files' first) and `uploads` (all together, no cap by default). A new value applies at once: raising one starts
   * waiting uploads, lowering one lets running ones finish first. Not applied to a `queue` passed in
   * (call its `setLimits`).
   */
  queueLimits?: Partial<QueueLimits>;
  /**
   * @deprecated `queueConcurrency={n}` is `queueLimits={{ uploads: n, largeFiles: n, smallFiles: n }}`:
   * n uploads at once in one line, as before. Leave it out so small files get their own lane.
   * Removed in 0.3.
   */
  queueConcurrency?: number;
  /** A queue made outside React, to share across providers or outlive this one. */
  queue?: UploadQueue;
  /**
   * Locale of the components' numbers and dates (`en`, `zh-CN`…). Words stay English unless
   * `messages` holds that language's catalogue.
   */
  locale?: string;
  /**
   * The catalogue for `locale` (e.g. `zhCN`, imported from the package), or strings that replace
   * some English ones. Only English is built in, so other languages cost nothing until imported.
   */
  messages?: Partial<Messages>;
}

const NO_DEFAULTS: Partial<UploadDefaults> = {};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function sameEntries(a: Record<string, unknown>, b: Record<string, unknown>, same: (x: unknown, y: unknown) => boolean): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && same(a[key], b[key]));
}

// `folder` (segments) and `meta` are usually written inline too, so they are compared one level down.
function sameOption(x: unknown, y: unknown): boolean {
  if (Object.is(x, y)) return true;
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
  return isPlainObject(x) && isPlainObject(y) && sameEntries(x, y, Object.is);
}

/**
 * The same object while the values are the same: `defaults={{ … }}` written inline would otherwise
 * change the context on every render, re-rendering every consumer and renewing every hook's result.
 */
function useStableDefaults(defaults: Partial<UploadDefaults>): Partial<UploadDefaults> {
  const [stable, setStable] = useState(defaults);
  if (stable === defaults || sameEntries(stable, defaults, sameOption)) return stable;
  // React's "adjust state while rendering": this render restarts at once with the new object.
  setStable(defaults);
  return defaults;
}

function markConfirmed(queryClient: QueryClient, client: SmhClient, snapshot: UploadSnapshot): void {
  const { confirmKey } = snapshot;
  if (confirmKey === undefined) return;
  const queryKey = smhUploadKeys.status(client.libraryId, client.spaceId, confirmKey);
  // Only a status someone has asked for is updated: the other fields of a status cannot be made
  // up, and a later useUploadStatus fetches the real (confirmed) one.
  if (queryClient.getQueryData(queryKey) === undefined) return;
  // A poll still in flight was answered before confirm; it must not overwrite what we know now.
  void queryClient.cancelQueries({ queryKey, exact: true });
  const finalPath = snapshot.finalPath ?? snapshot.result?.path;
  queryClient.setQueryData<UploadTaskStatus>(queryKey, (old) =>
    old === undefined
      ? undefined
      : { ...old, confirmed: true, path: finalPath === undefined ? old.path : finalPath && [...finalPath] },
  );
}

/**
 * Watches every task of the queue: when one is done, its status query shows it confirmed with the
 * final path; when one ends, the list of resumable uploads is read again.
 */
function watchQueue(queue: UploadQueue, queryClient: QueryClient, fallbackClient: SmhClient): () => void {
  const watched = new Map<UploadTask, () => void>();
  const ended = new WeakSet<UploadTask>();

  const check = (task: UploadTask) => {
    if (ended.has(task)) return;
    const snapshot = task.getSnapshot();
    if (snapshot.state !== 'done' && snapshot.state !== 'cancelled') return;
    ended.add(task);
    const client = clientOf(task) ?? fallbackClient;
    if (snapshot.state === 'done') markConfirmed(queryClient, client, snapshot);
    void queryClient.invalidateQueries({ queryKey: smhUploadKeys.resumable(client.libraryId, client.spaceId) });
  };

  const sync = () => {
    const tasks = new Set(queue.getSnapshot());
    for (const [task, unsubscribe] of watched) {
      if (!tasks.has(task)) {
        unsubscribe();
        watched.delete(task);
      }
    }
    for (const task of tasks) {
      if (watched.has(task)) continue;
      watched.set(task, task.subscribe(() => check(task)));
      check(task);
    }
  };

  const unsubscribeQueue = queue.subscribe(sync);
  sync();
  return () => {
    unsubscribeQueue();
    for (const unsubscribe of watched.values()) unsubscribe();
    watched.clear();
  };
}

/**
 * Holds the SMH client, upload defaults, the resume store and one upload queue for the hooks and
 * components below it. It uses the app's QueryClient (render it inside `QueryClientProvider`).
 */
export function SmhUploadProvider({
  client,
  children,
  defaults = NO_DEFAULTS,
  store,
  queueLimits,
  queueConcurrency,
  queue: queueProp,
  locale,
  messages,
}: SmhUploadProviderProps) {
  const queryClient = useQueryClient();
  // Empty until a hook that uploads asks for the queue (useSmhUpload); the first ask makes it.
  const { largeFiles, smallFiles, smhCalls, uploads: uploadCap } = queueLimits ?? {};
  // The values, not the object: `queueLimits={{ … }}` written inline is a new object each render.
  // Left-out limits take their defaults, so a limit whose prop goes away returns to its default.
  const request = useMemo(
    () => ({ limits: { largeFiles, smallFiles, smhCalls, uploads: uploadCap }, concurrency: queueConcurrency }),
    [largeFiles, smallFiles, smhCalls, uploadCap, queueConcurrency],
  );
  const [uploads] = useState(() => createUploadSlot(request));
  const stableDefaults = useStableDefaults(defaults);

  useEffect(
    () =>
      queueProp === undefined
        ? uploads.whenQueue((queue) => watchQueue(queue, queryClient, client))
        : watchQueue(queueProp, queryClient, client),
    [queueProp, uploads, queryClient, client],
  );
  // In an effect, not at render: a higher limit starts uploads, which a render must not do.
  useEffect(() => uploads.setLimits(request), [uploads, request]);

  const value = useMemo<SmhUploadScope>(
    () => ({ client, defaults: stableDefaults, store, queue: queueProp, uploads, queryClient }),
    [client, stableDefaults, store, queueProp, uploads, queryClient],
  );

  return (
    <SmhUploadContext.Provider value={value}>
      <SmhI18nProvider locale={locale} messages={messages}>
        {children}
      </SmhI18nProvider>
    </SmhUploadContext.Provider>
  );
}
