// The engine's one retry policy, used by every SMH and COS call (begin, status, renew, confirm,
// part and simple PUTs): which failures are tried again, how long to wait (full-jitter backoff, the
// server's Retry-After as a floor), the snapshot's `retrying` note, and pause/cancel during the wait.
// A later "wait while offline" or "retry once with a fresh token" belongs in `run` here.
import { isRetryable } from '../api/errors';
import { abortError, isAbortError, sleep } from './abort';
import type { Clock } from './types';

// transport.ts takes its abort reason from here.
export { abortError } from './abort';

/** A server's `Retry-After` is honoured up to this long per wait. */
const MAX_RETRY_AFTER_MS = 60_000;

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

/** The server's `Retry-After` in ms, when the error carries one (SMH today; COS once parsed). */
function retryAfterOf(error: unknown): number {
  const asked = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof asked === 'number' && asked > 0 ? Math.min(asked, MAX_RETRY_AFTER_MS) : 0;
}

export interface RetryNote {
  readonly attempt: number;
  readonly of: number;
}

/** How one kind of call is retried beyond the shared rules. */
export interface RetryHooks {
  /** Whether a failure is worth the same call again (default `isRetryable`). */
  retryable?: (error: unknown) => boolean;
  /** Told of every failure that is not an abort, before anything else (bookkeeping). */
  onFailure?: (error: unknown) => void;
  /**
   * Repairs what a failure showed (renews expired credentials) and says whether to go again at
   * once, without counting a retry. Runs before `retryable`.
   */
  recover?: (error: unknown) => Promise<boolean>;
}

export interface RetryPolicyOptions {
  clock: Clock;
  random: () => number;
  maxRetries: number;
  /** Told when the `retrying` note changes. */
  onNote: () => void;
}

export class RetryPolicy {
  /** One note per call that is waiting or retrying, so parallel parts do not clear each other's. */
  private readonly notes = new Map<object, RetryNote>();

  constructor(private readonly options: RetryPolicyOptions) {}

  /** The furthest-along retry under way, for the snapshot; undefined when nothing retries. */
  get note(): RetryNote | undefined {
    let furthest: RetryNote | undefined;
    for (const note of this.notes.values()) if (!furthest || note.attempt > furthest.attempt) furthest = note;
    return furthest;
  }

  /**
   * Calls `call` until it succeeds, a failure is final, or `signal` aborts (then rejects with the
   * abort reason, also in the middle of a wait). The note stays until the call goes through or gives
   * up, so it does not flicker between tries.
   */
  async run<T>(call: () => Promise<T>, signal: AbortSignal, hooks: RetryHooks = {}): Promise<T> {
    const { clock, random, maxRetries } = this.options;
    const key = {};
    try {
      for (let retries = 0; ; ) {
        try {
          return await call();
        } catch (error) {
          if (signal.aborted) throw abortError(signal);
          if (isAbortError(error)) throw error;
          hooks.onFailure?.(error);
          if (hooks.recover && (await hooks.recover(error))) continue;
          if (!(hooks.retryable ?? isRetryable)(error) || retries >= maxRetries) throw error;
          retries += 1;
          this.setNote(key, { attempt: retries + 1, of: maxRetries + 1 });
          await sleep(clock, Math.max(retryAfterOf(error), backoffDelay(retries, random)), signal);
        }
      }
    } finally {
      this.setNote(key, undefined);
    }
  }

  /** The run stopped (pause, cancel, failure): no call waits any more. */
  clear(): void {
    if (this.notes.size === 0) return;
    this.notes.clear();
    this.options.onNote();
  }

  private setNote(key: object, note: RetryNote | undefined): void {
    if (note === undefined && !this.notes.has(key)) return;
    if (note === undefined) this.notes.delete(key);
    else this.notes.set(key, note);
    this.options.onNote();
  }
}
