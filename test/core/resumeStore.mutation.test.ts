import { IDBDatabase, IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIndexedDbResumeStore } from '../../src/core/indexedDbStore';
import { LOCAL_STORAGE_KEY, createLocalStorageResumeStore, createMemoryResumeStore, type StorageLike } from '../../src/core/resumeStore';
import type { ResumeRecord } from '../../src/core/types';

const NOW = Date.UTC(2026, 0, 10);
const record = (confirmKey: string): ResumeRecord => ({
  confirmKey,
  libraryId: 'smhlib',
  spaceId: '-',
  path: ['docs', `${confirmKey}.bin`],
  name: `${confirmKey}.bin`,
  size: 1000,
  lastModified: NOW - 1000,
  partSize: 1000,
  createdAt: NOW - 60_000,
});
/** Not a record: what a buggy caller or an old version might hand the store. */
const malformed = { confirmKey: 'bad', size: 'big' } as unknown as ResumeRecord;

function mapStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('createLocalStorageResumeStore', () => {
  it('uses the page\'s localStorage when no storage is given', async () => {
    const storage = mapStorage();
    vi.stubGlobal('localStorage', storage);
    const store = createLocalStorageResumeStore({ now: () => NOW });
    await store.put(record('a'));
    expect(storage.data.has(LOCAL_STORAGE_KEY)).toBe(true);
    expect((await store.list()).map((r) => r.confirmKey)).toEqual(['a']);
  });

  it('ignores a malformed record quietly and keeps the ones it has', async () => {
    const storage = mapStorage();
    const store = createLocalStorageResumeStore({ storage, now: () => NOW });
    await store.put(record('a'));
    await expect(store.put(malformed)).resolves.toBeUndefined();
    expect(await store.list()).toEqual([record('a')]);
  });

  it('removes its key from storage once the last record is removed, instead of leaving an empty list', async () => {
    const storage = mapStorage();
    const store = createLocalStorageResumeStore({ storage, now: () => NOW });
    await store.put(record('a'));
    await store.remove('a');
    expect(storage.data.has(LOCAL_STORAGE_KEY)).toBe(false);
  });

  it('writes nothing to storage when the record to remove is not stored', async () => {
    const storage = mapStorage();
    const store = createLocalStorageResumeStore({ storage, now: () => NOW });
    await store.put(record('a'));
    const setItem = vi.spyOn(storage, 'setItem');
    const removeItem = vi.spyOn(storage, 'removeItem');
    await store.remove('missing');
    expect(setItem).not.toHaveBeenCalled();
    expect(removeItem).not.toHaveBeenCalled();
    expect(await store.list()).toEqual([record('a')]);
  });
});

describe('createIndexedDbResumeStore', () => {
  it('ignores a malformed record quietly and stores nothing for it', async () => {
    const store = createIndexedDbResumeStore({ indexedDB: new IDBFactory(), now: () => NOW });
    await store.put(record('a'));
    await expect(store.put(malformed)).resolves.toBeUndefined();
    expect(await store.list()).toEqual([record('a')]);
  });

  it('answers "nothing stored" when a read request fails, instead of never answering', async () => {
    const store = createIndexedDbResumeStore({ indexedDB: new IDBFactory(), now: () => NOW });
    await store.put(record('a'));
    let failed!: () => void;
    const errorFired = new Promise<void>((resolve) => (failed = resolve));
    vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(() => {
      const req = Object.assign(new EventTarget(), { error: new DOMException('broken', 'UnknownError') });
      queueMicrotask(() => {
        req.dispatchEvent(new Event('error'));
        failed();
      });
      return req as unknown as IDBRequest;
    });
    let answer: unknown = 'no answer';
    void store.get('a').then((value) => (answer = value));
    await errorFired;
    // Every promise step after the error event has run once a macrotask comes round.
    await new Promise((resolve) => setImmediate(resolve));
    expect(answer).toBeUndefined();
  });
  it('writes a record without a file once: a refused write is not tried again with the same row', async () => {
    const store = createIndexedDbResumeStore({ indexedDB: new IDBFactory(), now: () => NOW });
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    await expect(store.put(record('a'))).resolves.toBeUndefined();
    expect(put).toHaveBeenCalledTimes(1);
    put.mockRestore();
    expect(await store.list()).toEqual([]);
  });

  it.each(['error', 'blocked'])('answers "nothing stored" when opening the database ends in %s, instead of never answering', async (outcome) => {
    // An open request that another tab blocks, or that the browser refuses (private mode, a full disk).
    const indexedDB = {
      open: () => {
        const req = new EventTarget();
        setTimeout(() => req.dispatchEvent(new Event(outcome)));
        return req;
      },
    } as unknown as IDBFactory;
    vi.useFakeTimers();
    try {
      const store = createIndexedDbResumeStore({ indexedDB, now: () => NOW });
      let answer: unknown = 'no answer';
      void store.list().then((value) => (answer = value));
      await vi.runAllTimersAsync();
      expect(answer).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('still lists a record exactly maxAgeMs old; one a millisecond older is stale', async () => {
    let now = NOW;
    const store = createIndexedDbResumeStore({ indexedDB: new IDBFactory(), now: () => now, maxAgeMs: 120_000 });
    await store.put(record('a'));
    now = record('a').createdAt + 120_000;
    expect((await store.list()).map((r) => r.confirmKey)).toEqual(['a']);
    now += 1;
    expect(await store.list()).toEqual([]);
  });

  it('deletes a stale row found while listing, so it is gone even for a store that would call it fresh', async () => {
    const indexedDB = new IDBFactory();
    let now = NOW;
    const store = createIndexedDbResumeStore({ indexedDB, now: () => now, maxAgeMs: 120_000 });
    await store.put(record('a'));
    await store.put(record('b'), new Blob(['b']));
    now += 60_001;
    const deleted = vi.spyOn(IDBObjectStore.prototype, 'delete');
    expect(await store.list()).toEqual([]);
    await vi.waitFor(() => expect(deleted).toHaveBeenCalledTimes(2));
    const fresh = createIndexedDbResumeStore({ indexedDB, now: () => NOW, maxAgeMs: 120_000 });
    await vi.waitFor(async () => expect(await fresh.list()).toEqual([]));
  });

  it('opens no write transaction when listing finds nothing to delete', async () => {
    const store = createIndexedDbResumeStore({ indexedDB: new IDBFactory(), now: () => NOW });
    await store.put(record('a'));
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    expect(await store.list()).toEqual([record('a')]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(transaction.mock.calls.map(([, mode]) => mode)).toEqual(['readonly']);
  });
});

describe('createMemoryResumeStore', () => {
  it('lists and gets a record put without a file, which has no file', async () => {
    const store = createMemoryResumeStore({ now: () => NOW });
    await store.put(record('a'));
    expect(await store.list()).toEqual([record('a')]);
    expect(await store.get('a')).toEqual(record('a'));
    expect(await store.getFile?.('a')).toBeUndefined();
  });

  it('lists every record with its path, as copies: changing one changes nothing stored', async () => {
    const store = createMemoryResumeStore({ now: () => NOW });
    await store.put(record('a'), new Blob(['a']));
    await store.put(record('b'));
    const listed = await store.list();
    expect(listed).toEqual([record('a'), record('b')]);
    listed[0]!.path.push('elsewhere');
    expect((await store.list())[0]!.path).toEqual(['docs', 'a.bin']);
  });
});
