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

  it('answers undefined for a reply without an ETag, instead of throwing', () => {
    expect(normalizeEtag(undefined)).toBeUndefined();
  });
});

describe('SHA-256 with and without WebCrypto', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('uses the platform\'s native SHA-256 (off the main thread) where there is one', async () => {
    const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    const bytes = new TextEncoder().encode('instant upload');
    expect(await beginningHash(new Blob([bytes]))).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(digest).toHaveBeenCalledWith('SHA-256', bytes);
  });

  it('still hashes where crypto.subtle is missing (a page served over plain http), with the same result', async () => {
    const bytes = new TextEncoder().encode('instant upload');
    vi.stubGlobal('crypto', {});
    expect(await beginningHash(new Blob([bytes]))).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
