// The abort helpers leave nothing behind on a long-lived signal: a run's signal sees thousands of
// retry waits and part races, and each left-over listener would keep a timer and a closure alive.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { abortError, isAbortError, raceAbort, sleep, throwIfAborted } from '../../src/core/abort';
import { FakeClock } from './support/fakeClock';

const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

describe('sleep on a run signal', () => {
  it('removes its abort listener once the wait is over', async () => {
    const clock = new FakeClock();
    const run = new AbortController();
    const waits = [sleep(clock, 100, run.signal), sleep(clock, 200, run.signal)];
    expect(listeners(run.signal)).toBe(2);
    await clock.advance(200);
    await Promise.all(waits);
    expect(listeners(run.signal)).toBe(0);
  });

  it('rejects at once, without a timer, when the signal already aborted', async () => {
    const clock = new FakeClock();
    const run = new AbortController();
    run.abort(new DOMException('paused', 'AbortError'));
    await expect(sleep(clock, 1000, run.signal)).rejects.toMatchObject({ message: 'paused' });
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('raceAbort', () => {
  it('settles with the promise and removes its abort listener, on success and on failure', async () => {
    const run = new AbortController();
    await expect(raceAbort(Promise.resolve('stored'), run.signal)).resolves.toBe('stored');
    await expect(raceAbort(Promise.reject(new Error('refused')), run.signal)).rejects.toThrow('refused');
    expect(listeners(run.signal)).toBe(0);
  });

  it('rejects with the abort reason when the signal aborts first, or had aborted already', async () => {
    const run = new AbortController();
    const never = new Promise<never>(() => {});
    const racing = raceAbort(never, run.signal);
    run.abort(new DOMException('cancelled', 'AbortError'));
    await expect(racing).rejects.toMatchObject({ message: 'cancelled' });
    await expect(raceAbort(Promise.resolve(1), run.signal)).rejects.toMatchObject({ message: 'cancelled' });
  });
});

describe('abort reasons', () => {
  it('an abort without a reason is a DOMException named AbortError, and is recognised as one', () => {
    const run = new AbortController();
    run.abort();
    expect(isAbortError(abortError(run.signal))).toBe(true);
    // Node gives a reason-less abort its own AbortError; the fallback covers signals without one.
    const bare = { aborted: true, reason: undefined } as unknown as AbortSignal;
    expect(abortError(bare)).toMatchObject({ name: 'AbortError', message: 'The operation was aborted.' });
    expect(abortError(bare)).toBeInstanceOf(DOMException);
  });

  it('only objects named AbortError count as aborts', () => {
    expect(isAbortError(new DOMException('x', 'AbortError'))).toBe(true);
    expect(isAbortError({ name: 'AbortError' })).toBe(true);
    expect(isAbortError(new Error('AbortError'))).toBe(false);
    expect(isAbortError('AbortError')).toBe(false);
    expect(isAbortError(null)).toBe(false);
  });

  it('throwIfAborted throws the reason only once the signal aborted', () => {
    const run = new AbortController();
    expect(() => throwIfAborted(run.signal)).not.toThrow();
    run.abort(new DOMException('stop', 'AbortError'));
    expect(() => throwIfAborted(run.signal)).toThrow('stop');
  });
});
