import { describe, expect, it } from 'vitest';
import type { SmhClient } from '../../src/api/types';
import { CredentialKeeper, type Credentials } from '../../src/core/engine/renewal';
import { FakeClock, flushAsync } from './support/fakeClock';

const MINUTE = 60_000;

function keeperFor(options: { onRenewing?: (renewing: boolean) => void } = {}) {
  const clock = new FakeClock();
  const creds = (ttlMs: number, uploadId = 'u1'): Credentials => ({
    domain: 'cos.example',
    path: '/docs/video.mp4',
    uploadId,
    headers: {},
    expiration: new Date(clock.now() + ttlMs).toISOString(),
  });
  const renewals: { resolve: (fresh: Credentials) => void; reject: (error: unknown) => void }[] = [];
  const keeper = new CredentialKeeper({
    client: { serverTimeOffset: () => 0 } as unknown as SmhClient,
    confirmKey: 'ck',
    credentials: creds(60 * MINUTE),
    renewBeforeMs: 5 * MINUTE,
    clock,
    renew: () => new Promise<Credentials>((resolve, reject) => renewals.push({ resolve, reject })),
    ...options,
  });
  return { clock, creds, keeper, renewals };
}

describe('CredentialKeeper: the server clock from COS', () => {
  it("says the first COS Date that disagrees with SMH's clock by over a second moved the estimate, and a repeat of it did not", () => {
    const { clock, keeper } = keeperFor();
    expect(keeper.observeServerDate(clock.now() + 5_000, clock.now())).toBe(true);
    expect(keeper.serverNow()).toBe(clock.now() + 5_000);
    expect(keeper.observeServerDate(clock.now() + 5_000, clock.now())).toBe(false);
  });
});

describe('CredentialKeeper: one renewal for everyone', () => {
  it('a part asking for credentials while a renewal is under way waits for the fresh ones', async () => {
    const { creds, keeper, renewals } = keeperFor();
    const signal = new AbortController().signal;
    const refused = keeper.current;
    const renewed = keeper.renewFrom(refused, signal);
    let ready: Credentials | undefined;
    void keeper.ready(signal).then((value) => (ready = value));
    await flushAsync();
    expect(ready).toBeUndefined();
    const fresh = creds(60 * MINUTE, 'u2');
    renewals[0]?.resolve(fresh);
    expect(await renewed).toBe(fresh);
    await flushAsync();
    expect(ready).toBe(fresh);
    expect(renewals).toHaveLength(1);
  });

  it('a failed renewal rejects with its own error, also when nobody listens for "renewing"', async () => {
    const { keeper, renewals } = keeperFor();
    const renewed = keeper.renewFrom(keeper.current, new AbortController().signal);
    const failure = new Error('renewUpload failed');
    renewals[0]?.reject(failure);
    await expect(renewed).rejects.toBe(failure);
  });
});

describe('CredentialKeeper: the renewal timer', () => {
  it('sets no timer while nobody watches', () => {
    const { clock, creds, keeper } = keeperFor();
    keeper.replace(creds(30 * MINUTE, 'u2'));
    expect(clock.pendingTimers).toBe(0);
  });

  it('sets no timer for a run that was already stopped', () => {
    const { clock, keeper } = keeperFor();
    const stopped = new AbortController();
    stopped.abort();
    keeper.watch(stopped.signal);
    expect(clock.pendingTimers).toBe(0);
  });

  it('sets no timer of its own while a renewal is under way', () => {
    const { clock, creds, keeper } = keeperFor();
    const signal = new AbortController().signal;
    keeper.watch(signal);
    expect(clock.pendingDelays()).toEqual([55 * MINUTE]);
    void keeper.renewFrom(keeper.current, signal).catch(() => {});
    keeper.replace(creds(30 * MINUTE, 'u2'));
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('CredentialKeeper: the edges of "near expiry" and "moved"', () => {
  it('renews before the next part exactly when the margin before expiry is reached, not a tick later', async () => {
    const { clock, keeper, renewals } = keeperFor();
    const run = new AbortController();
    await clock.advance(55 * MINUTE - 1);
    expect(await keeper.ready(run.signal)).toBe(keeper.current);
    expect(renewals).toHaveLength(0);
    await clock.advance(1);
    expect(keeper.msUntilRenewal()).toBe(0);
    void keeper.ready(run.signal);
    expect(renewals).toHaveLength(1);
  });

  it('does not count a COS Date exactly one second off as a move (the header has 1 s resolution)', () => {
    const { clock, keeper } = keeperFor();
    expect(keeper.observeServerDate(clock.now() + 1_000, clock.now())).toBe(false);
    expect(keeper.observeServerDate(clock.now() + 2_001, clock.now())).toBe(true);
  });
});
