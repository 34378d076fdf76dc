import { describe, expect, it } from 'vitest';
import type { UploadPart } from '../../src/api/types';
import { inferPartSize } from '../../src/core/partPlan';

const MiB = 1024 * 1024;
const part = (PartNumber: number, Size: number): UploadPart => ({ PartNumber, Size, ETag: `"etag-${PartNumber}"` });

describe('inferPartSize with a stray empty part', () => {
  it('reads the part size from the full parts, wherever an empty part past the end of the file is listed', () => {
    const size = 2.5 * MiB;
    expect(inferPartSize(size, [part(4, 0), part(1, MiB), part(2, MiB)])).toBe(MiB);
    expect(inferPartSize(size, [part(1, MiB), part(2, MiB), part(4, 0)])).toBe(MiB);
  });
});
