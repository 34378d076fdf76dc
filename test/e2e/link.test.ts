// The emulated link's arithmetic on a fake clock: one cap shared by every sender in arrival order,
// timer lateness not lost while the link is busy, no bank of bytes built up while it is idle, and a
// round trip per request plus one per new connection.
import { describe, expect, it } from 'vitest';
import { createSharedPipe } from './link';

function clock() {
  let t = 0;
  return { now: () => t, set: (ms: number) => void (t = ms) };
}

describe('emulated link', () => {
  it('shares one cap among all senders, in the order their bytes arrive', () => {
    const c = clock();
    const pipe = createSharedPipe({ latencyMs: 0, bytesPerSecond: 1000, burstMs: 0 }, c.now);
    // Three connections each send 100 bytes at once: 100 ms of link time each, one after another.
    expect([pipe.reserve(100), pipe.reserve(100), pipe.reserve(100)]).toEqual([100, 200, 300]);
    c.set(300);
    expect(pipe.reserve(50)).toBe(50);
    expect(pipe.stats()).toMatchObject({ bodyBytes: 350, firstByteAt: 0, lastByteAt: 350 });
    // Counts start again; the link's clock does not: 100 bytes at t=320 wait for t=350 first.
    c.set(320);
    pipe.resetStats();
    expect(pipe.stats()).toEqual({ requests: 0, connections: 0, bodyBytes: 0 });
    expect(pipe.reserve(100)).toBe(130);
    expect(pipe.stats()).toMatchObject({ bodyBytes: 100, firstByteAt: 320, lastByteAt: 450 });
  });

  it('keeps the rate when a timer fires late, and banks at most burstMs while idle', () => {
    const c = clock();
    const pipe = createSharedPipe({ latencyMs: 0, bytesPerSecond: 1000, burstMs: 10 }, c.now);
    c.set(10);
    expect(pipe.reserve(100)).toBe(90); // idle: 10 ms of credit, no more
    c.set(105); // the sender's timer fired 5 ms late: its next bytes start where the link was (t=100)
    expect(pipe.reserve(100)).toBe(95);
    c.set(5000); // a long idle spell still gives only 10 ms of credit
    expect(pipe.reserve(100)).toBe(90);
    // Each 100 bytes held the link 100 ms: 1000 B/s, never more.
    expect(pipe.stats().lastByteAt).toBe(5090);
  });

  it('adds a round trip per request and another for a new connection, and counts both', () => {
    const pipe = createSharedPipe({ latencyMs: 40, handshakeMs: 45, bytesPerSecond: 1 }, () => 0);
    expect([pipe.request(true), pipe.request(false), pipe.request(false), pipe.request(true)]).toEqual([85, 40, 40, 85]);
    expect(pipe.stats()).toMatchObject({ requests: 4, connections: 2, bodyBytes: 0 });
    expect(createSharedPipe({ latencyMs: 40, bytesPerSecond: 1 }, () => 0).request(true)).toBe(80);
  });

  it('refuses a link without bandwidth or with a negative delay', () => {
    expect(() => createSharedPipe({ latencyMs: 40, bytesPerSecond: 0 }, () => 0)).toThrow(RangeError);
    expect(() => createSharedPipe({ latencyMs: -1, bytesPerSecond: 1 }, () => 0)).toThrow(RangeError);
    expect(() => createSharedPipe({ latencyMs: 1, bytesPerSecond: Number.NaN }, () => 0)).toThrow(RangeError);
  });
});
