// Where resume records live (docs/design.md "Resume"): only the facts needed to find the task, check
// the file again and send its per-file fields again, never a token or a signed header. Storage is
// best effort: a full or broken store never fails an upload.
import { fileFieldsProblem, metaProblem } from '../api/fileFields';
import type { RecordedFields, ResumeRecord, ResumeStore } from './types';

/** Records older than this are dropped (SMH forgets unconfirmed tasks eventually, too). */
export const DEFAULT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
export const LOCAL_STORAGE_KEY = 'react-smh-upload:v1';

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * A clean copy of recorded per-file fields, or undefined when they are not ones SMH takes (a record
 * edited by hand or written by a newer version): the upload is still resumable without them.
 */
function toRecordedFields(value: unknown): RecordedFields | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { labels, category, localCreationTime, localModificationTime, meta } = value as Record<string, unknown>;
  const wire = { labels, category, localCreationTime, localModificationTime } as Record<string, unknown>;
  if (fileFieldsProblem(wire) || metaProblem(meta)) return undefined;
  const kept: RecordedFields = {};
  if (labels !== undefined) kept.labels = [...(labels as string[])];
  for (const key of ['category', 'localCreationTime', 'localModificationTime'] as const) {
    if (wire[key] !== undefined) kept[key] = wire[key] as string;
  }
  if (meta !== undefined) kept.meta = { ...(meta as Record<string, string>) };
  return kept;
}

/**
 * A clean copy of `value` with exactly the `ResumeRecord` fields, or undefined when it is not
 * one. Copying field by field is what keeps anything else (a token a caller slipped in) out.
 */
export function toResumeRecord(value: unknown): ResumeRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (
    !isString(v.confirmKey) ||
    v.confirmKey === '' ||
    !isString(v.libraryId) ||
    !isString(v.spaceId) ||
    !Array.isArray(v.path) ||
    !v.path.every(isString) ||
    !isString(v.name) ||
    !isCount(v.size) ||
    !isCount(v.lastModified) ||
    !isCount(v.partSize) ||
    !isCount(v.createdAt)
  ) {
    return undefined;
  }
  const record: ResumeRecord = {
    confirmKey: v.confirmKey,
    libraryId: v.libraryId,
    spaceId: v.spaceId,
    path: [...(v.path as string[])],
    name: v.name,
    size: v.size,
    lastModified: v.lastModified,
    partSize: v.partSize,
    createdAt: v.createdAt,
  };
  const fields = toRecordedFields(v.fields);
  if (fields) record.fields = fields;
  return record;
}

export interface StoreOptions {
  /** Drop records older than this (default 7 days). */
  maxAgeMs?: number;
  /** Current time in ms (default `Date.now`). */
  now?: () => number;
}

function freshFilter(options: StoreOptions): (record: ResumeRecord) => boolean {
  const maxAge = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  return (record) => now() - record.createdAt <= maxAge;
}

// Out of the memory store go copies, so a caller that edits a record it got changes nothing stored.
const copyOf = (record: ResumeRecord): ResumeRecord => toResumeRecord(record) as ResumeRecord;

/** Keeps records (and files) in memory: for tests, SSR, or pages that need no reload survival. */
export function createMemoryResumeStore(options: StoreOptions = {}): ResumeStore {
  const records = new Map<string, { record: ResumeRecord; file?: Blob }>();
  const fresh = freshFilter(options);
  const prune = () => {
    for (const [key, entry] of records) if (!fresh(entry.record)) records.delete(key);
  };
  return {
    async list() {
      prune();
      return [...records.values()].map((entry) => copyOf(entry.record));
    },
    async get(confirmKey) {
      prune();
      const entry = records.get(confirmKey);
      return entry ? copyOf(entry.record) : undefined;
    },
    async put(record, file) {
      const clean = toResumeRecord(record);
      if (!clean) return;
      records.set(clean.confirmKey, file ? { record: clean, file } : { record: clean });
    },
    async remove(confirmKey) {
      records.delete(confirmKey);
    },
    async getFile(confirmKey) {
      prune();
      return records.get(confirmKey)?.file;
    },
  };
}

/** The part of `Storage` the store uses (so tests can pass their own). */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface LocalStorageStoreOptions extends StoreOptions {
  /** Storage key (default `react-smh-upload:v1`; the version changes when the format does). */
  key?: string;
  /** Default `globalThis.localStorage`, looked up on each call (SSR-safe). */
  storage?: StorageLike;
}

/**
 * Records in one localStorage entry as a JSON array. Malformed and stale records are dropped on
 * read. When the quota is hit the oldest records go first; if even the new one alone does not fit,
 * it is not kept (quietly: the upload goes on, it just cannot be resumed after a reload).
 */
export function createLocalStorageResumeStore(options: LocalStorageStoreOptions = {}): ResumeStore {
  const key = options.key ?? LOCAL_STORAGE_KEY;
  const fresh = freshFilter(options);
  const storage = (): StorageLike | undefined => {
    if (options.storage) return options.storage;
    try {
      return globalThis.localStorage ?? undefined;
    } catch {
      // Some browsers throw on access when storage is disabled.
      return undefined;
    }
  };

  const read = (): ResumeRecord[] => {
    const s = storage();
    if (!s) return [];
    let raw: string | null;
    try {
      raw = s.getItem(key);
    } catch {
      return [];
    }
    if (!raw) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return [];
    }
    if (!Array.isArray(parsed)) return [];
    const records: ResumeRecord[] = [];
    for (const item of parsed) {
      const record = toResumeRecord(item);
      if (record && fresh(record)) records.push(record);
    }
    return records;
  };

  const write = (records: ResumeRecord[]): boolean => {
    const s = storage();
    if (!s) return false;
    try {
      if (records.length === 0) s.removeItem(key);
      else s.setItem(key, JSON.stringify(records));
      return true;
    } catch {
      return false;
    }
  };

  return {
    async list() {
      return read();
    },
    async get(confirmKey) {
      return read().find((record) => record.confirmKey === confirmKey);
    },
    async put(record) {
      const clean = toResumeRecord(record);
      if (!clean) return;
      const others = read()
        .filter((r) => r.confirmKey !== clean.confirmKey)
        .toSorted((a, b) => a.createdAt - b.createdAt);
      // Drop the oldest until it fits; give up quietly if the new one alone does not.
      for (;;) {
        if (write([...others, clean])) return;
        if (others.length === 0) return;
        others.shift();
      }
    },
    async remove(confirmKey) {
      const records = read();
      const rest = records.filter((record) => record.confirmKey !== confirmKey);
      if (rest.length !== records.length) write(rest);
    },
  };
}
