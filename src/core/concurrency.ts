// How many parts go at once: additive increase while throughput improves, multiplicative decrease
// on signs of congestion (429, 5xx, dropped connections), as TCP does. Between 1 and `max`.
import { CosError, SmhApiError, SmhNetworkError } from '../api/errors';

/** Throughput must beat the best window by this much to earn one more connection. */
const GAIN = 1.1;

function isCongestion(error: unknown): boolean {
  if (error instanceof SmhNetworkError) return true;
  if (error instanceof CosError || error instanceof SmhApiError) return error.status === 429 || error.status >= 500;
  return false;
}

export class AdaptiveConcurrency {
  private current: number;
  private windowStart: number | undefined;
  private windowBytes = 0;
  private windowParts = 0;
  private best = 0;

  constructor(
    initial: number,
    private readonly max: number,
  ) {
    this.current = Math.min(Math.max(1, initial), max);
  }

  get limit(): number {
    return this.current;
  }

  /** A part was stored: `bytes` sent between `startedAt` and `now`. */
  onSuccess(bytes: number, startedAt: number, now: number): void {
    this.windowStart ??= startedAt;
    this.windowBytes += bytes;
    this.windowParts += 1;
    // Judge a window once each connection finished a part in it.
    if (this.windowParts < this.current) return;
    const elapsed = Math.max(1, now - this.windowStart);
    const rate = this.windowBytes / elapsed;
    if (rate > this.best * GAIN && this.current < this.max) this.current += 1;
    this.best = Math.max(this.best, rate);
    this.windowStart = now;
    this.windowBytes = 0;
    this.windowParts = 0;
  }

  /** A part failed; halve on congestion. */
  onError(error: unknown): void {
    if (!isCongestion(error)) return;
    this.current = Math.max(1, Math.floor(this.current / 2));
    // Throughput at the old width no longer says what this width can do.
    this.best = 0;
    this.windowStart = undefined;
    this.windowBytes = 0;
    this.windowParts = 0;
  }
}
