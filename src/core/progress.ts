// Speed, ETA and how often listeners hear about progress. Time comes from the injected clock.
import type { Clock } from './types';

/** Samples closer together than this are merged (a burst of progress events is one sample). */
const MIN_SAMPLE_MS = 200;
/** EWMA time constant: a speed change is mostly reflected after about this long. */
const TIME_CONSTANT_MS = 3_000;
/**
 * Bytes reported in the first moments only fill the OS send buffers (megabytes per connection),
 * not the network, so the meter starts measuring after this long and says "unknown" (0) until then.
 */
const WARMUP_MS = 1_000;

/**
 * Smoothed throughput from a running count of bytes sent (retried bytes included: they used the
 * network too). An exponentially weighted average whose weight follows the gap between samples, so
 * irregular progress events do not bias it.
 */
export class SpeedMeter {
  private startedAt: number | undefined;
  private lastAt: number | undefined;
  private lastBytes = 0;
  private rate = 0;

  constructor(
    private readonly timeConstantMs = TIME_CONSTANT_MS,
    private readonly warmupMs = WARMUP_MS,
  ) {}

  /** Feeds the running byte count at time `now`; returns the smoothed bytes per second. */
  sample(now: number, totalBytes: number): number {
    this.startedAt ??= now;
    if (now - this.startedAt < this.warmupMs) return this.rate;
    if (this.lastAt === undefined) {
      this.lastAt = now;
      this.lastBytes = totalBytes;
      return this.rate;
    }
    const elapsed = now - this.lastAt;
    if (elapsed < MIN_SAMPLE_MS) return this.rate;
    const instant = (Math.max(0, totalBytes - this.lastBytes) * 1000) / elapsed;
    const weight = 1 - Math.exp(-elapsed / this.timeConstantMs);
    this.rate = this.rate === 0 ? instant : this.rate + weight * (instant - this.rate);
    this.lastAt = now;
    this.lastBytes = totalBytes;
    return this.rate;
  }

  get bytesPerSecond(): number {
    return this.rate;
  }

  /** Forget the history (after a pause the old rate says nothing). */
  reset(): void {
    this.startedAt = undefined;
    this.lastAt = undefined;
    this.lastBytes = 0;
    this.rate = 0;
  }
}

/** Seconds left at `bytesPerSecond`, or undefined when the rate is unknown. */
export function etaSeconds(remainingBytes: number, bytesPerSecond: number): number | undefined {
  if (remainingBytes <= 0) return 0;
  if (!(bytesPerSecond > 0)) return undefined;
  return Math.ceil(remainingBytes / bytesPerSecond);
}

/**
 * Calls `flush` at most once a frame for `schedule()`, and at once for `now()`: with
 * `requestAnimationFrame` when the page has it, else a ~16 ms timer on the injected clock.
 */
export class FrameScheduler {
  private pending: { cancel: () => void } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly flush: () => void,
  ) {}

  schedule(): void {
    if (this.pending) return;
    const raf = globalThis.requestAnimationFrame;
    if (typeof raf === 'function') {
      const id = raf(() => this.run());
      this.pending = { cancel: () => globalThis.cancelAnimationFrame(id) };
    } else {
      const handle = this.clock.setTimeout(() => this.run(), 16);
      this.pending = { cancel: () => this.clock.clearTimeout(handle) };
    }
  }

  now(): void {
    this.pending?.cancel();
    this.pending = undefined;
    this.flush();
  }

  private run(): void {
    this.pending = undefined;
    this.flush();
  }
}
