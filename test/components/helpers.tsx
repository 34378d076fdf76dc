// Fakes for the component tests: an UploadTask driven by hand, and an SmhClient whose status
// call answers from a script.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, type ReactNode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { vi } from 'vitest';
import type { SmhClient, UploadTaskStatus } from '../../src/api/types';
import type { PartSnapshot, PartState, UploadSnapshot, UploadTask } from '../../src/core/types';
import { withCounts } from '../react/fakeTask';
import { statusOnlyClient } from '../react/helpers';

export const MB = 1_000_000;

export function makeSnapshot(overrides: Partial<UploadSnapshot> = {}): UploadSnapshot {
  return withCounts({
    id: 'task-1',
    state: 'uploading',
    fileName: 'video.mp4',
    requestedPath: ['foo', 'video.mp4'],
    conflictResolutionStrategy: 'rename',
    mode: 'multipart',
    totalBytes: 0,
    storedBytes: 0,
    confirmedBytes: 0,
    inflightBytes: 0,
    progressBytes: 0,
    partSize: 0,
    parts: [],
    bytesPerSecond: 0,
    etaSeconds: undefined,
    ...overrides,
  }, overrides);
}

/** `states[i]` is part i+1's state; each part is `size` bytes. */
export function makePartSnapshots(states: readonly PartState[], size = 5 * MB): PartSnapshot[] {
  return states.map((state, index) => ({
    number: index + 1,
    offset: index * size,
    size,
    state,
    sentBytes: state === 'sending' ? size / 2 : 0,
    attempts: state === 'pending' ? 0 : 1,
    ...(state === 'stored'
      ? { etag: `"${(index + 1).toString(16).padStart(32, '0')}"`, lastModified: '2026-01-01T08:00:00.000Z' }
      : {}),
  }));
}

export interface FakeTask extends UploadTask {
  /** Replaces the snapshot and notifies subscribers, as the engine does on every change. */
  emit(overrides: Partial<UploadSnapshot>): void;
  start: ReturnType<typeof vi.fn<() => void>>;
  pause: ReturnType<typeof vi.fn<() => void>>;
  resume: ReturnType<typeof vi.fn<() => void>>;
  cancel: ReturnType<typeof vi.fn<() => Promise<void>>>;
  resolveConflict: ReturnType<typeof vi.fn<UploadTask['resolveConflict']>>;
}

export function fakeTask(initial: Partial<UploadSnapshot> = {}): FakeTask {
  let snapshot = makeSnapshot(initial);
  const listeners = new Set<(snapshot: UploadSnapshot) => void>();
  return {
    id: snapshot.id,
    start: vi.fn<() => void>(),
    pause: vi.fn<() => void>(),
    resume: vi.fn<() => void>(),
    cancel: vi.fn<() => Promise<void>>(async () => undefined),
    resolveConflict: vi.fn<UploadTask['resolveConflict']>(),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    settled: new Promise<UploadSnapshot>(() => undefined),
    emit(overrides) {
      snapshot = withCounts({ ...snapshot, ...overrides }, overrides);
      for (const listener of listeners) listener(snapshot);
    },
  };
}

/** A client whose getUploadStatus answers `reply` (or throws it). */
export function statusClient(reply: UploadTaskStatus | Error | (() => Promise<UploadTaskStatus>)): SmhClient {
  return statusOnlyClient(
    vi.fn<SmhClient['getUploadStatus']>(async () => {
      if (typeof reply === 'function') return reply();
      if (reply instanceof Error) throw reply;
      return reply;
    }),
  );
}

export function withQueryClient(children: ReactNode, queryClient = new QueryClient()) {
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

/** Names that try to break out of text: markup, bidi controls, length, emoji. */
/** A HOSTILE_NAMES entry as the components show it: bidi controls as codes. */
export function shownName(name: string): string {
  return name.replace('\u202E', '[U+202E]').replace('\u200F', '[U+200F]');
}

export const HOSTILE_NAMES = [
  '<img src=x onerror=alert(1)>.txt',
  'invoice\u202Etxt.exe',
  'report\u200F\u05D3\u05D5\u05D7.pdf',
  `${'a'.repeat(251)}.bin`,
  '👩‍💻 résumé 🎉.pdf',
] as const;

/**
 * Puts server-rendered `html` in the page and hydrates `ui` over it; `recoverable` records the
 * errors React recovers from (a hydration mismatch is one).
 */
export async function hydrateOver(html: string, ui: ReactNode): Promise<{ container: HTMLElement; recoverable: ReturnType<typeof vi.fn<(error: unknown) => void>> }> {
  const container = document.createElement('div');
  container.innerHTML = html;
  document.body.append(container);
  const recoverable = vi.fn<(error: unknown) => void>();
  await act(async () => {
    hydrateRoot(container, ui, { onRecoverableError: recoverable });
  });
  return { container, recoverable };
}
