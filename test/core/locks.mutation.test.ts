import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultLocks } from '../../src/core/locks';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('defaultLocks', () => {
  it('is undefined where there is no navigator at all (a worker-less server runtime)', () => {
    vi.stubGlobal('navigator', undefined);
    expect(defaultLocks()).toBeUndefined();
  });

  it('is the navigator\'s lock manager where there is one', () => {
    const locks = { request: () => Promise.resolve() };
    vi.stubGlobal('navigator', { locks });
    expect(defaultLocks()).toBe(locks);
  });
});
