// An emulated access link for the fault proxy (a home line, not loopback): a round trip added to
// every HTTP request, one more for each new connection's TCP handshake, and one bandwidth cap that
// the request bodies of every connection share, in the order their bytes arrive. The pipe below
// is a token bucket kept as a virtual clock, so timer lateness never costs throughput while the
// link is busy, and its tests drive it with a fake clock.

export interface LinkOptions {
  /** Added before every request is forwarded: one round trip per request/response exchange. */
  latencyMs: number;
  /** Added to the first request on a new connection (the TCP handshake's round trip). Default `latencyMs`. */
  handshakeMs?: number;
  /** Request body bytes per second, all connections together (the upload direction). */
  bytesPerSecond: number;
  /**
   * How far behind the link's clock a sender may be and still be let through at once (default
   * 50 ms, 625 KB at 12.5 MB/s, about what a home router queues): absorbs timer lateness on a
   * busy machine without letting an idle link bank more than that.
   */
  burstMs?: number;
}

export interface LinkStats {
  /** Requests that went through the link (preflights included). */
  requests: number;
  /** Connections the link accepted (each paid the handshake once). */
  connections: number;
  /** Request body bytes that went through the shared cap. */
  bodyBytes: number;
  /** When the first and the last body byte went through (the proxy's clock), or undefined before any. */
  firstByteAt?: number;
  lastByteAt?: number;
}

export interface SharedPipe {
  /** Books `bytes` on the link; returns how many ms the sender must wait before forwarding them. */
  reserve(bytes: number): number;
  stats(): LinkStats;
  /** Starts the counts again (the link's clock goes on: bytes already booked still hold it). */
  resetStats(): void;
  /** Counts a request; returns the delay it pays before it is forwarded. */
  request(firstOnConnection: boolean): number;
}

export function checkLinkOptions(link: LinkOptions): void {
  const { latencyMs, handshakeMs = latencyMs, bytesPerSecond, burstMs = 50 } = link;
  for (const [name, value] of Object.entries({ latencyMs, handshakeMs, burstMs })) {
    if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`link: ${name} must be a finite number ≥ 0`);
  }
  if (!(Number.isFinite(bytesPerSecond) && bytesPerSecond > 0)) throw new RangeError('link: bytesPerSecond must be > 0');
}

export function createSharedPipe(link: LinkOptions, now: () => number): SharedPipe {
  checkLinkOptions(link);
  const { latencyMs, handshakeMs = latencyMs, bytesPerSecond, burstMs = 50 } = link;
  /** When the link has sent everything booked so far. */
  let free = -Infinity;
  let stats: LinkStats = { requests: 0, connections: 0, bodyBytes: 0 };
  return {
    reserve(bytes) {
      const at = now();
      // A sender that fell behind (late timer) starts where the link's clock is, up to burstMs back.
      const start = Math.max(free, at - burstMs);
      free = start + (bytes * 1000) / bytesPerSecond;
      stats.bodyBytes += bytes;
      stats.firstByteAt ??= at;
      const wait = Math.max(0, free - at);
      stats.lastByteAt = at + wait;
      return wait;
    },
    stats: () => ({ ...stats }),
    resetStats() {
      stats = { requests: 0, connections: 0, bodyBytes: 0 };
    },
    request(firstOnConnection) {
      stats.requests += 1;
      if (firstOnConnection) stats.connections += 1;
      return latencyMs + (firstOnConnection ? handshakeMs : 0);
    },
  };
}
