import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIndexedDbResumeStore } from '../../src/core/indexedDbStore';
import {
  DEFAULT_MAX_AGE_MS,
  LOCAL_STORAGE_KEY,
  createLocalStorageResumeStore,
  createMemoryResumeStore,
  type StorageLike,
} from '../../src/core/resumeStore';
import type { ResumeRecord } from '../../src/core/types';
import { harness } from './support/setup';
import { MiB, SECURITY_TOKEN, SIGNATURE_MARK } from './support/fakeSmh';

const NOW = Date.UTC(2026, 0, 10);

function record(confirmKey: string, overrides: Partial<ResumeRecord> = {}): ResumeRecord {
  return {
    confirmKey,
    libraryId: 'smhlib',
    spaceId: '-',
    path: ['docs', `${confirmKey}.bin`],
    name: `${confirmKey}.bin`,
    size: 5 * MiB,
    lastModified: NOW - 1000,
    partSize: MiB,
    createdAt: NOW - 60_000,
    ...overrides,
  };
}

/** localStorage with a byte quota, like a browser's (which throws QuotaExceededError). */
function quotaStorage(quota: number): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      const others = [...data].filter(([k]) => k !== key).reduce((sum, [k, v]) => sum + k.length + v.length, 0);
      if (others + key.length + value.length > quota) throw new DOMException('full', 'QuotaExceededError');
      data.set(key, value);
    },
    removeItem: (key) => void data.delete(key),
  };
}

describe('createLocalStorageResumeStore', () => {
  it('keeps records under the versioned key and reads them back', async () => {
    const storage = quotaStorage(100_000);
    const store = createLocalStorageResumeStore({ storage, now: () => NOW });
    await store.put(record('a'));
    await store.put(record('b'));
    expect([...storage.data.keys()]).toEqual([LOCAL_STORAGE_KEY]);
    expect(LOCAL_STORAGE_KEY).toBe('react-smh-upload:v1');
    expect((await store.list()).map((r) => r.confirmKey)).toEqual(['a', 'b']);
    expect(await store.get('b')).toEqual(record('b'));
    await store.remove('a');
    expect((await store.list()).map((r) => r.confirmKey)).toEqual(['b']);
  });

  it('replaces a record with the same confirmKey', async () => {
    const store = createLocalStorageResumeStore({ storage: quotaStorage(100_000), now: () => NOW });
    await store.put(record('a', { partSize: MiB }));
    await store.put(record('a', { partSize: 2 * MiB }));
    expect(await store.list()).toEqual([record('a', { partSize: 2 * MiB })]);
  });

  it('drops the oldest records when the quota is hit', async () => {
    const one = JSON.stringify([record('aaa')]).length;
    const storage = quotaStorage(LOCAL_STORAGE_KEY.length + Math.floor(one * 2.5));
    const store = createLocalStorageResumeStore({ storage, now: () => NOW });
    await store.put(record('aaa', { createdAt: NOW - 3000 }));
    await store.put(record('bbb', { createdAt: NOW - 2000 }));
    await store.put(record('ccc', { createdAt: NOW - 1000 }));
    expect((await store.list()).map((r) => r.confirmKey)).toEqual(['bbb', 'ccc']);
  });

  it('gives up quietly when even one record does not fit', async () => {
    const store = createLocalStorageResumeStore({ storage: quotaStorage(10), now: () => NOW });
    await expect(store.put(record('a'))).resolves.toBeUndefined();
    expect(await store.list()).toEqual([]);
  });

  it('drops records older than maxAgeMs (7 days by default)', async () => {
    const storage = quotaStorage(100_000);
    const store = createLocalStorageResumeStore({ storage, now: () => NOW });
    await store.put(record('old', { createdAt: NOW - DEFAULT_MAX_AGE_MS - 1 }));
    await store.put(record('new', { createdAt: NOW - DEFAULT_MAX_AGE_MS + 1 }));
    expect((await store.list()).map((r) => r.confirmKey)).toEqual(['new']);
    const short = createLocalStorageResumeStore({ storage, now: () => NOW, maxAgeMs: 1000 });
    expect(await short.list()).toEqual([]);
  });

  it('drops malformed records and survives a corrupt entry', async () => {
    const storage = quotaStorage(100_000);
    const store = createLocalStorageResumeStore({ storage, now: () => NOW });
    storage.data.set(LOCAL_STORAGE_KEY, JSON.stringify([record('ok'), { confirmKey: 'x', size: 'big' }, null, 42]));
    expect((await store.list()).map((r) => r.confirmKey)).toEqual(['ok']);
    storage.data.set(LOCAL_STORAGE_KEY, '{not json');
    expect(await store.list()).toEqual([]);
    await store.put(record('fresh'));
    expect((await store.list()).map((r) => r.confirmKey)).toEqual(['fresh']);
  });

  it('keeps only the record fields, whatever else the object carries', async () => {
    const storage = quotaStorage(100_000);
    const store = createLocalStorageResumeStore({ storage, now: () => NOW });
    await store.put({ ...record('a'), accessToken: 'TOKEN-1234567890', headers: { Authorization: 'x' } } as ResumeRecord);
    const raw = storage.data.get(LOCAL_STORAGE_KEY) as string;
    expect(raw).not.toContain('TOKEN-1234567890');
    expect(raw).not.toContain('Authorization');
  });

  it('keeps the recorded per-file fields, and drops fields SMH would refuse but not the record', async () => {
    const storage = quotaStorage(100_000);
    const store = createLocalStorageResumeStore({ storage, now: () => NOW });
    const fields = {
      labels: ['claim-7'],
      category: 'photo',
      localCreationTime: '2024-05-01T08:00:00.000Z',
      localModificationTime: '2024-05-02T09:30:00Z',
      meta: { 'claim-id': 'C-7' },
    };
    await store.put({ ...record('good'), fields: { ...fields, token: 'TOKEN-1234567890' } } as ResumeRecord);
    expect((await store.get('good'))?.fields).toEqual(fields);
    expect(storage.data.get(LOCAL_STORAGE_KEY)).not.toContain('TOKEN-1234567890');
    const refused = [
      { labels: 'claim-7' },
      { labels: [''] },
      { category: 'a-very-long-category' },
      { localCreationTime: '01/05/2024' },
      { meta: { 'bad key': 'v' } },
      'labels=claim-7',
    ];
    storage.data.set(
      LOCAL_STORAGE_KEY,
      JSON.stringify(refused.map((bad, i) => ({ ...record(`bad-${i}`), fields: bad }))),
    );
    const kept = await store.list();
    expect(kept.map((r) => r.confirmKey)).toEqual(refused.map((_, i) => `bad-${i}`));
    for (const r of kept) expect(r).not.toHaveProperty('fields');
  });

  it('does nothing without localStorage (SSR) instead of throwing', async () => {
    const store = createLocalStorageResumeStore();
    await expect(store.put(record('a'))).resolves.toBeUndefined();
    expect(await store.list()).toEqual([]);
  });
});

