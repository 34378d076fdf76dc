// The one abort helper of the engine: what an abort rejects with, how to recognise it, and the
// abortable waits built on an AbortSignal (a pause or cancel aborts the run's signal).
import type { Clock } from './types';

/** The signal's reason, or a DOMException named AbortError when it gave none. */
export function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/** Throws the abort reason once `signal` aborted: after each await, work of a stopped run ends here. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortError(signal);
}

/** Calls `onAbort` once when `signal` aborts; returns the unsubscribe. */
export function onAbort(signal: AbortSignal, handler: () => void): () => void {
  signal.addEventListener('abort', handler, { once: true });
  return () => signal.removeEventListener('abort', handler);
}

/** Resolves after `ms` on `clock`; rejects with the abort reason as soon as `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError(signal));
      return;
    }
    const stop = onAbort(signal, () => {
      clock.clearTimeout(handle);
      reject(abortError(signal));
    });
    const handle = clock.setTimeout(() => {
      stop();
      resolve();
    }, ms);
  });
}

/** Rejects with the abort reason when `signal` aborts before `promise` settles. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const stop = onAbort(signal, () => reject(abortError(signal)));
    promise.then(
      (value) => {
        stop();
        resolve(value);
      },
      (error: unknown) => {
        stop();
        reject(error);
      },
    );
  });
}
