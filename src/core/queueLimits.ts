// What a queue runs at once, its defaults and their checks; apart from queue.ts so the provider can
// name the defaults without bundling the queue (a status-only page never loads the engine).

/** How many tasks and calls a queue runs at once (docs/architecture.md "Scheduling many files"). */
export interface QueueLimits {
  /**
   * Large files (sent in parts) uploading at once; each sends its parts under its own adaptive
   * limit (`concurrency`, `maxConcurrency`). Default 2.
   */
  largeFiles: number;
  /**
   * Small files (below `simpleUploadThreshold`, one PUT each) uploading at once, in a lane of their
   * own beside the large files. Default 6.
   */
  smallFiles: number;
  /**
   * SMH calls (begin, confirm) of the queue's tasks in flight at once; confirms go before begins.
   * Default 4: Chromium opens 6 connections per host over HTTP/1.1, which leaves two for renewals,
   * folder creation and status polls.
   */
  smhCalls: number;
  /**
   * PUTs to COS (small files' PUTs, large files' parts) in flight at once across the queue. Default
   * 6, Chromium's connections per host over HTTP/1.1: more would only wait in the browser, where a
   * photo's PUT would queue behind a video's parts. Small files' PUTs go first, and a slot is kept
   * for each running small file (so parts cannot fill them between a photo's begin and its PUT);
   * but parts always have at least one, so a large file always moves.
   */
  cosRequests: number;
  /**
   * All tasks at once, both lanes together, first come first served across them. Default
   * `Infinity` (the lanes decide). A finite cap brings back a single line, in which a small file
   * can wait behind a large one.
   */
  uploads: number;
}

export const DEFAULT_QUEUE_LIMITS: Readonly<QueueLimits> = { largeFiles: 2, smallFiles: 6, smhCalls: 4, cosRequests: 6, uploads: Infinity };

const NAMES = Object.keys(DEFAULT_QUEUE_LIMITS) as (keyof QueueLimits)[];

/** `value` if it is a whole number of at least 1 (or `Infinity` when `infinite`), else a TypeError. */
export function checkedLimit(value: unknown, name: string, caller: string, infinite = false): number {
  const whole = typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
  if (!whole && !(infinite && value === Infinity)) {
    throw new TypeError(`${caller}: ${name} must be a whole number of at least 1${infinite ? ' (or Infinity)' : ''}, got ${String(value)}.`);
  }
  return value as number;
}

/**
 * What the deprecated `concurrency` (queue) and `queueConcurrency` (provider) meant: `n` uploads at
 * once in one line, whatever their size.
 */
export function singleLine(n: number, caller: string): Partial<QueueLimits> {
  const uploads = checkedLimit(n, 'concurrency', caller);
  return { uploads, largeFiles: uploads, smallFiles: uploads };
}

/** The provider's queue props as they were given, resolved where the queue is made (useSmhUpload). */
export interface QueueRequest {
  limits?: Partial<QueueLimits> | undefined;
  /** The deprecated `queueConcurrency`. */
  concurrency?: number | undefined;
}

/** Every limit for `request`: its values, the defaults for the rest. */
export function limitsFrom(request: QueueRequest, caller: string): Readonly<QueueLimits> {
  const base = request.concurrency === undefined ? DEFAULT_QUEUE_LIMITS : checkedLimits(DEFAULT_QUEUE_LIMITS, singleLine(request.concurrency, caller), caller);
  return checkedLimits(base, request.limits ?? {}, caller);
}

/** `base` with `changes` applied, every value checked first (a TypeError names the first bad one). */
export function checkedLimits(base: Readonly<QueueLimits>, changes: Partial<QueueLimits>, caller: string): Readonly<QueueLimits> {
  if (typeof changes !== 'object' || changes === null) throw new TypeError(`${caller}: limits must be an object, got ${String(changes)}.`);
  const next = { ...base };
  for (const name of NAMES) {
    if (changes[name] !== undefined) next[name] = checkedLimit(changes[name], name, caller, name === 'uploads');
  }
  return Object.freeze(next);
}