describe('createMemoryResumeStore', () => {
  it('keeps records and files, and drops stale ones', async () => {
    let now = NOW;
    const store = createMemoryResumeStore({ now: () => now, maxAgeMs: 10_000 });
    const file = new Blob(['x']);
    await store.put(record('a', { createdAt: NOW }), file);
    expect(await store.getFile?.('a')).toBe(file);
    now += 10_001;
    expect(await store.list()).toEqual([]);
  });

  it('gives out copies: editing a listed or read record, its path or its fields changes nothing stored', async () => {
    const store = createMemoryResumeStore({ now: () => NOW });
    await store.put({ ...record('a'), fields: { labels: ['claim-7'], meta: { 'claim-id': 'C-7' } } });
    const listed = (await store.list())[0] as ResumeRecord;
    listed.path.push('elsewhere');
    listed.fields?.labels?.push('changed');
    const read = (await store.get('a')) as ResumeRecord;
    if (read.fields?.meta) read.fields.meta['claim-id'] = 'changed';
    expect(await store.get('a')).toEqual({
      ...record('a'),
      fields: { labels: ['claim-7'], meta: { 'claim-id': 'C-7' } },
    });
  });
});

describe('createIndexedDbResumeStore', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('keeps records and the File itself, so a reload needs no re-pick', async () => {
    const indexedDB = new IDBFactory();
    const store = createIndexedDbResumeStore({ indexedDB, now: () => NOW });
    const file = new File(['hello'], 'a.bin', { lastModified: 5 });
    await store.put(record('a'), file);
    await store.put(record('b'));
    // A new store object (a reload) sees the same data.
    const again = createIndexedDbResumeStore({ indexedDB, now: () => NOW });
    expect((await again.list()).map((r) => r.confirmKey).toSorted()).toEqual(['a', 'b']);
    const back = await again.getFile?.('a');
    expect(back).toBeInstanceOf(Blob);
    expect(await (back as Blob).text()).toBe('hello');
    expect(await again.getFile?.('b')).toBeUndefined();
    await again.remove('a');
    expect(await again.get('a')).toBeUndefined();
  });

  it('drops rows older than maxAgeMs', async () => {
    const indexedDB = new IDBFactory();
    const store = createIndexedDbResumeStore({ indexedDB, now: () => NOW });
    await store.put(record('old', { createdAt: NOW - DEFAULT_MAX_AGE_MS - 1 }));
    await store.put(record('new'));
    expect((await store.list()).map((r) => r.confirmKey)).toEqual(['new']);
  });

  it('reads one record or file by its key, never the whole store', async () => {
    const indexedDB = new IDBFactory();
    const store = createIndexedDbResumeStore({ indexedDB, now: () => NOW });
    for (let i = 0; i < 40; i += 1) await store.put(record(`k${i}`), new Blob([`file ${i}`]));
    const scans = [vi.spyOn(IDBObjectStore.prototype, 'getAll'), vi.spyOn(IDBObjectStore.prototype, 'openCursor')];
    const keyed = vi.spyOn(IDBObjectStore.prototype, 'get');
    expect(await store.get('k17')).toEqual(record('k17'));
    expect(await (await store.getFile?.('k17'))?.text()).toBe('file 17');
    expect(await store.get('missing')).toBeUndefined();
    expect(keyed.mock.calls).toEqual([['k17'], ['k17'], ['missing']]);
    for (const scan of scans) expect(scan).not.toHaveBeenCalled();
  });

  it('drops a stale or malformed row when it is read by key', async () => {
    const indexedDB = new IDBFactory();
    let now = NOW;
    const store = createIndexedDbResumeStore({ indexedDB, now: () => now, maxAgeMs: 120_000 });
    await store.put(record('a'), new Blob(['a']));
    now += 60_001;
    expect(await store.getFile?.('a')).toBeUndefined();
    now = NOW;
    // Deleted on that read, so it is gone even for a store that would still call it fresh.
    expect(await store.get('a')).toBeUndefined();
  });

  it('keeps the record without the file when the file cannot be stored', async () => {
    const indexedDB = new IDBFactory();
    const store = createIndexedDbResumeStore({ indexedDB, now: () => NOW });
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if ((value as { file?: Blob }).file) throw new DOMException('full', 'QuotaExceededError');
      return put.call(this, value, key);
    });
    await store.put(record('a'), new Blob(['too big']));
    expect(await store.get('a')).toEqual(record('a'));
    expect(await store.getFile?.('a')).toBeUndefined();
  });

  it('does nothing without IndexedDB (SSR) instead of throwing', async () => {
    const store = createIndexedDbResumeStore({ indexedDB: undefined });
    await expect(store.put(record('a'))).resolves.toBeUndefined();
    expect(await store.list()).toEqual([]);
  });
});

