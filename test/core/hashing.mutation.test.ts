import { describe, expect, it } from 'vitest';
import { normalizeEtag } from '../../src/core/hashing';

describe('normalizeEtag', () => {
  it('reads an ETag with spaces around it', () => {
    expect(normalizeEtag('  "ABCDEF"\n')).toBe('abcdef');
  });

  it('reads a weak ETag (W/"…") as its value', () => {
    expect(normalizeEtag('W/"ABCDEF"')).toBe('abcdef');
  });

  it('strips the weak marker and the quotes only at the ends, never inside the value', () => {
    expect(normalizeEtag('"abW/cd"')).toBe('abw/cd');
    expect(normalizeEtag('"ab"cd"')).toBe('ab"cd');
  });
});
