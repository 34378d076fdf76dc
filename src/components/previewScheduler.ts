// Runs preview work a few jobs at a time, each started at background priority, so 300 photos
// dropped at once never compete with the upload or with input for the main thread.

export interface PreviewScheduler {
  /**
   * Runs `job` once a slot is free and the browser is idle. Aborting `signal` before the job starts
   * drops it (the promise rejects with the abort reason); once started, the job gets the signal and
   * keeps its slot until it settles, so an aborted decode still counts against the limit.
   */
  run<T>(job: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Jobs running now, and waiting for a slot. */
  stats(): { running: number; waiting: number };
}

export interface PreviewSchedulerOptions {
  /** Jobs at once (default 2). */
  concurrency?: number;
  /** Calls `callback` when the browser has time; default: `scheduler.postTask` at background priority, `requestIdleCallback`, or a timer. */
  defer?: (callback: () => void, signal: AbortSignal) => void;
}

interface PostTaskScheduler {
  postTask(callback: () => void, options: { priority: 'background'; signal?: AbortSignal }): Promise<unknown>;
}

/** Background priority where the browser has one; read when called, never at import (SSR). */
export function deferToIdle(callback: () => void, signal: AbortSignal): void {
  const tasks = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
  if (typeof tasks?.postTask === 'function') {
    // An aborted postTask rejects; the abort is handled by the caller's listener.
    tasks.postTask(callback, { priority: 'background', signal }).catch(() => undefined);
    return;
  }
  if (typeof requestIdleCallback === 'function') {
    // The timeout keeps previews coming on a page that is never idle (a busy upload).
    const id = requestIdleCallback(callback, { timeout: 1000 });
    signal.addEventListener('abort', () => cancelIdleCallback(id), { once: true });
    return;
  }
  const id = setTimeout(callback, 0);
  signal.addEventListener('abort', () => clearTimeout(id), { once: true });
}

interface Waiting {
  start: () => void;
  signal: AbortSignal | undefined;
}

export function createPreviewScheduler({ concurrency = 2, defer = deferToIdle }: PreviewSchedulerOptions = {}): PreviewScheduler {
  const limit = Math.max(1, Math.floor(concurrency));
  const waiting: Waiting[] = [];
  let running = 0;
  // Slots promised to a deferred start that has not run yet count as running.
  const pump = () => {
    while (running < limit && waiting.length > 0) {
      const next = waiting.shift()!;
      if (next.signal?.aborted) continue;
      running++;
      next.start();
    }
  };
  return {
    stats: () => ({ running, waiting: waiting.length }),
    run<T>(job: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const jobSignal = signal ?? new AbortController().signal;
        let started = false;
        const release = () => {
          running--;
          pump();
        };
        const entry: Waiting = {
          signal,
          start: () => {
            const deferral = new AbortController();
            const onAbort = () => {
              // Aborted between getting a slot and the idle callback: give the slot back.
              deferral.abort();
              release();
              reject(jobSignal.reason);
            };
            jobSignal.addEventListener('abort', onAbort, { once: true });
            defer(() => {
              jobSignal.removeEventListener('abort', onAbort);
              if (jobSignal.aborted) return;
              started = true;
              let result: Promise<T>;
              try {
                result = job(jobSignal);
              } catch (error) {
                result = Promise.reject(error);
              }
              result.then(resolve, reject).finally(release);
            }, deferral.signal);
          },
        };
        signal?.addEventListener(
          'abort',
          () => {
            if (started) return;
            const index = waiting.indexOf(entry);
            if (index === -1) return;
            waiting.splice(index, 1);
            reject(signal.reason);
          },
          { once: true },
        );
        waiting.push(entry);
        pump();
      });
    },
  };
}

let shared: PreviewScheduler | undefined;

/** The scheduler every preview shares unless told otherwise: two at a time, page-wide. */
export function sharedPreviewScheduler(): PreviewScheduler {
  shared ??= createPreviewScheduler();
  return shared;
}
