// A hand-driven UploadTask for hook tests that need no engine: emit() swaps the snapshot.
import type { UploadSnapshot, UploadState, UploadTask } from '../../src/core/types';

/**
 * The byte counters as the engine keeps them: `confirmedBytes` (deprecated) mirrors `storedBytes`,
 * and when `patch` moves the stored or in-flight bytes without saying `progressBytes`, that is
 * what is stored plus what is in flight.
 */
export function withCounts(snapshot: UploadSnapshot, patch: Partial<UploadSnapshot>): UploadSnapshot {
  const moved = patch.storedBytes !== undefined || patch.inflightBytes !== undefined;
  const progressBytes = patch.progressBytes ?? (moved ? snapshot.storedBytes + snapshot.inflightBytes : snapshot.progressBytes);
  return { ...snapshot, confirmedBytes: snapshot.storedBytes, progressBytes };
}

export function makeSnapshot(overrides: Partial<UploadSnapshot> = {}): UploadSnapshot {
  return withCounts({
    id: 'task-1',
    state: 'idle',
    fileName: 'video.mp4',
    requestedPath: ['videos', 'video.mp4'],
    conflictResolutionStrategy: 'rename',
    totalBytes: 4_000,
    storedBytes: 0,
    confirmedBytes: 0,
    inflightBytes: 0,
    progressBytes: 0,
    partSize: 1_000,
    parts: [],
    bytesPerSecond: 0,
    etaSeconds: undefined,
    ...overrides,
  }, overrides);
}

export interface FakeTask extends UploadTask {
  emit(patch: Partial<UploadSnapshot>): void;
  readonly listenerCount: number;
}

export function fakeTask(initial: Partial<UploadSnapshot> = {}): FakeTask {
  let snapshot = makeSnapshot(initial);
  const listeners = new Set<(s: UploadSnapshot) => void>();
  let settle!: (s: UploadSnapshot) => void;
  const settled = new Promise<UploadSnapshot>((resolve) => {
    settle = resolve;
  });
  const setState = (state: UploadState) => task.emit({ state });
  const task: FakeTask = {
    get id() {
      return snapshot.id;
    },
    start: () => setState('uploading'),
    pause: () => setState('paused'),
    resume: () => setState('uploading'),
    cancel: async () => setState('cancelled'),
    resolveConflict: () => setState('uploading'),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    settled,
    emit(patch) {
      snapshot = withCounts({ ...snapshot, ...patch }, patch);
      for (const listener of listeners) listener(snapshot);
      if (['done', 'failed', 'cancelled'].includes(snapshot.state)) settle(snapshot);
    },
    get listenerCount() {
      return listeners.size;
    },
  };
  return task;
}
