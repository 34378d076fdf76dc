// One place that wires the engine to the fakes, so each test states only what it is about.
import { createMemoryResumeStore } from '../../../src/core/resumeStore';
import { createUpload, resumeUpload, type EngineExtras } from '../../../src/core/uploadTask';
import type { ResumeOptions, ResumeStore, UploadOptions, UploadSnapshot, UploadTask } from '../../../src/core/types';
import { FakeClock, driveUntil } from './fakeClock';
import { FakeSmh, type FakeSmhOptions, makeFile, MiB } from './fakeSmh';

export interface Harness {
  clock: FakeClock;
  smh: FakeSmh;
  store: ResumeStore;
  /** Every snapshot a listener received, per task id. */
  seen: Map<string, UploadSnapshot[]>;
  upload(options?: Partial<UploadOptions & EngineExtras>): UploadTask;
  resume(options: Partial<ResumeOptions & EngineExtras> & { confirmKey: string }): UploadTask;
  /** Drives fake time and real async work until the task settles (or `until` holds). */
  run(task: UploadTask, until?: (snapshot: UploadSnapshot) => boolean): Promise<UploadSnapshot>;
}

export function harness(options: FakeSmhOptions = {}): Harness {
  const clock = new FakeClock();
  const smh = new FakeSmh(clock, options);
  const store = createMemoryResumeStore({ now: clock.now });
  const seen = new Map<string, UploadSnapshot[]>();
  const defaults = (): Omit<UploadOptions & EngineExtras, 'file' | 'path'> => ({
    client: smh.client,
    transport: smh.transport,
    clock,
    store,
    random: () => 0.5,
    instantUpload: false,
    locks: null,
    concurrency: 2,
    partSize: MiB,
    simpleUploadThreshold: 2 * MiB,
  });
  const watch = (task: UploadTask) => {
    const list: UploadSnapshot[] = [];
    seen.set(task.id, list);
    task.subscribe((snapshot) => list.push(snapshot));
    return task;
  };
  return {
    clock,
    smh,
    store,
    seen,
    upload: (overrides = {}) =>
      watch(createUpload({ ...defaults(), file: makeFile(5 * MiB + 123), path: 'docs/video.mp4', ...overrides })),
    resume: (overrides) => watch(resumeUpload({ ...defaults(), file: makeFile(5 * MiB + 123), ...overrides })),
    async run(task, until) {
      const settledStates = new Set(['done', 'failed', 'cancelled', 'conflict']);
      await driveUntil(clock, () => {
        const snapshot = task.getSnapshot();
        return until ? until(snapshot) : settledStates.has(snapshot.state);
      });
      return task.getSnapshot();
    },
  };
}
