import type { UploadOptions, UploadTask } from '../core/types';

/** What the hooks use of the engine's upload queue (`createUploadQueue` in src/core). */
export interface UploadQueue {
  add(taskOrOptions: UploadTask | UploadOptions): UploadTask;
  remove(id: string): void;
  tasks(): readonly UploadTask[];
  subscribe(listener: () => void): () => void;
  /** The tasks, same array identity while unchanged. */
  getSnapshot(): readonly UploadTask[];
  pauseAll(): void;
  resumeAll(): void;
  cancelAll(): Promise<void> | void;
}
