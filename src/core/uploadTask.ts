// The engine's factories: `createUpload` and `resumeUpload` check what they are given and make an
// `UploadTask` (engine/task.ts). How a file flows through the engine: docs/architecture.md.
import { splitSmhPath } from '../api/path';
import { UploadEngine } from './engine/task';
import type { Start } from './engine/job';
import type { EngineExtras } from './engine/options';
import type { ResumeOptions, UploadOptions, UploadTask } from './types';

export type { EngineExtras } from './engine/options';

/**
 * Creates an upload of `file` to `path`. Nothing happens until `start()` (or `autoStart`).
 * Throws a `TypeError` for options that cannot work (no client, concurrency < 1, a part size
 * outside 1 MiB..5 GiB); a file COS cannot take (no readable size, over 10,000 × 5 GiB) fails the
 * task at start with `UploadError('InvalidFile')`. An empty file is fine: it goes as one empty PUT.
 */
export function createUpload(options: UploadOptions & EngineExtras): UploadTask {
  if (options?.path === undefined || options.path === null) {
    throw new TypeError('createUpload needs `path`: the target folder and file name, such as "folder/file.txt".');
  }
  const start: Start = { stage: 'begin', requestedPath: splitSmhPath(options.path) };
  if (options.partSize !== undefined) start.partSize = options.partSize;
  return new UploadEngine(options, start);
}

/**
 * Continues the task `confirmKey` with `file`: checks the file against the stored record, asks SMH
 * which parts it stores, sends only the rest, and confirms. Not started until `start()` (or
 * `autoStart`).
 */
export function resumeUpload(options: ResumeOptions & EngineExtras): UploadTask {
  if (typeof options?.confirmKey !== 'string' || options.confirmKey === '') {
    throw new TypeError('resumeUpload needs `confirmKey`: the key of the upload task to continue.');
  }
  const start: Start = {
    stage: 'resync',
    confirmKey: options.confirmKey,
    requestedPath: options.path === undefined ? [] : splitSmhPath(options.path),
    checkRecord: true,
    restartIfGone: options.restartIfGone ?? false,
  };
  if (options.partSize !== undefined) start.partSize = options.partSize;
  return new UploadEngine(options, start);
}
