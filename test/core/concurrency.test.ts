import { describe, expect, it } from 'vitest';
import { AdaptiveConcurrency } from '../../src/core/concurrency';
import { MiB, cosError, networkError } from './support/fakeSmh';

describe('AdaptiveConcurrency (AIMD)', () => {
  it('adds a connection after a window whose throughput beat the best so far', () => {
    const c = new AdaptiveConcurrency(2, 4);
    c.onSuccess(MiB, 0, 1000);
    c.onSuccess(MiB, 0, 1000); // window of 2 parts: 2 MiB/s, better than nothing
    expect(c.limit).toBe(3);
    for (let i = 0; i < 3; i += 1) c.onSuccess(MiB, 1000, 2000); // 3 MiB/s: better by > 10 %
    expect(c.limit).toBe(4);
    for (let i = 0; i < 4; i += 1) c.onSuccess(MiB, 2000, 3000);
    expect(c.limit).toBe(4); // the ceiling
  });

  it('holds when more connections stop helping', () => {
    const c = new AdaptiveConcurrency(2, 8);
    c.onSuccess(MiB, 0, 1000);
    c.onSuccess(MiB, 0, 1000);
    expect(c.limit).toBe(3);
    // Same 2 MiB/s with three connections: no gain, no growth.
    for (let i = 0; i < 3; i += 1) c.onSuccess((2 * MiB) / 3, 1000, 2000);
    expect(c.limit).toBe(3);
  });

  it('halves on 429, 5xx and dropped connections, never below 1', () => {
    const c = new AdaptiveConcurrency(8, 8);
    c.onError(cosError(503));
    expect(c.limit).toBe(4);
    c.onError(cosError(429, 'SlowDown'));
    expect(c.limit).toBe(2);
    c.onError(networkError());
    c.onError(networkError());
    expect(c.limit).toBe(1);
  });

  it('ignores errors that say nothing about congestion', () => {
    const c = new AdaptiveConcurrency(4, 8);
    c.onError(cosError(403, 'AccessDenied'));
    c.onError(cosError(400, 'InvalidArgument'));
    expect(c.limit).toBe(4);
  });
});
