import { afterEach, describe, expect, it, vi } from 'vitest';
import { acquireLock, defaultLocks, heldConfirmKeys, lockName, type LockManagerLike } from '../../src/core/locks';
import { flushAsync } from './support/fakeClock';

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

/** Web Locks as browsers run them: without `ifAvailable` a request waits until the holder lets go. */
function queuingLocks(): LockManagerLike {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request(name, options, callback) {
      const before = tails.get(name);
      if (before !== undefined && options.ifAvailable) return Promise.resolve(callback(null));
      const run = (before ?? Promise.resolve()).then(() => callback({ name }));
      tails.set(name, run.catch(() => {}));
      return run;
    },
  };
}

describe('acquireLock', () => {
  it('answers at once that another tab holds the task, instead of waiting for it to let go', async () => {
    const locks = queuingLocks();
    const first = await acquireLock('key-1', locks);
    expect(first).toBeDefined();
    let second: unknown = 'waiting';
    void acquireLock('key-1', locks).then((lock) => (second = lock));
    await flushAsync();
    expect(second).toBeUndefined();
    first?.release();
  });
});

describe('heldConfirmKeys', () => {
  it('lists the confirmKeys of this library\'s locks only, without the prefix, and skips unnamed locks', async () => {
    const locks: LockManagerLike = {
      request: () => Promise.resolve(),
      query: async () => ({
        held: [{ name: lockName('key-1') }, { name: 'another-library:key-2' }, {}, { name: `x${lockName('key-3')}` }, { name: lockName('key-4') }],
      }),
    };
    expect(await heldConfirmKeys(locks)).toEqual(new Set(['key-1', 'key-4']));
  });

  it('is empty where the lock manager cannot say what is held', async () => {
    expect(await heldConfirmKeys(undefined)).toEqual(new Set());
    expect(await heldConfirmKeys({ request: () => Promise.resolve() })).toEqual(new Set());
    expect(await heldConfirmKeys({ request: () => Promise.resolve(), query: () => Promise.reject(new Error('denied')) })).toEqual(new Set());
  });
});
