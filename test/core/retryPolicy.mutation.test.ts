// The retry policy on its own, with a fake clock: what the snapshot's `retrying` note shows when
// several calls wait at once, which failures it never books as failures (aborts), and which
// Retry-After values it trusts.
import { describe, expect, it } from 'vitest';
import { SmhApiError, SmhNetworkError } from '../../src/api/errors';
import { RetryPolicy } from '../../src/core/retry';
import { FakeClock, flushAsync } from './support/fakeClock';

function policy() {
  const clock = new FakeClock();
  let notes = 0;
  // Always online: these tests are about the note and Retry-After, not the network wait.
  const network = { isOnline: () => true, subscribe: () => () => {} };
  const retry = new RetryPolicy({
    clock, random: () => 0.5, maxRetries: 5, network, offlineTimeoutMs: Infinity, onNote: () => (notes += 1),
  });
  return { clock, retry, notesTold: () => notes };
}

/** A call that fails with a retryable network error `times` times, then answers 'ok'. */
function flaky(times: number) {
  let left = times;
  return async () => {
    if (left-- > 0) throw new SmhNetworkError('offline');
    return 'ok';
  };
}

const rateLimited = (retryAfterMs: unknown) =>
  Object.assign(new SmhApiError('slow down', { status: 429, code: 'RateLimitExceeded' }), { retryAfterMs });

describe('RetryPolicy note with several calls waiting', () => {
  it('shows the furthest-along retry, whichever call started first', async () => {
    const { clock, retry } = policy();
    const run = new AbortController().signal;
    // The first call fails 4 times, the second once: the first is further along.
    void retry.run(flaky(4), run);
    await flushAsync();
    await clock.advance(250 + 500);
    void retry.run(flaky(1), run);
    await flushAsync();
    expect(retry.note).toEqual({ attempt: 4, of: 6 });

    // And the other way round: the call that failed first is on the wire again (its note stays)
    // while the one that failed after it has gone further.
    const other = policy();
    let tries = 0;
    void other.retry.run(async () => {
      if (tries++ === 0) throw new SmhNetworkError('offline');
      return new Promise<string>(() => {});
    }, run);
    await flushAsync();
    void other.retry.run(flaky(4), run);
    await flushAsync();
    await other.clock.advance(250 + 500);
    expect(other.retry.note).toEqual({ attempt: 4, of: 6 });
  });

  it('forgets the note of a call that went through: clearing afterwards tells no one', async () => {
    const { clock, retry, notesTold } = policy();
    const run = new AbortController().signal;
    const waiting = retry.run(flaky(3), run);
    await flushAsync();
    const through = retry.run(flaky(1), run);
    await clock.advance(250);
    await expect(through).resolves.toBe('ok');
    // The first call still waits; the finished one has no note left to confuse the snapshot.
    expect(retry.note).toEqual({ attempt: 3, of: 6 });
    await clock.advance(500 + 1000);
    await expect(waiting).resolves.toBe('ok');
    expect(retry.note).toBeUndefined();
    const told = notesTold();
    retry.clear();
    expect(notesTold()).toBe(told);
  });
});

describe('RetryPolicy and aborts', () => {
  it('a call that fails after its run was aborted rejects with the abort reason, booked as no failure', async () => {
    const { retry } = policy();
    const controller = new AbortController();
    const failures: unknown[] = [];
    const running = retry.run(
      async () => {
        controller.abort(new DOMException('paused', 'AbortError'));
        throw new SmhNetworkError('socket closed by the abort');
      },
      controller.signal,
      { onFailure: (error) => failures.push(error) },
    );
    await expect(running).rejects.toMatchObject({ name: 'AbortError', message: 'paused' });
    expect(failures).toEqual([]);
  });

  it('an AbortError from the call itself is passed on as is, never booked as a failure or retried', async () => {
    const { retry } = policy();
    const failures: unknown[] = [];
    let calls = 0;
    const aborted = new DOMException('the transport gave up', 'AbortError');
    const running = retry.run(
      async () => {
        calls += 1;
        throw aborted;
      },
      new AbortController().signal,
      { onFailure: (error) => failures.push(error), retryable: () => true },
    );
    await expect(running).rejects.toBe(aborted);
    expect(failures).toEqual([]);
    expect(calls).toBe(1);
  });
});

describe("RetryPolicy and the server's Retry-After", () => {
  it.each([
    ['a string', '5000'],
    ['not a number', Number.NaN],
    ['zero', 0],
    ['negative', -5_000],
  ])('ignores a Retry-After that is %s and waits the backoff', async (_, retryAfterMs) => {
    const { clock, retry } = policy();
    let calls = 0;
    void retry.run(
      async () => {
        calls += 1;
        if (calls === 1) throw rateLimited(retryAfterMs);
        return 'ok';
      },
      new AbortController().signal,
    );
    await flushAsync();
    expect(clock.pendingDelays()).toEqual([250]);
  });

  it('takes a Retry-After above the backoff, up to 60 s', async () => {
    const { clock, retry } = policy();
    void retry.run(async () => Promise.reject(rateLimited(5_000)), new AbortController().signal);
    await flushAsync();
    expect(clock.pendingDelays()).toEqual([5_000]);
    const capped = policy();
    void capped.retry.run(async () => Promise.reject(rateLimited(3_600_000)), new AbortController().signal);
    await flushAsync();
    expect(capped.clock.pendingDelays()).toEqual([60_000]);
  });

  it('retries a call that rejects with nothing at all when its hook says so', async () => {
    const { clock, retry } = policy();
    let calls = 0;
    const running = retry.run(
      async () => {
        calls += 1;
        if (calls === 1) throw null;
        return 'ok';
      },
      new AbortController().signal,
      { retryable: () => true },
    );
    await clock.advance(250);
    await expect(running).resolves.toBe('ok');
  });
});

describe('RetryPolicy.clear (the run stopped)', () => {
  it('drops the note of a call waiting to retry at once, and tells the listener', async () => {
    const { retry, notesTold } = policy();
    void retry.run(flaky(3), new AbortController().signal);
    await flushAsync();
    expect(retry.note).toEqual({ attempt: 2, of: 6 });
    const told = notesTold();
    retry.clear();
    expect(retry.note).toBeUndefined();
    expect(notesTold()).toBe(told + 1);
  });

  it('no longer shows a call waiting for the network', async () => {
    const clock = new FakeClock();
    const network = { isOnline: () => false, subscribe: () => () => {} };
    const retry = new RetryPolicy({ clock, random: () => 0.5, maxRetries: 5, network, offlineTimeoutMs: Infinity, onNote: () => {} });
    void retry.run(flaky(1), new AbortController().signal);
    await flushAsync();
    expect(retry.waitingForNetwork).toBe(true);
    retry.clear();
    expect(retry.waitingForNetwork).toBe(false);
  });
});
