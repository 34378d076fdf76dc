import { describe, expect, it } from 'vitest';
import { SmhNetworkError } from '../../src/api/errors';
import { RetryPolicy } from '../../src/core/retry';
import { FakeClock, flushAsync } from './support/fakeClock';

/** Offline until `setOnline(true)`; `onSubscribe` may bring the network back and tell the new listener at once. */
function fakeNetwork(onSubscribe?: (listener: (online: boolean) => void) => void) {
  let online = false;
  const listeners = new Set<(online: boolean) => void>();
  const setOnline = (value: boolean) => {
    online = value;
  };
  const network = {
    isOnline: () => online,
    subscribe: (listener: (online: boolean) => void) => {
      listeners.add(listener);
      if (onSubscribe) {
        online = true;
        onSubscribe(listener);
      }
      return () => void listeners.delete(listener);
    },
  };
  return { network, listeners, setOnline };
}

describe('RetryPolicy: waiting for the network', () => {
  it('with offlineTimeoutMs Infinity, waits for the network however long it is gone, sets no timer, and goes on once online', async () => {
    const clock = new FakeClock();
    const { network, listeners, setOnline } = fakeNetwork();
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
    setOnline(true);
    for (const listener of listeners) listener(true);
    await clock.advance(60_000);
    expect(outcome).toBe('ok');
  });

  it('goes on at once with a network status that tells a new listener straight away that the network is back', async () => {
    const clock = new FakeClock();
    // Offline when the call fails, online by the time the wait subscribes; this status calls each
    // new listener with the current value (as some observable stores do).
    const { network, listeners } = fakeNetwork((listener) => listener(true));
    const retry = new RetryPolicy({ clock, random: () => 0.5, maxRetries: 0, network, offlineTimeoutMs: 60_000, onNote: () => {} });
    let tries = 0;
    const outcome = retry.run(async () => {
      if (tries++ === 0) throw new SmhNetworkError('offline');
      return 'ok';
    }, new AbortController().signal);
    await expect(outcome).resolves.toBe('ok');
    expect(tries).toBe(2);
    expect(listeners.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });
});
