import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { PartDigest, ObjectDigest } from './hashes.js';

// Everything lives under the data folder:
//   state.json            tokens (hashed), tasks, COS uploads/objects, the SMH file tree
//   blobs/<id>            object bytes (COS objects and SMH files share blobs by id)
//   parts/<uploadId>/<n>.json + <n>-<stamp>.bin   one uploaded part: metadata, then bytes
//   tmp/                  bodies being received; renamed into place when complete
// No file name is ever built from request input: ids are generated here, so a FilePath cannot
// reach the disk. `inside()` still checks every path as a second line of defence.

export interface TokenRecord {
  /** SHA-256 of the token: the token itself is never written to disk. */
  hash: string;
  libraryId: string;
  userId: string;
  spaceIds: string[];
  grants: string[];
  period: number;
  expiresAt: number;
  clientId: string;
  sessionId: string;
  createdAt: number;
}

/** One temporary COS key pair; the key and token are derived from the server secret, not stored. */
export interface Credential {
  secretId: string;
  /** Unix seconds: start of the signature's validity. */
  start: number;
  /** ms since the epoch. */
  expiresAt: number;
}

export type Strategy = 'ask' | 'rename' | 'overwrite';

export interface ConfirmedFileInfo {
  path: string[] | null;
  name: string;
  type: string;
  inode?: string;
  creationTime: string;
  modificationTime: string;
  contentType: string;
  size: string;
  eTag: string;
  crc64: string;
  metaData?: Record<string, string>;
  virusAuditStatus: number;
  isOverwritten: boolean;
  previewByDoc: boolean;
  previewByCI: boolean;
  previewAsIcon: boolean;
  fileType: string;
}

export interface PartView {
  PartNumber: number;
  LastModified: string;
  ETag: string;
  Size: number;
}

export interface TaskRecord {
  confirmKey: string;
  kind: 'multipart' | 'simple';
  spaceId: string;
  userId: string;
  requestedPath: string[];
  /** Where the file will land (a rename may change it at begin or at confirm). */
  path: string[];
  strategy: Strategy;
  /** `strategy` is overwrite and the begin token may overwrite (status `force`). */
  force: boolean;
  /** The begin token had a force grant (so a confirm switching to overwrite may replace a file). */
  canForce: boolean;
  createdAt: string;
  declaredSize: number | null;
  labels?: string[];
  category?: string;
  localCreationTime?: string;
  localModificationTime?: string;
  meta: Record<string, string>;
  cosKey: string;
  uploadId?: string;
  trafficLimitBits?: number;
  credentials: Credential[];
  confirmed: boolean;
  file?: ConfirmedFileInfo;
  finalParts?: PartView[];
  /** A parent folder was deleted after begin: status shows `path: null`, confirm fails. */
  orphaned: boolean;
}

export interface CosUpload {
  uploadId: string;
  key: string;
  initiated: string;
  contentType: string;
  /** Set when the upload belongs to an SMH task. */
  confirmKey?: string;
}

export interface BlobMeta extends ObjectDigest {
  blobId: string;
}

export interface CosObject extends BlobMeta {
  key: string;
  eTag: string;
  lastModified: string;
  contentType: string;
}

export interface FileRecord extends BlobMeta {
  spaceId: string;
  path: string[];
  eTag: string;
  contentType: string;
  type: string;
  fileType?: string;
  inode: string;
  creationTime: string;
  modificationTime: string;
  metaData: Record<string, string>;
  labels?: string[];
  category?: string;
  localCreationTime?: string;
  localModificationTime?: string;
}

export interface DirectoryRecord {
  creationTime: string;
  /** Set when the folder is created or renamed (older state: creationTime). */
  modificationTime?: string;
  /** Assigned at creation (older state: the first time it is looked at). */
  inode?: string;
}

export interface PersistedState {
  version: 1;
  /** Derives the temporary COS keys and tokens; random per data folder. */
  serverSecret: string;
  inodeSeq: number;
  tokens: Record<string, TokenRecord>;
  tasks: Record<string, TaskRecord>;
  uploads: Record<string, CosUpload>;
  objects: Record<string, CosObject>;
  files: Record<string, FileRecord>;
  directories: Record<string, DirectoryRecord>;
}

export interface PartRecord extends PartDigest {
  partNumber: number;
  lastModified: string;
  /** Bytes file name inside the upload's folder. */
  file: string;
}

function emptyState(): PersistedState {
  return {
    version: 1,
    serverSecret: randomBytes(32).toString('hex'),
    inodeSeq: 0,
    tokens: {},
    tasks: {},
    uploads: {},
    objects: {},
    files: {},
    directories: {},
  };
}

