import { describe, expect, it } from 'vitest';
import { etaSeconds, SpeedMeter } from '../../src/core/progress';

const MiB = 1024 * 1024;

/** Feeds `meter` 0 bytes at t=0, a burst of `burst` bytes by 100 ms, and `rate` bytes/s throughout, in 100 ms steps. */
function feed(meter: SpeedMeter, { burst, rate, untilMs }: { burst: number; rate: number; untilMs: number }): number[] {
  const readings: number[] = [];
  for (let t = 0; t <= untilMs; t += 100) readings.push(meter.sample(t, (t > 0 ? burst : 0) + (rate * t) / 1000));
  return readings;
}

describe('SpeedMeter', () => {
  it('says nothing (0) during the warm-up, then measures the steady rate', () => {
    const meter = new SpeedMeter();
    const readings = feed(meter, { burst: 0, rate: 10 * MiB, untilMs: 3_000 });
    expect(readings.slice(0, 10).every((r) => r === 0)).toBe(true);
    expect(meter.bytesPerSecond).toBeCloseTo(10 * MiB, -3);
  });

  it('is not fooled by the burst that fills the send buffers at the start', () => {
    // 8 connections × 4 MiB reported at once on loopback, then 10 MiB/s through the network.
    const meter = new SpeedMeter();
    const readings = feed(meter, { burst: 32 * MiB, rate: 10 * MiB, untilMs: 3_000 });
    const shown = readings.filter((r) => r > 0);
    expect(shown.length).toBeGreaterThan(0);
    for (const reading of shown) expect(reading / (10 * MiB)).toBeCloseTo(1, 1);
  });

  it('follows a change of speed within a few time constants', () => {
    const meter = new SpeedMeter(3_000, 0);
    let bytes = 0;
    for (let t = 0; t <= 10_000; t += 200) meter.sample(t, (bytes += 0.2 * 4 * MiB));
    for (let t = 10_200; t <= 25_000; t += 200) meter.sample(t, (bytes += 0.2 * 1 * MiB));
    expect(meter.bytesPerSecond / MiB).toBeCloseTo(1, 1);
  });

  it('forgets its history and warms up again after a reset (a pause)', () => {
    const meter = new SpeedMeter();
    feed(meter, { burst: 0, rate: 10 * MiB, untilMs: 3_000 });
    meter.reset();
    expect(meter.bytesPerSecond).toBe(0);
    expect(meter.sample(5_000, 100 * MiB)).toBe(0);
    expect(meter.sample(5_500, 110 * MiB)).toBe(0);
  });

  it('merges progress events closer together than one sample', () => {
    const meter = new SpeedMeter(3_000, 0);
    meter.sample(0, 0);
    meter.sample(300, 3 * MiB);
    const rate = meter.bytesPerSecond;
    expect(meter.sample(310, 50 * MiB)).toBe(rate);
  });
});

describe('etaSeconds', () => {
  it('is undefined while the rate is unknown and 0 when nothing is left', () => {
    expect(etaSeconds(10 * MiB, 0)).toBeUndefined();
    expect(etaSeconds(0, 0)).toBe(0);
    expect(etaSeconds(10 * MiB, 4 * MiB)).toBe(3);
  });
});
