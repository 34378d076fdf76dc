import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { beginningHash, normalizeEtag } from '../../src/core/hashing';

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

describe('SHA-256 without WebCrypto', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('still hashes where crypto.subtle is missing (a page served over plain http), with the same result', async () => {
    const bytes = new TextEncoder().encode('instant upload');
    vi.stubGlobal('crypto', {});
    expect(await beginningHash(new Blob([bytes]))).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
