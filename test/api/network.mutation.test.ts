// The network plumbing as its callers see it: which hosts count as loopback (plain http allowed),
// a deadline's timer and the caller's signal, racing a promise against an abort, and the words for
// a request that got no response. No listener may stay on a caller's long-lived signal.
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDeadline, describeNoResponse, isLoopbackHost, isTimeoutOption, raceAbort, type TimerLike } from '../../src/api/network';

/** Timers that fire only when told to. */
function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  const timers: TimerLike = {
    setTimeout: (callback, ms) => {
      pending.set(++next, { callback, ms });
      return next;
    },
    clearTimeout: (handle) => pending.delete(handle as number),
  };
  const fireAll = () => {
    for (const [id, { callback }] of pending) {
      pending.delete(id);
      callback();
    }
  };
  return { timers, pending, fireAll };
}

/** A refused connection wrapped so that its code sits `depth` errors down (1: the error itself). */
function refusedAt(depth: number): Error {
  let error: Error = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
  for (let i = 1; i < depth; i++) error = new TypeError('fetch failed', { cause: error });
  return error;
}

const abortListeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('isLoopbackHost', () => {
  it('takes any address in 127.0.0.0/8 and a bare ::1', () => {
    expect(['127.100.200.1', '127.1.250.255', '::1', 'app.localhost'].every(isLoopbackHost)).toBe(true);
  });

  it('refuses a public name that merely starts or ends like a loopback address', () => {
    expect(['127.0.0.1.nip.io', 'x127.0.0.1', '127.0.0.1x'].some(isLoopbackHost)).toBe(false);
  });
});

describe('isTimeoutOption', () => {
  it('takes a positive number or Infinity, not a numeric string', () => {
    expect([1, 30_000, Infinity].every(isTimeoutOption)).toBe(true);
    expect(['5000', 0, -1, Number.NaN, undefined].some(isTimeoutOption)).toBe(false);
  });
});

describe('createDeadline', () => {
  it('aborts with a TimeoutError naming the time when the armed timer runs out', () => {
    const { timers, fireAll } = manualTimers();
    const deadline = createDeadline(undefined, timers);
    deadline.arm(5000);
    fireAll();
    expect(deadline.timedOut).toBe(true);
    expect(deadline.signal.reason).toMatchObject({ name: 'TimeoutError', message: 'No progress for 5000 ms' });
  });

  it('re-arming replaces the running timer', () => {
    const { timers, pending } = manualTimers();
    const deadline = createDeadline(undefined, timers);
    deadline.arm(1000);
    deadline.arm(5000);
    expect([...pending.values()].map((timer) => timer.ms)).toEqual([5000]);
  });

  it('never times out when armed with Infinity', () => {
    const { timers, fireAll } = manualTimers();
    const deadline = createDeadline(undefined, timers);
    deadline.arm(Infinity);
    fireAll();
    expect(deadline.timedOut).toBe(false);
    expect(deadline.signal.aborted).toBe(false);
  });

  it('starts aborted, with the caller’s reason, when the caller’s signal already is', () => {
    const caller = new AbortController();
    caller.abort('paused');
    const { timers, fireAll } = manualTimers();
    const deadline = createDeadline(caller.signal, timers);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe('paused');
    // A timer armed after the abort does not turn the pause into a timeout.
    deadline.arm(1000);
    fireAll();
    expect(deadline.timedOut).toBe(false);
  });

  it('follows a later caller abort and leaves no listener on the caller’s signal', () => {
    const caller = new AbortController();
    const deadline = createDeadline(caller.signal);
    expect(abortListeners(caller.signal)).toBe(1);
    caller.abort('cancelled');
    expect(deadline.signal.reason).toBe('cancelled');
    expect(abortListeners(caller.signal)).toBe(0);
  });

  it('once disposed, ignores the caller and its timer', () => {
    const caller = new AbortController();
    const { timers, fireAll } = manualTimers();
    const deadline = createDeadline(caller.signal, timers);
    deadline.arm(1000);
    deadline.dispose();
    expect(abortListeners(caller.signal)).toBe(0);
    caller.abort();
    fireAll();
    expect(deadline.signal.aborted).toBe(false);
    expect(deadline.timedOut).toBe(false);
  });
});

describe('raceAbort', () => {
  it('rejects at once with the reason of a signal that is already aborted, even for a settled promise', async () => {
    const controller = new AbortController();
    controller.abort('stop');
    await expect(raceAbort(Promise.resolve(1), controller.signal)).rejects.toBe('stop');
  });

  it('gives an AbortError when the signal carries no reason (older browsers)', async () => {
    const signal = { aborted: true, reason: undefined } as AbortSignal;
    await expect(raceAbort(Promise.resolve(1), signal)).rejects.toMatchObject({ name: 'AbortError', message: 'This operation was aborted' });
  });

  it('leaves no listener on the signal once the promise settles either way, or the signal aborts', async () => {
    const controller = new AbortController();
    await expect(raceAbort(Promise.resolve(1), controller.signal)).resolves.toBe(1);
    await expect(raceAbort(Promise.reject(new Error('no')), controller.signal)).rejects.toThrow('no');
    expect(abortListeners(controller.signal)).toBe(0);
    const raced = raceAbort(new Promise(() => {}), controller.signal);
    controller.abort('late');
    await expect(raced).rejects.toBe('late');
    expect(abortListeners(controller.signal)).toBe(0);
  });
});

describe('describeNoResponse', () => {
  it('starts the detail with what the runtime said, when it said something', () => {
    expect(describeNoResponse(new TypeError('fetch failed')).detail).toMatch(/^fetch failed; no response, and the browser does not say why/);
    expect(describeNoResponse(new TypeError('')).detail).toMatch(/^no response, and the browser does not say why/);
  });

  it('names a socket error up to three causes deep, and no deeper', () => {
    expect(describeNoResponse(refusedAt(3))).toMatchObject({ kind: 'refused', summary: 'could not be reached (connection refused)', detail: 'ECONNREFUSED' });
    expect(describeNoResponse(refusedAt(4)).kind).toBe('unreachable');
  });

  it('ends on a cause chain that loops, and leaves unknown socket codes unnamed', () => {
    const looped: Error & { cause?: unknown } = new TypeError('fetch failed');
    looped.cause = looped;
    expect(describeNoResponse(looped).kind).toBe('unreachable');
    expect(describeNoResponse(Object.assign(new Error('pipe'), { code: 'EPIPE' })).kind).toBe('unreachable');
  });

  it('says offline only when the browser reports no connection', () => {
    vi.stubGlobal('navigator', { onLine: true });
    expect(describeNoResponse(new TypeError('Failed to fetch')).kind).toBe('unreachable');
    vi.stubGlobal('navigator', { onLine: false });
    expect(describeNoResponse(new TypeError('Failed to fetch'))).toMatchObject({ kind: 'offline', summary: 'could not be reached (offline)' });
  });
});
