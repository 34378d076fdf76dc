import { describe, expect, it } from 'vitest';
import { UploadError } from '../../src/core/errors';
import {
  GiB,
  MAX_FILE_SIZE,
  MAX_PART_SIZE,
  MiB,
  assertUploadableSize,
  choosePartSize,
  expectedPartSize,
  inferPartSize,
  partCount,
  planParts,
} from '../../src/core/partPlan';
import { makeParts } from '../fixtures/smh';

describe('assertUploadableSize', () => {
  it('takes an empty file and refuses a negative or unknown size with InvalidFile', () => {
    expect(() => assertUploadableSize(0, 'a.txt')).not.toThrow();
    expect(() => assertUploadableSize(-1, 'a.txt')).toThrow(UploadError);
    expect(() => assertUploadableSize(-1, 'a.txt')).toThrow(/no readable size/);
    expect(() => assertUploadableSize(Number.NaN, 'a.txt')).toThrow(/no readable size/);
  });

  it('takes 1 byte and exactly 10,000 × 5 GiB', () => {
    expect(() => assertUploadableSize(1, 'a')).not.toThrow();
    expect(() => assertUploadableSize(MAX_FILE_SIZE, 'a')).not.toThrow();
  });

  it('refuses one byte more than 10,000 × 5 GiB with InvalidFile', () => {
    expect(() => assertUploadableSize(MAX_FILE_SIZE + 1, 'huge.iso')).toThrow(UploadError);
    expect(() => assertUploadableSize(MAX_FILE_SIZE + 1, 'huge.iso')).toThrow(expect.objectContaining({ code: 'InvalidFile', message: expect.stringMatching(/10,000 parts/) }));
  });
});

describe('choosePartSize', () => {
  it('uses 1 MiB parts for 1 byte and for exactly 1 MiB', () => {
    expect(choosePartSize(1)).toBe(MiB);
    expect(choosePartSize(MiB)).toBe(MiB);
  });

  it('cuts a mid-size file into enough parts for every connection', () => {
    // 4 connections → at least 8 parts.
    expect(partCount(20 * MiB, choosePartSize(20 * MiB, 4))).toBeGreaterThanOrEqual(8);
    expect(choosePartSize(20 * MiB, 4)).toBe(2 * MiB);
  });

  it('stays at 8 MiB for large files while 10,000 parts suffice', () => {
    expect(choosePartSize(10 * GiB)).toBe(8 * MiB);
    expect(choosePartSize(78 * GiB)).toBe(8 * MiB);
  });

  it('grows past 8 MiB only as far as the 10,000-part limit needs', () => {
    const size = 200 * GiB;
    const partSize = choosePartSize(size);
    expect(partCount(size, partSize)).toBeLessThanOrEqual(10_000);
    expect(partCount(size, partSize - MiB)).toBeGreaterThan(10_000);
  });

  it('reaches exactly 5 GiB parts at the largest file', () => {
    expect(choosePartSize(MAX_FILE_SIZE)).toBe(MAX_PART_SIZE);
    expect(partCount(MAX_FILE_SIZE, MAX_PART_SIZE)).toBe(10_000);
  });
});

describe('planParts', () => {
  it('makes one part for 1 byte', () => {
    expect(planParts(1, MiB)).toEqual([{ number: 1, offset: 0, size: 1 }]);
  });

  it('makes one full part for exactly 1 MiB, and a 1-byte last part for 1 MiB + 1', () => {
    expect(planParts(MiB, MiB)).toEqual([{ number: 1, offset: 0, size: MiB }]);
    expect(planParts(MiB + 1, MiB)).toEqual([
      { number: 1, offset: 0, size: MiB },
      { number: 2, offset: MiB, size: 1 },
    ]);
  });

  it('allows exactly 10,000 parts and refuses 10,001 with a TypeError naming the fix', () => {
    expect(planParts(10_000 * MiB, MiB)).toHaveLength(10_000);
    expect(() => planParts(10_000 * MiB + 1, MiB)).toThrow(TypeError);
    expect(() => planParts(10_000 * MiB + 1, MiB)).toThrow(/at least 2097152 bytes/);
  });

  it('refuses part sizes under 1 MiB and over 5 GiB', () => {
    expect(() => planParts(10, MiB - 1)).toThrow(/1 MiB/);
    expect(() => planParts(10, MAX_PART_SIZE + 1)).toThrow(/5 GiB/);
    expect(() => planParts(10, MAX_PART_SIZE)).not.toThrow();
  });

  it('covers every byte once, in order', () => {
    const parts = planParts(7 * MiB + 3, 2 * MiB);
    expect(parts.map((part) => part.size)).toEqual([2 * MiB, 2 * MiB, 2 * MiB, MiB + 3]);
    expect(parts.every((part, i) => part.offset === (i === 0 ? 0 : parts[i - 1]!.offset + parts[i - 1]!.size))).toBe(true);
  });
});

describe('inferPartSize (resume without a local record)', () => {
  it('reads the part size from full parts', () => {
    expect(inferPartSize(5 * MiB + 1, makeParts(2, 2 * MiB))).toBe(2 * MiB);
  });

  it('works it out from the last part alone', () => {
    const last = { ...makeParts(3, 2 * MiB, MiB + 1)[2]! };
    expect(inferPartSize(5 * MiB + 1, [last])).toBe(2 * MiB);
  });

  it('says FileMismatch when the parts cannot come from a file of this size', () => {
    expect(() => inferPartSize(3 * MiB, makeParts(5, MiB))).toThrow(/cannot be cut/);
  });

  it('knows nothing from no parts', () => {
    expect(inferPartSize(5 * MiB, [])).toBeUndefined();
  });

  it('expectedPartSize is 0 past the end of the file', () => {
    expect(expectedPartSize(3 * MiB, MiB, 4)).toBe(0);
    expect(expectedPartSize(3 * MiB, MiB, 3)).toBe(MiB);
  });
});
