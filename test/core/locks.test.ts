import { describe, expect, it } from 'vitest';
import { acquireLock, lockName } from '../../src/core/locks';
import { createFakeLocks } from './support/fakeLocks';

describe('acquireLock (one tab at a time per task)', () => {
  it('takes a free lock, refuses a held one, and frees it on release', async () => {
    const locks = createFakeLocks();
    const first = await acquireLock('ck-1', locks);
    expect(first).toBeDefined();
    expect(locks.held.has(lockName('ck-1'))).toBe(true);
    expect(await acquireLock('ck-1', locks)).toBeUndefined();
    expect(await acquireLock('ck-2', locks)).toBeDefined();
    first?.release();
    await Promise.resolve();
    await Promise.resolve();
    expect(locks.held.has(lockName('ck-1'))).toBe(false);
    expect(await acquireLock('ck-1', locks)).toBeDefined();
  });

  it('always succeeds where Web Locks are missing', async () => {
    expect(await acquireLock('ck-1', undefined)).toBeDefined();
    expect(await acquireLock('ck-1', null)).toBeDefined();
  });

  it('succeeds when the lock manager fails (no coordination is possible)', async () => {
    const broken = { request: () => Promise.reject(new Error('SecurityError')) };
    expect(await acquireLock('ck-1', broken)).toBeDefined();
  });
});
