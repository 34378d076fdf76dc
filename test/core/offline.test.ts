import { afterEach, describe, expect, it, vi } from 'vitest';
import { UploadError } from '../../src/core/errors';
import { browserNetwork } from '../../src/core/network';
import type { NetworkStatus, UploadOptions } from '../../src/core/types';
import { harness } from './support/setup';
import { MiB, makeBytes, networkError, sameBytes } from './support/fakeSmh';

/** A network the test switches by hand, shaped like TanStack Query's onlineManager. */
function fakeNetwork(online = true) {
  let on = online;
  const listeners = new Set<(online: boolean) => void>();
  const network: NetworkStatus & { set(value: boolean): void; readonly listeners: number } = {
    isOnline: () => on,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(value) {
      on = value;
      for (const listener of listeners) listener(value);
    },
    get listeners() {
      return listeners.size;
    },
  };
  return network;
}

/**
 * A task sending one part at a time whose part 3 takes the device offline as it starts (every PUT
 * fails with a network error while offline), driven until it waits for the network.
 */
async function offlineAtPart3(options: Partial<UploadOptions> = {}) {
  const h = harness({ latencyMs: 0 });
  const network = fakeNetwork();
  h.smh.onPartStart = (attempt) => {
    if (attempt.partNumber === 3 && attempt.attempt === 0) network.set(false);
  };
  h.smh.partFault = () => (network.isOnline() ? undefined : networkError());
  const task = h.upload({ network, concurrency: 1, maxConcurrency: 1, ...options });
  task.start();
  const waiting = await h.run(task, (s) => s.waitingForNetwork === true);
  return { h, network, task, waiting };
}

describe('offline: retries wait for the network', () => {
  it('a PUT that fails offline waits for `online` without spending a retry, then finishes', async () => {
    // No retries at all: only a wait that costs none can carry the task through.
    const { h, network, task, waiting } = await offlineAtPart3({ maxRetries: 0 });
    expect(waiting.state).toBe('uploading');
    expect(waiting.retrying).toBeUndefined();
    const attempts = h.smh.attempts.length;
    // Four minutes offline: nothing is sent, nothing fails.
    await h.clock.advance(4 * 60_000);
    expect(h.smh.attempts.length).toBe(attempts);
    expect(task.getSnapshot()).toMatchObject({ state: 'uploading', waitingForNetwork: true });
    network.set(true);
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(done.waitingForNetwork).toBeUndefined();
    expect(network.listeners).toBe(0);
    expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(5 * MiB + 123))).toBe(true);
  });

  it('a network error with isOnline() false waits too for an SMH call (begin)', async () => {
    const h = harness();
    const network = fakeNetwork(false);
    h.smh.failNext('beginUpload', networkError());
    const task = h.upload({ network, maxRetries: 0 });
    task.start();
    await h.run(task, (s) => s.waitingForNetwork === true);
    expect(task.getSnapshot().state).toBe('beginning');
    network.set(true);
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.callsOf('beginUpload')).toHaveLength(2);
  });

  it('a long outage fails UploadError Offline after offlineTimeoutMs; start() then keeps the stored parts', async () => {
    const { h, network, task } = await offlineAtPart3({ offlineTimeoutMs: 60_000 });
    await h.clock.advance(59_999);
    expect(task.getSnapshot().state).toBe('uploading');
    await h.clock.advance(1);
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(failed.error).toBeInstanceOf(UploadError);
    expect(failed.error).toMatchObject({ code: 'Offline' });
    expect(failed.waitingForNetwork).toBeUndefined();
    expect(failed.confirmedBytes).toBe(2 * MiB);
    expect(network.listeners).toBe(0);
    network.set(true);
    task.start();
    expect((await h.run(task)).state).toBe('done');
    // Parts 1 and 2 were never sent again.
    expect(h.smh.attempts.filter((a) => a.partNumber === 1)).toHaveLength(1);
    expect(h.smh.attempts.filter((a) => a.partNumber === 2)).toHaveLength(1);
  });

  it('the default bound is five minutes', async () => {
    const { h } = await offlineAtPart3();
    expect(h.clock.pendingDelays()).toContain(5 * 60_000);
  });

  it('pause ends the wait at once (no timer, no listener); resume while still offline waits again', async () => {
    const { h, network, task } = await offlineAtPart3();
    task.pause();
    expect(task.getSnapshot().state).toBe('paused');
    expect(task.getSnapshot().waitingForNetwork).toBeUndefined();
    expect(network.listeners).toBe(0);
    expect(h.clock.pendingDelays()).not.toContain(5 * 60_000);
    task.resume();
    await h.run(task, (s) => s.waitingForNetwork === true);
    network.set(true);
    expect((await h.run(task)).state).toBe('done');
  });

  it('cancel during the wait cancels', async () => {
    const { network, task } = await offlineAtPart3();
    await task.cancel();
    expect(task.getSnapshot().state).toBe('cancelled');
    expect(network.listeners).toBe(0);
  });

  it('online failures still count retries (no wait for the network)', async () => {
    const h = harness({ latencyMs: 0 });
    const network = fakeNetwork(true);
    h.smh.partFault = () => networkError();
    const task = h.upload({ network, maxRetries: 2 });
    task.start();
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'NetworkError' });
  });

  it('rejects a network option without isOnline/subscribe, and a bad offlineTimeoutMs', () => {
    const h = harness();
    expect(() => h.upload({ network: {} as NetworkStatus })).toThrow(TypeError);
    expect(() => h.upload({ offlineTimeoutMs: 0 })).toThrow(/offlineTimeoutMs/);
    // A string of digits compares as a number (`'60000' > 0`); it is still refused, not taken as 60 s.
    expect(() => h.upload({ offlineTimeoutMs: '60000' as unknown as number })).toThrow(/offlineTimeoutMs must be a number/);
  });
});

describe('browserNetwork (the default)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('is online and listens to nothing where there is no window (SSR, Node)', () => {
    const network = browserNetwork();
    expect(network.isOnline()).toBe(true);
    const listener = vi.fn<(online: boolean) => void>();
    network.subscribe(listener)();
    expect(listener).not.toHaveBeenCalled();
  });

  it('reads navigator.onLine when asked and follows the window\'s online/offline events', () => {
    const target = new EventTarget();
    const nav = { onLine: true };
    vi.stubGlobal('window', target);
    vi.stubGlobal('navigator', nav);
    const network = browserNetwork();
    const listener = vi.fn<(online: boolean) => void>();
    const unsubscribe = network.subscribe(listener);
    nav.onLine = false;
    target.dispatchEvent(new Event('offline'));
    expect(network.isOnline()).toBe(false);
    expect(listener).toHaveBeenLastCalledWith(false);
    nav.onLine = true;
    target.dispatchEvent(new Event('online'));
    expect(listener).toHaveBeenLastCalledWith(true);
    unsubscribe();
    target.dispatchEvent(new Event('offline'));
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
