import { afterEach, describe, expect, it, vi } from 'vitest';
import { FrameScheduler, SpeedMeter } from '../../src/core/progress';
import { FakeClock } from './support/fakeClock';

const MiB = 1024 * 1024;

describe('SpeedMeter smoothing', () => {
  it('moves only part of the way towards one sudden fast sample, by the weight its gap earns', () => {
    // No warm-up, 1 s time constant: readings each second at 1 MiB/s, then one second at 5 MiB/s.
    const meter = new SpeedMeter(1_000, 0);
    meter.sample(0, 0);
    expect(meter.sample(1_000, MiB)).toBe(MiB);
    const weight = 1 - Math.exp(-1);
    expect(meter.sample(2_000, 6 * MiB)).toBeCloseTo(MiB + weight * 4 * MiB, 3);
  });
});

describe('SpeedMeter sampling', () => {
  it('takes a reading exactly one sample gap (200 ms) after the last one', () => {
    const meter = new SpeedMeter(1_000, 0);
    meter.sample(0, 0);
    expect(meter.sample(200, MiB)).toBe(5 * MiB);
  });
});

/** requestAnimationFrame as a page has it, with the frames run by hand. */
function fakeFrames() {
  const frames = new Map<number, () => void>();
  let next = 1;
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => {
    frames.set(next, callback);
    return next++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => void frames.delete(id));
  return {
    frames,
    runFrame: () => {
      const waiting = [...frames.values()];
      frames.clear();
      for (const callback of waiting) callback();
    },
  };
}

describe('FrameScheduler', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('flushes on the next animation frame where the page has one, not on a timer', () => {
    const { runFrame } = fakeFrames();
    const clock = new FakeClock();
    const flush = vi.fn<() => void>();
    const scheduler = new FrameScheduler(clock, flush);
    scheduler.schedule();
    scheduler.schedule();
    expect(clock.pendingTimers).toBe(0);
    expect(flush).not.toHaveBeenCalled();
    runFrame();
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('a flush asked for now cancels the frame already asked for, so listeners hear once', () => {
    const { frames, runFrame } = fakeFrames();
    const flush = vi.fn<() => void>();
    const scheduler = new FrameScheduler(new FakeClock(), flush);
    scheduler.schedule();
    scheduler.now();
    expect(frames.size).toBe(0);
    runFrame();
    expect(flush).toHaveBeenCalledTimes(1);
  });
});