export function newId(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

/** Writes `data` to a temp file beside `target`, fsyncs it, then renames it over `target`. */
async function atomicWrite(target: string, data: string): Promise<void> {
  const tmp = `${target}.${newId(6)}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, target);
}

export class Store {
  readonly root: string;
  state: PersistedState = emptyState();
  /** uploadId → partNumber → part; loaded from parts/ at open, kept current after. */
  readonly parts = new Map<string, Map<number, PartRecord>>();
  #saving: Promise<void> | undefined;
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;
  readonly #partLocks = new Map<string, Promise<unknown>>();

  constructor(dataDir: string) {
    this.root = path.resolve(dataDir);
  }

  /** Resolves a path under the data folder and refuses anything that escapes it. */
  inside(...segments: string[]): string {
    const full = path.resolve(this.root, ...segments);
    if (!full.startsWith(this.root + path.sep)) throw new Error('refusing a path outside the data folder');
    return full;
  }

  async open(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await Promise.all(['blobs', 'parts', 'tmp'].map((d) => mkdir(this.inside(d), { recursive: true })));
    // Bodies that were still arriving when the process stopped are useless now.
    await rm(this.inside('tmp'), { recursive: true, force: true });
    await mkdir(this.inside('tmp'), { recursive: true });
    await this.#loadState();
    await this.#loadParts();
  }

  async #loadState(): Promise<void> {
    const file = this.inside('state.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as PersistedState;
      if (parsed.version !== 1 || typeof parsed.serverSecret !== 'string') throw new Error('unknown state version');
      this.state = { ...emptyState(), ...parsed };
    } catch (error) {
      const aside = this.inside(`state.json.corrupt-${Date.now()}`);
      await rename(file, aside);
      console.warn(`smh-emulator: ${file} was unreadable (${(error as Error).message}); moved it to ${aside} and started empty`);
    }
  }

  async #loadParts(): Promise<void> {
    const uploadIds = await readdir(this.inside('parts'));
    for (const uploadId of uploadIds) {
      if (!/^[0-9a-f]{8,64}$/.test(uploadId) || !this.state.uploads[uploadId]) {
        await rm(this.inside('parts', uploadId), { recursive: true, force: true });
        continue;
      }
      const dir = this.inside('parts', uploadId);
      const names = await readdir(dir);
      const map = new Map<number, PartRecord>();
      const referenced = new Set<string>();
      for (const name of names.filter((n) => n.endsWith('.json'))) {
        try {
          const rec = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as PartRecord;
          const info = await stat(path.join(dir, rec.file));
          if (info.size !== rec.size) continue;
          map.set(rec.partNumber, rec);
          referenced.add(rec.file);
          referenced.add(name);
        } catch {
          // A half-written part (metadata without bytes) is as if it never arrived.
        }
      }
      await Promise.all(names.filter((n) => !referenced.has(n)).map((n) => rm(path.join(dir, n), { force: true })));
      this.parts.set(uploadId, map);
    }
  }

  /** Coalesces state writes: at most one in flight, the latest state always written last. */
  scheduleSave(): void {
    this.#dirty = true;
    if (this.#timer || this.#saving) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#runSave();
    }, 5);
  }

  async #runSave(): Promise<void> {
    if (this.#saving) return this.#saving;
    this.#saving = (async () => {
      while (this.#dirty) {
        this.#dirty = false;
        try {
          await atomicWrite(this.inside('state.json'), JSON.stringify(this.state));
        } catch (error) {
          console.error(`smh-emulator: could not write state: ${(error as Error).message}`);
        }
      }
    })();
    try {
      await this.#saving;
    } finally {
      this.#saving = undefined;
    }
  }

  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#saving) await this.#saving;
    if (this.#dirty) await this.#runSave();
  }

  tmpFile(): string {
    return this.inside('tmp', newId(12));
  }

  blobPath(blobId: string): string {
    return this.inside('blobs', blobId);
  }

  /** Moves a completely received temp file into the blob store. */
  async commitBlob(tmp: string): Promise<string> {
    const blobId = newId(16);
    await rename(tmp, this.blobPath(blobId));
    return blobId;
  }

  /** Deletes a blob no COS object or SMH file refers to any more. */
  async releaseBlob(blobId: string): Promise<void> {
    const used =
      Object.values(this.state.files).some((f) => f.blobId === blobId) ||
      Object.values(this.state.objects).some((o) => o.blobId === blobId);
    if (!used) await rm(this.blobPath(blobId), { force: true });
  }

  partPath(uploadId: string, rec: PartRecord): string {
    return this.inside('parts', uploadId, rec.file);
  }

  async createUploadDir(uploadId: string): Promise<void> {
    await mkdir(this.inside('parts', uploadId), { recursive: true });
    if (!this.parts.has(uploadId)) this.parts.set(uploadId, new Map());
  }

  /**
   * Stores a received part: bytes renamed into place, then its metadata written atomically.
   * Serialised per part number so that two racing PUTs of the same part leave one consistent copy
   * (the later one wins, as on COS).
   */
  async commitPart(uploadId: string, partNumber: number, tmp: string, digest: PartDigest, now: number): Promise<PartRecord> {
    const lockKey = `${uploadId}/${partNumber}`;
    const previous = this.#partLocks.get(lockKey) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => {
      const map = this.parts.get(uploadId);
      if (!map) throw new Error('upload vanished');
      const file = `${partNumber}-${newId(6)}.bin`;
      await rename(tmp, this.inside('parts', uploadId, file));
      const rec: PartRecord = { ...digest, partNumber, lastModified: new Date(now).toISOString(), file };
      await atomicWrite(this.inside('parts', uploadId, `${partNumber}.json`), JSON.stringify(rec));
      const old = map.get(partNumber);
      map.set(partNumber, rec);
      if (old && old.file !== file) await rm(this.inside('parts', uploadId, old.file), { force: true });
      return rec;
    });
    this.#partLocks.set(lockKey, run);
    try {
      return await run;
    } finally {
      if (this.#partLocks.get(lockKey) === run) this.#partLocks.delete(lockKey);
    }
  }

  async removeUploadParts(uploadId: string): Promise<void> {
    this.parts.delete(uploadId);
    await rm(this.inside('parts', uploadId), { recursive: true, force: true });
  }

  async removeTmp(tmp: string): Promise<void> {
    await unlink(tmp).catch(() => undefined);
  }
}
