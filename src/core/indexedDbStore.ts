// Resume records in IndexedDB, with the File itself when given, so a reload can resume without the
// person picking the file again (IndexedDB stores Blobs by reference to the disk copy in Chromium
// and Firefox). Every failure (private mode, quota, blocked upgrade) degrades to "nothing stored".
// `get`/`getFile` are keyed reads; only `list` reads every row. Plain IndexedDB rather than the `idb`
// wrapper: the wrapper alone (about 1.3 kB min+gzip) outweighs the few lines of promise glue below.
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
      let req: IDBOpenDBRequest;
      try {
        // Throws where there is no IndexedDB at all (SSR, an old worker) as where it is refused.
        req = (options.indexedDB ?? globalThis.indexedDB).open(name, VERSION);
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

  /** One request in its own transaction; undefined when IndexedDB is missing or refuses. */
  async function read<T>(query: (objectStore: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
    const database = await open();
    if (!database) return undefined;
    try {
      return await request(query(database.transaction(STORE, 'readonly').objectStore(STORE)));
    } catch {
      return undefined;
    }
  }

  /** Writes in one transaction; false when nothing was stored. */
  async function write(change: (objectStore: IDBObjectStore) => void): Promise<boolean> {
    const database = await open();
    if (!database) return false;
    try {
      const tx = database.transaction(STORE, 'readwrite');
      change(tx.objectStore(STORE));
      await completion(tx);
      return true;
    } catch {
      return false;
    }
  }

  // Rows are read back like any outside input: a malformed or stale one is not returned, and is deleted.
  const checked = (item: unknown): Row | undefined => {
    const stored = (item ?? {}) as Partial<Row>;
    const record = toResumeRecord(stored.record);
    if (!record || !isFresh(record) || record.confirmKey !== stored.confirmKey) return undefined;
    return stored.file ? { confirmKey: record.confirmKey, record, file: stored.file } : { confirmKey: record.confirmKey, record };
  };

  const removeKeys = (keys: readonly string[]) =>
    write((objectStore) => {
      for (const key of keys) objectStore.delete(key);
    });

  async function rows(): Promise<Row[]> {
    const good: Row[] = [];
    const bad: string[] = [];
    for (const item of (await read((objectStore) => objectStore.getAll())) ?? []) {
      const checkedRow = checked(item);
      if (checkedRow) good.push(checkedRow);
      else if (typeof (item as Partial<Row> | null)?.confirmKey === 'string') bad.push((item as Row).confirmKey);
    }
    if (bad.length > 0) void removeKeys(bad);
    return good;
  }

  // A keyed read: the useResumableUploads poll asks for each record's file, so this must not scan.
  async function row(confirmKey: string): Promise<Row | undefined> {
    const item = await read((objectStore) => objectStore.get(confirmKey));
    if (item === undefined) return undefined;
    const good = checked(item);
    if (!good) void removeKeys([confirmKey]);
    return good;
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
      const bare: Row = { confirmKey: clean.confirmKey, record: clean };
      if (await write((objectStore) => objectStore.put(file ? { ...bare, file } : bare))) return;
      // Quota, or a file the browser will not clone: keep the record without the file (else nothing is stored; the upload goes on).
      if (file) await write((objectStore) => objectStore.put(bare));
    },
    async remove(confirmKey) {
      await removeKeys([confirmKey]);
    },
    async getFile(confirmKey) {
      return (await row(confirmKey))?.file;
    },
  };
}
