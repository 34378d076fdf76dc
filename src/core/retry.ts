// The engine's one retry policy, used by every SMH and COS call (begin, status, renew, confirm,
// part and simple PUTs): which failures are tried again, how long to wait (full-jitter backoff, the
// server's Retry-After as a floor), the snapshot's `retrying` note, pause/cancel during the wait,
// and waiting for the network while the device is offline (no retry spent, bounded by
// `offlineTimeoutMs`, then `UploadError('Offline')`).
import { isRetryable } from '../api/errors';
import { abortError, isAbortError, sleep } from './abort';
import { UploadError } from './errors';
import type { Clock, NetworkStatus } from './types';

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
  /** Where "is the device online?" comes from. */
  network: NetworkStatus;
  /** The longest one wait for the network may last before the call fails `Offline` (ms; Infinity for none). */
  offlineTimeoutMs: number;
  /** Told when the `retrying` note or the wait for the network changes. */
  onNote: () => void;
}

export class RetryPolicy {
  /** One note per call that is waiting or retrying, so parallel parts do not clear each other's. */
  private readonly notes = new Map<object, RetryNote>();
  /** Calls waiting for the network to come back. */
  private readonly offline = new Set<object>();

  constructor(private readonly options: RetryPolicyOptions) {}

  /** The furthest-along retry under way, for the snapshot; undefined when nothing retries. */
  get note(): RetryNote | undefined {
    let furthest: RetryNote | undefined;
    for (const note of this.notes.values()) if (!furthest || note.attempt > furthest.attempt) furthest = note;
    return furthest;
  }

  /** Whether some call waits for the network (the snapshot's `waitingForNetwork`). */
  get waitingForNetwork(): boolean {
    return this.offline.size > 0;
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
          const retryable = (hooks.retryable ?? isRetryable)(error);
          if (retryable && !this.options.network.isOnline()) {
            // Offline: the failure says nothing about the server, so it costs no retry.
            await this.waitForNetwork(key, signal);
            continue;
          }
          if (!retryable || retries >= maxRetries) throw error;
          retries += 1;
          this.setNote(key, { attempt: retries + 1, of: maxRetries + 1 });
          await sleep(clock, Math.max(retryAfterOf(error), backoffDelay(retries, random)), signal);
        }
      }
    } finally {
      this.setNote(key, undefined);
    }
  }

  /**
   * Resolves when the network is back; rejects with `UploadError('Offline')` after
   * `offlineTimeoutMs`, or with the abort reason when the run stops (pause, cancel).
   */
  private waitForNetwork(key: object, signal: AbortSignal): Promise<void> {
    const { network, clock, offlineTimeoutMs } = this.options;
    return new Promise<void>((resolve, reject) => {
      let handle: unknown;
      let unsubscribe: (() => void) | undefined;
      const finish = (error?: unknown) => {
        unsubscribe?.();
        if (handle !== undefined) clock.clearTimeout(handle);
        signal.removeEventListener('abort', onAbort);
        if (this.offline.delete(key)) this.options.onNote();
        if (error === undefined) resolve();
        else reject(error);
      };
      const onAbort = () => finish(abortError(signal));
      // Subscribed before the status is read again, so an `online` in between is not missed.
      unsubscribe = network.subscribe(() => {
        if (network.isOnline()) finish();
      });
      if (signal.aborted) return onAbort();
      if (network.isOnline()) return finish();
      signal.addEventListener('abort', onAbort, { once: true });
      if (Number.isFinite(offlineTimeoutMs)) {
        handle = clock.setTimeout(() => {
          handle = undefined;
          finish(
            new UploadError(
              `The device has been offline for ${Math.round(offlineTimeoutMs / 1000)} s, so the upload stopped; start it again once online (the parts already stored are kept).`,
              'Offline',
            ),
          );
        }, offlineTimeoutMs);
      }
      this.offline.add(key);
      this.setNote(key, undefined);
      this.options.onNote();
    });
  }

  /** The run stopped (pause, cancel, failure): no call waits any more. */
  clear(): void {
    if (this.notes.size === 0 && this.offline.size === 0) return;
    this.notes.clear();
    this.offline.clear();
    this.options.onNote();
  }

  private setNote(key: object, note: RetryNote | undefined): void {
    if (note === undefined && !this.notes.has(key)) return;
    if (note === undefined) this.notes.delete(key);
    else this.notes.set(key, note);
    this.options.onNote();
  }
}
