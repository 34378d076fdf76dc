import { afterEach, describe, expect, it, vi } from 'vitest';
import { crc64Combine, crc64Of } from '../../src/core/crc64';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('crc64Combine memory', () => {
  it('keeps a bounded number of shift operators however many part lengths it meets, and still combines right', async () => {
    // The only Map crc64Combine writes to is its operator cache: watch how big it grows.
    let largest = 0;
    const set = Map.prototype.set;
    vi.spyOn(Map.prototype, 'set').mockImplementation(function (this: Map<unknown, unknown>, key: unknown, value: unknown) {
      const result = set.call(this, key, value);
      largest = Math.max(largest, this.size);
      return result;
    });
    for (let length = 1; length <= 200; length += 1) crc64Combine(1n, 2n, length);
    vi.restoreAllMocks();
    expect(largest).toBeLessThanOrEqual(65);

    const a = new TextEncoder().encode('part A');
    const b = new TextEncoder().encode('part B, of another length');
    const whole = new Uint8Array([...a, ...b]);
    expect(crc64Combine(await crc64Of(a), await crc64Of(b), b.length)).toBe(await crc64Of(whole));
  });
});
