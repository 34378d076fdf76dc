// Backoff between tries and an abortable wait, both on the injected clock and random source so
// tests see exact delays.
import type { Clock } from './types';

export interface BackoffOptions {
  /** Delay ceiling of the first retry (default 500 ms). */
  baseMs?: number;
  /** No retry waits longer than this (default 20 s). */
  capMs?: number;
}

/**
 * "Full jitter" exponential backoff: a uniform pick in [0, min(cap, base × 2^(retry − 1))), so
 * parts that failed together (a 503 burst) do not come back together. `retry` counts from 1.
 */
export function backoffDelay(retry: number, random: () => number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500;
  const cap = options.capMs ?? 20_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, retry - 1));
  const pick = Math.min(Math.max(random(), 0), 1);
  return Math.floor(pick * ceiling);
}

export function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError'
  );
}

/** Resolves after `ms` on `clock`; rejects with the abort reason as soon as `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(abortError(signal));
    };
    const handle = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Rejects with the abort reason when `signal` aborts before `promise` settles. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export const systemClock: Clock = {
  now: () => Date.now(),
  // Looked up at call time (not import time) so SSR imports touch nothing and test fakes apply.
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