describe('what the engine persists', () => {
  it('stores the record as soon as the confirmKey is known, with no token or signed header', async () => {
    const h = harness();
    const storage = quotaStorage(100_000);
    const store = createLocalStorageResumeStore({ storage, now: h.clock.now });
    const task = h.upload({ store });
    task.start();
    await h.run(task, (s) => s.state === 'uploading');
    const confirmKey = task.getSnapshot().confirmKey as string;
    expect(await store.get(confirmKey)).toEqual({
      confirmKey,
      libraryId: 'smhlib',
      spaceId: '-',
      path: ['docs', 'video.mp4'],
      name: 'video.mp4',
      size: 5 * MiB + 123,
      lastModified: h.clock.now() - 60_000,
      partSize: MiB,
      createdAt: h.clock.now(),
      // What the begin sent besides the path, for a resume to send again.
      fields: { localModificationTime: new Date(h.clock.now() - 60_000).toISOString() },
    });
    const raw = storage.data.get(LOCAL_STORAGE_KEY) as string;
    expect(raw).not.toContain(SIGNATURE_MARK);
    expect(raw).not.toContain(SECURITY_TOKEN);
    expect(raw).not.toContain('uploadId');
    expect((await h.run(task)).state).toBe('done');
    expect(await store.list()).toEqual([]);
  });

  it('a store that throws never fails the upload', async () => {
    const h = harness();
    const broken = {
      list: async () => [],
      get: async () => undefined,
      put: async () => {
        throw new Error('disk full');
      },
      remove: async () => {
        throw new Error('disk full');
      },
    };
    const task = h.upload({ store: broken });
    task.start();
    expect((await h.run(task)).state).toBe('done');
  });
});
