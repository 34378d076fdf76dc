// Resume records in IndexedDB, with the File itself when given, so a reload can resume without the
// person picking the file again (IndexedDB stores Blobs by reference to the disk copy in Chromium
// and Firefox). Every failure (private mode, quota, blocked upgrade) degrades to "nothing stored".
import { toResumeRecord, DEFAULT_MAX_AGE_MS, type StoreOptions } from './resumeStore';
import type { ResumeRecord, ResumeStore } from './types';

export interface IndexedDbStoreOptions extends StoreOptions {
  /** Database name (default `react-smh-upload`). */
  databaseName?: string;
  /** Default `globalThis.indexedDB`, looked up on first use (SSR-safe). */
  indexedDB?: IDBFactory;
}

const STORE = 'uploads';
const VERSION = 1;

interface Row {
  confirmKey: string;
  record: ResumeRecord;
  file?: Blob;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.addEventListener('success', () => resolve(req.result));
    req.addEventListener('error', () => reject(req.error));
  });
}

function completion(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.addEventListener('complete', () => resolve());
    tx.addEventListener('error', () => reject(tx.error));
    tx.addEventListener('abort', () => reject(tx.error));
  });
}

export function createIndexedDbResumeStore(options: IndexedDbStoreOptions = {}): ResumeStore {
  const name = options.databaseName ?? 'react-smh-upload';
  const maxAge = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  let db: Promise<IDBDatabase | undefined> | undefined;

  const open = (): Promise<IDBDatabase | undefined> => {
    db ??= new Promise<IDBDatabase | undefined>((resolve) => {
      const factory = options.indexedDB ?? globalThis.indexedDB;
      if (!factory) {
        resolve(undefined);
        return;
      }
      let req: IDBOpenDBRequest;
      try {
        req = factory.open(name, VERSION);
      } catch {
        resolve(undefined);
        return;
      }
      req.addEventListener('upgradeneeded', () => {
        if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'confirmKey' });
      });
      req.addEventListener('success', () => {
        const database = req.result;
        // Another tab upgrading the schema: step aside rather than block it.
        database.addEventListener('versionchange', () => {
          database.close();
          db = undefined;
        });
        resolve(database);
      });
      req.addEventListener('error', () => resolve(undefined));
      req.addEventListener('blocked', () => resolve(undefined));
    });
    return db;
  };

  const isFresh = (record: ResumeRecord) => now() - record.createdAt <= maxAge;

  async function rows(): Promise<Row[]> {
    const database = await open();
    if (!database) return [];
    try {
      const tx = database.transaction(STORE, 'readonly');
      const all = (await request(tx.objectStore(STORE).getAll())) as unknown[];
      const good: Row[] = [];
      const bad: string[] = [];
      for (const item of all) {
        const stored = item as Partial<Row>;
        const record = toResumeRecord(stored.record);
        if (record && isFresh(record)) {
          good.push(stored.file ? { confirmKey: record.confirmKey, record, file: stored.file } : { confirmKey: record.confirmKey, record });
        } else if (typeof stored.confirmKey === 'string') {
          bad.push(stored.confirmKey);
        }
      }
      if (bad.length > 0) void removeKeys(bad);
      return good;
    } catch {
      return [];
    }
  }

  async function removeKeys(keys: readonly string[]): Promise<void> {
    const database = await open();
    if (!database) return;
    try {
      const tx = database.transaction(STORE, 'readwrite');
      const objectStore = tx.objectStore(STORE);
      for (const key of keys) objectStore.delete(key);
      await completion(tx);
    } catch {
      // Best effort.
    }
  }

  async function row(confirmKey: string): Promise<Row | undefined> {
    return (await rows()).find((r) => r.confirmKey === confirmKey);
  }

  return {
    async list() {
      return (await rows()).map((r) => r.record);
    },
    async get(confirmKey) {
      return (await row(confirmKey))?.record;
    },
    async put(record, file) {
      const clean = toResumeRecord(record);
      if (!clean) return;
      const database = await open();
      if (!database) return;
      const value: Row = file ? { confirmKey: clean.confirmKey, record: clean, file } : { confirmKey: clean.confirmKey, record: clean };
      try {
        const tx = database.transaction(STORE, 'readwrite');
        tx.objectStore(STORE).put(value);
        await completion(tx);
      } catch {
        // Quota or a file the browser will not clone: keep the record without the file.
        if (!file) return;
        try {
          const tx = database.transaction(STORE, 'readwrite');
          tx.objectStore(STORE).put({ confirmKey: clean.confirmKey, record: clean });
          await completion(tx);
        } catch {
          // Nothing stored; the upload goes on.
        }
      }
    },
    async remove(confirmKey) {
      await removeKeys([confirmKey]);
    },
    async getFile(confirmKey) {
      return (await row(confirmKey))?.file;
    },
  };
}
