// How often to ask SMH where an upload task stands (docs/design.md "Behaviour that matters" → Polling).
// Every rule reads the query's raw state, never the `select`ed data, so a selector cannot change
// when polling stops.
import type { QueryState } from '@tanstack/react-query';
import { SmhApiError, isRetryable, isTaskGone } from '../api/errors';
import type { UploadTaskStatus } from '../api/types';

export const DEFAULT_INTERVAL_MS = 2_000;
export const DEFAULT_MAX_INTERVAL_MS = 30_000;
/** Growth per poll that saw the same parts list as the one before. */
export const UNCHANGED_BACKOFF = 1.5;
/** Growth per consecutive failed poll (after the retries of that poll ran out). */
export const ERROR_BACKOFF = 2;
/** Retries of one poll before the query settles in `error`. */
export const MAX_STATUS_RETRIES = 3;

/** What the policy reads of a TanStack `Query`: its raw state (and its identity, for the backoff). */
interface StatusQuery {
  readonly state: QueryState<UploadTaskStatus, Error>;
}

export interface PollTiming {
  intervalMs: number;
  maxIntervalMs: number;
}

export { isTaskGone };

/** 4xx other than 408/429: the same request gets the same answer, so neither retry nor poll. */
function isPermanentClientError(error: unknown): boolean {
  return (
    error instanceof SmhApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408 &&
    error.status !== 429
  );
}

/**
 * Nothing more will change on the server: confirmed, a parent folder deleted (`path: null`),
 * or the task is gone. Such a query is never fetched again by itself.
 */
export function isFinalStatus(state: StatusQuery['state']): boolean {
  const data = state.data;
  if (data !== undefined && (data.confirmed || data.path === null)) return true;
  return state.status === 'error' && isTaskGone(state.error);
}

function partsSignature(data: UploadTaskStatus | undefined): string | undefined {
  if (data === undefined) return undefined;
  return (data.parts ?? []).map((p) => `${p.PartNumber}:${p.Size}:${p.ETag}`).join(',');
}

interface PollTrack {
  dataUpdateCount: number;
  signature: string | undefined;
  /** Successful polls in a row that returned the parts list seen before. */
  unchanged: number;
  /** `errorUpdateCount` when the last data arrived: later errors are the current error streak. */
  errorsBeforeData: number;
}

// Keyed by the Query object (shared by every observer of one key), and derived from counters the
// query keeps, so calling it again for the same state changes nothing: TanStack calls
// `refetchInterval` on every query update and every render, not once per poll.
const tracks = new WeakMap<object, PollTrack>();

function track(query: StatusQuery): PollTrack {
  const { state } = query;
  let t = tracks.get(query);
  if (t === undefined) {
    t = {
      dataUpdateCount: state.dataUpdateCount,
      signature: partsSignature(state.data),
      unchanged: 0,
      errorsBeforeData: state.errorUpdateCount,
    };
    tracks.set(query, t);
  } else if (state.dataUpdateCount !== t.dataUpdateCount) {
    const signature = partsSignature(state.data);
    t.unchanged =
      signature !== undefined && signature === t.signature && state.dataUpdateCount > t.dataUpdateCount
        ? t.unchanged + 1
        : 0;
    t.signature = signature;
    t.dataUpdateCount = state.dataUpdateCount;
    t.errorsBeforeData = state.errorUpdateCount;
  }
  return t;
}

/** The delay before the next poll, or `false` to stop polling. */
export function nextPollInterval(query: StatusQuery, timing: PollTiming): number | false {
  const { state } = query;
  if (isFinalStatus(state)) return false;
  if (state.status === 'error' && isPermanentClientError(state.error)) return false;
  const t = track(query);
  const grown =
    state.status === 'error'
      ? timing.intervalMs * ERROR_BACKOFF ** Math.max(1, state.errorUpdateCount - t.errorsBeforeData)
      : timing.intervalMs * UNCHANGED_BACKOFF ** t.unchanged;
  return Math.min(timing.maxIntervalMs, Math.round(grown));
}

/** Retry only what may succeed next time: no response, 408, 429, 5xx (docs/smh-protocol.md §7.2, §9). */
export function shouldRetryStatus(failureCount: number, error: Error): boolean {
  return failureCount < MAX_STATUS_RETRIES && isRetryable(error);
}

/** Exponential, capped at the longest poll interval; a 429 starts from a full interval. */
export function statusRetryDelay(failureCount: number, error: Error, timing: PollTiming): number {
  const base =
    error instanceof SmhApiError && error.status === 429 ? timing.intervalMs : timing.intervalMs / 2;
  const backoff = Math.min(timing.maxIntervalMs, base * 2 ** failureCount);
  // The server's Retry-After is a floor, within the polling cap.
  const asked = error instanceof SmhApiError ? (error.retryAfterMs ?? 0) : 0;
  return Math.max(backoff, Math.min(asked, timing.maxIntervalMs));
}

export function resolveTiming(options: { intervalMs?: number; maxIntervalMs?: number }): PollTiming {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const maxIntervalMs = options.maxIntervalMs ?? Math.max(DEFAULT_MAX_INTERVAL_MS, intervalMs);
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
    throw new RangeError(`intervalMs must be a positive number of milliseconds, got ${intervalMs}`);
  }
  if (!Number.isFinite(maxIntervalMs) || maxIntervalMs < intervalMs) {
    throw new RangeError(
      `maxIntervalMs must be a number of milliseconds no smaller than intervalMs (${intervalMs}), got ${maxIntervalMs}`,
    );
  }
  return { intervalMs, maxIntervalMs };
}
