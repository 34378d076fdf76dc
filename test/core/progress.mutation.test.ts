import { describe, expect, it } from 'vitest';
import { SpeedMeter } from '../../src/core/progress';

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
