import { createHash } from 'node:crypto';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc64Combine, crc64CombineAll, crc64Of, crc64ToDecimal, createCrc64 } from '../../src/core/crc64';
import { crc64 as emulatorCrc64 } from '../../emulator/src/crc64.js';
import { makeBytes } from './support/fakeSmh';

const text = (value: string) => new TextEncoder().encode(value);

describe('CRC-64/ECMA-182 as COS computes it', () => {
  it('gives the CRC-64/XZ check value for "123456789"', async () => {
    expect(await crc64Of(text('123456789'))).toBe(0x995dc9bbdf1939fan);
  });

  it('is 0 for no bytes', async () => {
    expect(await crc64Of(new Uint8Array(0))).toBe(0n);
  });

  it('agrees with the emulator\'s own CRC-64 (written apart from hash-wasm) on any bytes, fed in any pieces', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 4 }), async (data, cuts) => {
        const hasher = await createCrc64();
        const edges = [0, ...cuts.map((cut) => Math.min(cut, data.length)).toSorted((x, y) => x - y), data.length];
        for (let i = 0; i < edges.length - 1; i += 1) hasher.update(data.subarray(edges[i], edges[i + 1]));
        expect(crc64ToDecimal(hasher.digest())).toBe(emulatorCrc64(data));
      }),
      { numRuns: 100 },
    );
  });

  it('gives the known CRC-64/XZ values (as COS writes them in x-cos-hash-crc64ecma)', async () => {
    // Worked out with a bitwise CRC-64/XZ (reflected 0xC96C5795D7870F42, init and xorout all ones).
    const known: Array<[Uint8Array, string]> = [
      [text('123456789'), '11051210869376104954'],
      [text('a'), '3675645893302102789'],
      [text('The quick brown fox jumps over the lazy dog'), '6583902852472283588'],
      [new Uint8Array(65536), '2787457458783610206'],
    ];
    for (const [data, decimal] of known) {
      expect(crc64ToDecimal(await crc64Of(data))).toBe(decimal);
      expect(emulatorCrc64(data)).toBe(decimal);
    }
  });

  it('writes the value as an unsigned decimal string', () => {
    expect(crc64ToDecimal(0x995dc9bbdf1939fan)).toBe('11051210869376104954');
  });
});

describe('crc64Combine', () => {
  it('gives the CRC of A‖B from the CRCs of A and B', async () => {
    const a = makeBytes(1000, 3);
    const b = makeBytes(777, 4);
    const whole = new Uint8Array([...a, ...b]);
    expect(crc64Combine(await crc64Of(a), await crc64Of(b), b.length)).toBe(await crc64Of(whole));
  });

  it('combines parts in order into the whole file CRC (any split)', async () => {
    const data = makeBytes(4096, 9);
    const whole = await crc64Of(data);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: 4095 }), { maxLength: 6 }), async (cuts) => {
        const edges = [0, ...cuts.toSorted((x, y) => x - y), data.length];
        const parts = [];
        for (let i = 0; i < edges.length - 1; i += 1) {
          const chunk = data.subarray(edges[i], edges[i + 1]);
          parts.push({ crc: await crc64Of(chunk), size: chunk.length });
        }
        expect(crc64CombineAll(parts)).toBe(whole);
      }),
      { numRuns: 40 },
    );
  });

  it('leaves the CRC alone for an empty second part', async () => {
    const crc = await crc64Of(text('abc'));
    expect(crc64Combine(crc, 0n, 0)).toBe(crc);
  });

  it('is not fooled by swapped parts', async () => {
    const a = text('first part');
    const b = text('second part');
    const forward = crc64Combine(await crc64Of(a), await crc64Of(b), b.length);
    const swapped = crc64Combine(await crc64Of(b), await crc64Of(a), a.length);
    expect(forward).not.toBe(swapped);
    // Sanity: the fixture bytes differ.
    expect(createHash('md5').update(a).digest('hex')).not.toBe(createHash('md5').update(b).digest('hex'));
  });
});
