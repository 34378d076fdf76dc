// What the SMH client and the COS part transports share about the network itself: which hosts are
// loopback, deadlines composed with the caller's AbortSignal, and honest words for a request that
// got no response (docs/networks.md).
import type { NetworkFailureKind } from './errors';

/** 127.0.0.0/8, `localhost` (and `*.localhost`) and `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/** The timers a deadline needs; the engine's `Clock` fits. */
export interface TimerLike {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

// Resolved per call, so importing this module on a server touches no global timer.
export const globalTimers: TimerLike = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * One AbortSignal for a request: it aborts when the caller's signal does (with the caller's reason)
 * or when `arm`ed timer runs out (with a `TimeoutError`). `timedOut` tells the two apart, so a
 * timeout can become a retryable network error while a pause or cancel stays an abort.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  readonly timedOut: boolean;
  /** (Re)starts the timer: `ms` from now, or never for a non-finite `ms`. */
  arm(ms: number): void;
  /** Stops the timer and unhooks the caller's signal. */
  dispose(): void;
}

export function createDeadline(caller: AbortSignal | undefined, timers: TimerLike = globalTimers): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  let handle: unknown;
  const onCallerAbort = () => controller.abort(abortReason(caller as AbortSignal));
  if (caller?.aborted) onCallerAbort();
  else caller?.addEventListener('abort', onCallerAbort, { once: true });
  const stopTimer = () => {
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = undefined;
  };
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    arm(ms) {
      stopTimer();
      if (!Number.isFinite(ms) || controller.signal.aborted) return;
      handle = timers.setTimeout(() => {
        handle = undefined;
        timedOut = true;
        controller.abort(new DOMException(`No progress for ${ms} ms`, 'TimeoutError'));
      }, ms);
    },
    dispose() {
      stopTimer();
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
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

/** Checks a timeout option: a positive number of ms, or `Infinity` for none. */
export function isTimeoutOption(value: unknown): value is number {
  return typeof value === 'number' && value > 0 && !Number.isNaN(value);
}

// The socket errors worth naming (Node's fetch names them; browsers never do); others fall back to the likely causes.
const NODE_CODES: Readonly<Record<string, readonly [NetworkFailureKind, string]>> = {
  ECONNREFUSED: ['refused', 'connection refused'],
  ENOTFOUND: ['dns', 'DNS'],
  EAI_AGAIN: ['dns', 'DNS'],
};

function causeCode(cause: unknown): string | undefined {
  // Node's fetch throws TypeError('fetch failed') with the socket error as its cause.
  for (let error = cause, depth = 0; error && depth < 3; depth++) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code in NODE_CODES) return code;
    error = (error as { cause?: unknown }).cause;
  }
  return undefined;
}

function isOffline(): boolean {
  return typeof navigator === 'object' && navigator !== null && navigator.onLine === false;
}

export interface NoResponse {
  kind: NetworkFailureKind;
  /** "could not be reached (offline)" */
  summary: string;
  /** Why, or the likely causes. */
  detail: string;
}

/**
 * Why a request got no response, as far as the runtime lets us tell. A browser's fetch and XHR say
 * nothing (a CORS refusal, a DNS failure and a refused connection all look alike, on purpose), so
 * the detail names the likely causes instead of guessing one; Node names the socket error.
 */
export function describeNoResponse(cause: unknown): NoResponse {
  if (isOffline()) {
    return { kind: 'offline', summary: 'could not be reached (offline)', detail: 'the browser reports no network connection' };
  }
  const code = causeCode(cause);
  if (code) {
    const [kind, label] = NODE_CODES[code] as readonly [NetworkFailureKind, string];
    return { kind, summary: `could not be reached (${label})`, detail: code };
  }
  const said = cause instanceof Error && cause.message ? `${cause.message}; ` : '';
  return {
    kind: 'unreachable',
    summary: 'could not be reached',
    detail:
      `${said}no response, and the browser does not say why. Likely: CORS (this origin not allowed; see the ` +
      'console), DNS, a refused or dropped connection, or a proxy',
  };
}
