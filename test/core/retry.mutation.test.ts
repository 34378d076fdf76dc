import { describe, expect, it } from 'vitest';
import { SmhNetworkError } from '../../src/api/errors';
import { RetryPolicy } from '../../src/core/retry';
import { FakeClock, flushAsync } from './support/fakeClock';

describe('RetryPolicy: waiting for the network', () => {
  it('with offlineTimeoutMs Infinity, waits for the network however long it is gone, sets no timer, and goes on once online', async () => {
    const clock = new FakeClock();
    let online = false;
    const listeners = new Set<(online: boolean) => void>();
    const network = {
      isOnline: () => online,
      subscribe: (listener: (online: boolean) => void) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    };
    const retry = new RetryPolicy({ clock, random: () => 0.5, maxRetries: 5, network, offlineTimeoutMs: Infinity, onNote: () => {} });
    let tries = 0;
    let outcome: unknown = 'waiting';
    retry
      .run(async () => {
        if (tries++ === 0) throw new SmhNetworkError('offline');
        return 'ok';
      }, new AbortController().signal)
      .then(
        (value) => (outcome = value),
        (error: unknown) => (outcome = error),
      );
    await flushAsync();
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(30 * 24 * 3_600_000);
    expect(outcome).toBe('waiting');
    online = true;
    for (const listener of listeners) listener(true);
    await clock.advance(60_000);
    expect(outcome).toBe('ok');
  });
});
