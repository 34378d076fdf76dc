import { createHash, createHmac } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { buildAuthorization } from './cosSign.js';
import type { FaultState } from './faults.js';
import { HttpError, sendJson } from './http.js';
import type { ServerResponse } from 'node:http';
import { fileKind, renamed } from './smhPath.js';
import { newId } from './store.js';
import type {
  ConfirmedFileInfo, Credential, DirectoryRecord, FileRecord, Store, Strategy, TaskRecord, TokenRecord,
} from './store.js';
import type { EmulatorStats, Faults, FileEntry, TokenReply, TokenRequest } from './types.js';
import type { ReplyVariance } from './variance.js';

export interface Config {
  libraryId: string;
  librarySecret: string;
  partInfoTtlMs: number;
  createParentDirectories: boolean;
  /** How long an upload task lives after begin, confirmed or not (then 404 UploadNotFound). */
  taskTtlMs: number;
  /** Lifetime of the signed COS URL a download redirects to. */
  downloadUrlTtlMs: number;
  cosSecretId: string;
  cosSecretKey: string;
  bucket: string;
  region: string;
  corsOrigins: '*' | readonly string[];
  maxJsonBodyBytes: number;
  now: () => number;
}

// docs/smh-protocol.md §3.3 (upload) and Tencent's API docs (the rest): which grants may make which
// call. `read` (list, info, download) needs only a live token: a read-only token has no grants at all.
const GRANTS = {
  begin: ['admin', 'space_admin', 'upload_file', 'upload_file_force', 'begin_upload', 'begin_upload_force'],
  confirm: ['admin', 'space_admin', 'upload_file', 'upload_file_force', 'confirm_upload'],
  read: null,
  createDirectory: ['admin', 'space_admin', 'create_directory'],
  deleteDirectory: ['admin', 'space_admin', 'delete_directory', 'delete_directory_permanent'],
  moveDirectory: ['admin', 'space_admin', 'move_directory'],
  deleteFile: ['admin', 'space_admin', 'delete_file', 'delete_file_permanent'],
  moveFile: ['admin', 'space_admin', 'move_file', 'move_file_force'],
} as const satisfies Record<string, readonly string[] | null>;
const FORCE_GRANTS = ['admin', 'space_admin', 'upload_file_force', 'begin_upload_force'];
export type Operation = keyof typeof GRANTS;

/** Per-upload and per-task stats keep only the most recent this many keys (the oldest go first). */
export const STATS_KEY_LIMIT = 1000;

/** docs/smh-protocol.md §3.1: default period 24 h, values under 1200 s are raised to 1200 s. */
export const DEFAULT_PERIOD = 86400;
export const MIN_PERIOD = 1200;
const RENAME_LIMIT = 999;

export interface Principal {
  userId: string;
  grants: string[];
  canForce: boolean;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function list(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const items = typeof value === 'string' ? value.split(',') : [...value];
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

export function treeKey(spaceId: string, segments: readonly string[]): string {
  return `${spaceId}/${segments.join('/')}`;
}

/** True when `path` lies strictly below the folder `folder`. */
export function isInside(path: readonly string[], folder: readonly string[]): boolean {
  return path.length > folder.length && folder.every((s, i) => path[i] === s);
}

/** Makes room for `key` in a stats map capped at STATS_KEY_LIMIT keys, dropping the oldest. */
function bounded(map: Record<string, unknown>, key: string): void {
  if (key in map) return;
  const keys = Object.keys(map);
  for (let i = 0; i <= keys.length - STATS_KEY_LIMIT; i++) delete map[keys[i]!];
}

export class Core {
  readonly config: Config;
  readonly store: Store;
  readonly faults: FaultState;
  stats: EmulatorStats = Core.#emptyStats();
  /** host:port of the COS origin, as begin/renew/status hand it out in `domain`. */
  cosDomain = '';
  /** Aborted by close(): handlers waiting on injected latency or bandwidth stop waiting. */
  readonly closing = new AbortController();
  /** secretId → confirmKey, for the temporary COS keys. */
  readonly #credentialIndex = new Map<string, string>();
  /** Set when `replyVariance` is on: reshapes success replies as real SMH may (variance.ts). */
  variance: ReplyVariance | undefined;
  readonly #statWaiters = new Set<{ ready: (stats: EmulatorStats) => boolean; resolve: () => void }>();

  constructor(config: Config, store: Store, faults: FaultState) {
    // Every throttled or delayed request waits on this one signal: many at once is expected.
    setMaxListeners(0, this.closing.signal);
    this.config = config;
    this.store = store;
    this.faults = faults;
  }

  static #emptyStats(): EmulatorStats {
    return { partPuts: {}, statusCalls: {}, requests: {}, faultsInjected: {} };
  }

  get state() {
    return this.store.state;
  }

  now(): number {
    return this.config.now();
  }

  iso(ms = this.now()): string {
    return new Date(ms).toISOString();
  }

  afterLoad(): void {
    this.#credentialIndex.clear();
    for (const task of Object.values(this.state.tasks)) {
      for (const cred of task.credentials) this.#credentialIndex.set(cred.secretId, task.confirmKey);
    }
    this.expireStale();
  }

  /**
   * Drops what SMH would have forgotten by now: upload tasks older than `taskTtlMs` (their parts,
   * objects and credentials with them) and expired access tokens. Runs at start and before every
   * task lookup, on the emulator's clock.
   */
  expireStale(): void {
    const now = this.now();
    for (const task of Object.values(this.state.tasks)) {
      if (Date.parse(task.createdAt) + this.config.taskTtlMs > now) continue;
      this.forgetTask(task);
    }
    this.#pruneTokens();
  }

  /** Removes a task and what belongs to it (its COS upload, parts, unconfirmed object, credentials). */
  forgetTask(task: TaskRecord): Promise<void> {
    delete this.state.tasks[task.confirmKey];
    for (const cred of task.credentials) this.#credentialIndex.delete(cred.secretId);
    const work: Promise<void>[] = [];
    if (task.uploadId) {
      delete this.state.uploads[task.uploadId];
      work.push(this.store.removeUploadParts(task.uploadId));
    }
    const object = task.confirmed ? undefined : this.state.objects[task.cosKey];
    if (object) {
      delete this.state.objects[task.cosKey];
      work.push(this.store.releaseBlob(object.blobId));
    }
    this.save();
    return Promise.all(work).then(() => undefined);
  }

  /** Waits `ms`, or throws at once when the emulator is closing. */
  async sleep(ms: number): Promise<void> {
    await delay(ms, undefined, { signal: this.closing.signal });
  }

  save(): void {
    this.store.scheduleSave();
  }

  /** Sends a success reply, reshaped by the reply-variance mode when it is on. */
  sendReply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
    sendJson(res, status, this.variance ? this.variance.vary(body) : body);
  }

  // ── stats ────────────────────────────────────────────────────────────────────────────────
  countRequest(route: string): void {
    this.stats.requests[route] = (this.stats.requests[route] ?? 0) + 1;
    this.statsChanged();
  }

  countFault(kind: string): void {
    this.stats.faultsInjected[kind] = (this.stats.faultsInjected[kind] ?? 0) + 1;
    this.statsChanged();
  }

  countStatusCall(confirmKey: string): void {
    bounded(this.stats.statusCalls, confirmKey);
    this.stats.statusCalls[confirmKey] = (this.stats.statusCalls[confirmKey] ?? 0) + 1;
    this.statsChanged();
  }

  partStat(uploadId: string, partNumber: number) {
    bounded(this.stats.partPuts, uploadId);
    const byUpload = (this.stats.partPuts[uploadId] ??= {});
    return (byUpload[String(partNumber)] ??= { puts: 0, bytesReceived: 0, stored: 0, active: 0 });
  }

  resetStats(): void {
    this.stats = Core.#emptyStats();
    this.statsChanged();
  }

  /** Resolves once `ready(stats)` holds (checked now and after every change to the stats). */
  waitForStats(ready: (stats: EmulatorStats) => boolean): Promise<void> {
    if (ready(this.stats)) return Promise.resolve();
    return new Promise((resolve) => {
      this.#statWaiters.add({ ready, resolve });
    });
  }

  /** restart() makes a new Core on the same stats: waiters registered on the old one carry over. */
  adoptWaiters(previous: Core): void {
    for (const waiter of previous.#statWaiters) this.#statWaiters.add(waiter);
    previous.#statWaiters.clear();
    this.statsChanged();
  }

  /** Call after changing a counter in place (part stats are updated where the bytes arrive). */
  statsChanged(): void {
    for (const waiter of this.#statWaiters) {
      if (!waiter.ready(this.stats)) continue;
      this.#statWaiters.delete(waiter);
      waiter.resolve();
    }
  }

  setFaults(partial: Partial<Faults>): Faults {
    return this.faults.update(partial);
  }

  // ── access tokens (docs/smh-protocol.md §3) ─────────────────────────────────────────────────────────
  createToken(request: TokenRequest): TokenReply {
    const period = request.period === undefined ? DEFAULT_PERIOD : Math.max(MIN_PERIOD, Math.floor(request.period));
    const accessToken = `acctk${newId(24)}`;
    const rec: TokenRecord = {
      hash: hashToken(accessToken),
      libraryId: this.config.libraryId,
      userId: request.userId ?? '',
      spaceIds: list(request.spaceId),
      grants: list(request.grant),
      period,
      expiresAt: this.now() + period * 1000,
      clientId: request.clientId ?? '',
      sessionId: request.sessionId ?? '',
      createdAt: this.now(),
    };
    this.state.tokens[rec.hash] = rec;
    this.#pruneTokens();
    this.save();
    return { accessToken, expiresIn: period };
  }

  #pruneTokens(): void {
    const now = this.now();
    for (const [hash, rec] of Object.entries(this.state.tokens)) {
      if (rec.expiresAt <= now) delete this.state.tokens[hash];
    }
  }

  /** A live token's record, or undefined when unknown or expired. */
  findToken(token: string): TokenRecord | undefined {
    const rec = this.state.tokens[hashToken(token)];
    if (!rec || rec.expiresAt <= this.now()) return undefined;
    return rec;
  }

  /** Every call made with a token slides its expiry forward by its period (docs/smh-protocol.md §3.1). */
  touchToken(rec: TokenRecord): void {
    rec.expiresAt = this.now() + rec.period * 1000;
    this.save();
  }

  /**
   * Checks `access_token` (or, as official SDKs also allow, `library_secret`) for an upload call:
   * 400 EmptyAccessToken, 403 InvalidAccessToken / AccessTokenNotMatchLibrary / AccessTokenNotMatchSpace / NoPermission.
   */
  authorize(query: URLSearchParams, libraryId: string, spaceId: string, operation: Operation): Principal {
    const token = query.get('access_token');
    const queryUser = query.get('user_id') ?? '';
    if (!token) {
      const secret = query.get('library_secret');
      if (secret) {
        if (secret !== this.config.librarySecret) throw new HttpError(403, 'NoPermission', 'the library secret is wrong');
        return { userId: queryUser, grants: ['admin'], canForce: true };
      }
      throw new HttpError(400, 'EmptyAccessToken', 'access_token is missing');
    }
    const rec = this.findToken(token);
    if (!rec) throw new HttpError(403, 'InvalidAccessToken', 'the access token is unknown or has expired');
    if (rec.libraryId !== libraryId) throw new HttpError(403, 'AccessTokenNotMatchLibrary', 'the access token belongs to another library');
    const admin = rec.grants.includes('admin');
    if (rec.spaceIds.length > 0 ? !rec.spaceIds.includes(spaceId) : spaceId !== '-' && !admin) {
      throw new HttpError(403, 'AccessTokenNotMatchSpace', 'the access token is not valid for this space');
    }
    const allowed: readonly string[] | null = GRANTS[operation];
    if (allowed && !rec.grants.some((g) => allowed.includes(g))) {
      throw new HttpError(403, 'NoPermission', `the access token's grants do not allow this call (${operation})`);
    }
    this.touchToken(rec);
    return { userId: rec.userId || queryUser, grants: rec.grants, canForce: rec.grants.some((g) => FORCE_GRANTS.includes(g)) };
  }

  // ── temporary COS credentials ─────────────────────────────────────────────────────────────
  credentialKey(secretId: string): string {
    return createHmac('sha256', this.state.serverSecret).update(`key:${secretId}`).digest('hex');
  }

  credentialToken(secretId: string): string {
    return createHmac('sha256', this.state.serverSecret).update(`token:${secretId}`).digest('base64url');
  }

  taskForCredential(secretId: string): { task: TaskRecord; credential: Credential } | undefined {
    const confirmKey = this.#credentialIndex.get(secretId);
    const task = confirmKey ? this.state.tasks[confirmKey] : undefined;
    const credential = task?.credentials.find((c) => c.secretId === secretId);
    return task && credential ? { task, credential } : undefined;
  }

  issueCredential(task: TaskRecord): Credential {
    const now = this.now();
    const credential: Credential = {
      secretId: `AKIDtmp${newId(14)}`,
      start: Math.floor(now / 1000) - 1,
      expiresAt: now + this.config.partInfoTtlMs,
    };
    // Older credentials stay valid until they expire, like STS keys. The last few stay known after
    // that too, so a PUT still in flight with one is told "Request has expired" (which a client
    // answers by renewing) rather than that its key never existed.
    const kept = task.credentials.slice(-7);
    for (const old of task.credentials) if (!kept.includes(old)) this.#credentialIndex.delete(old.secretId);
    task.credentials = [...kept, credential];
    this.#credentialIndex.set(credential.secretId, task.confirmKey);
    this.save();
    return credential;
  }

  currentCredential(task: TaskRecord): Credential | undefined {
    const last = task.credentials.at(-1);
    return last && last.expiresAt > this.now() ? last : undefined;
  }

  /** domain/path/uploadId/headers/expiration for a task, signed with `credential`. */
  uploadPartInfo(task: TaskRecord, credential: Credential) {
    const token = this.credentialToken(credential.secretId);
    const signed: Record<string, string> = { 'x-cos-security-token': token };
    if (task.trafficLimitBits) signed['x-cos-traffic-limit'] = String(task.trafficLimitBits);
    // Empty url-param-list and no method-specific header: one header set serves every part.
    const authorization = buildAuthorization(
      credential.secretId, this.credentialKey(credential.secretId),
      credential.start, Math.floor(credential.expiresAt / 1000),
      { method: 'put', path: `/${task.cosKey}`, params: {}, headers: signed },
    );
    const headers: Record<string, string> = {
      'Content-Type': 'application/octet-stream',
      Authorization: authorization,
      'x-cos-security-token': token,
    };
    if (task.trafficLimitBits) headers['x-cos-traffic-limit'] = String(task.trafficLimitBits);
    return {
      domain: this.cosDomain,
      path: `/${task.cosKey}`,
      ...(task.uploadId ? { uploadId: task.uploadId } : {}),
      headers,
      expiration: this.iso(credential.expiresAt),
    };
  }

  expireCredentials(accessTokens: boolean): { credentials: number; accessTokens: number } {
    const past = this.now() - 1000;
    let credentials = 0;
    for (const task of Object.values(this.state.tasks)) {
      for (const cred of task.credentials) {
        if (cred.expiresAt > past) {
          cred.expiresAt = past;
          credentials++;
        }
      }
    }
    let tokens = 0;
    if (accessTokens) {
      for (const rec of Object.values(this.state.tokens)) {
        if (rec.expiresAt > past) {
          rec.expiresAt = past;
          tokens++;
        }
      }
    }
    this.save();
    return { credentials, accessTokens: tokens };
  }

  // ── the file tree ─────────────────────────────────────────────────────────────────────────
  fileAt(spaceId: string, segments: readonly string[]): FileRecord | undefined {
    return this.state.files[treeKey(spaceId, segments)];
  }

  dirExists(spaceId: string, segments: readonly string[]): boolean {
    return segments.length === 0 || this.state.directories[treeKey(spaceId, segments)] !== undefined;
  }

  dirAt(spaceId: string, segments: readonly string[]): DirectoryRecord | undefined {
    const dir = this.state.directories[treeKey(spaceId, segments)];
    // Folders saved before they had inodes get one the first time they are looked at.
    if (dir && dir.inode === undefined) dir.inode = this.nextInode();
    return dir;
  }

  /** Adds one folder (its parents must exist). */
  addDir(spaceId: string, segments: readonly string[]): DirectoryRecord {
    const now = this.iso();
    const dir: DirectoryRecord = { creationTime: now, modificationTime: now, inode: this.nextInode() };
    this.state.directories[treeKey(spaceId, segments)] = dir;
    this.save();
    return dir;
  }

  /**
   * Checks the parents of `segments`: a parent that is a file is 409 (`conflictCode`); a missing one
   * is 404 DirectoryNotFound, or is created when `create` (the directory API, and the upload calls
   * under `createParentDirectories`).
   */
  ensureParents(spaceId: string, segments: readonly string[], create: boolean, conflictCode = 'PathConflict'): void {
    for (let i = 1; i < segments.length; i++) {
      const prefix = segments.slice(0, i);
      if (this.fileAt(spaceId, prefix)) {
        throw new HttpError(409, conflictCode, `"${prefix.join('/')}" is a file, not a folder`);
      }
      if (!this.dirExists(spaceId, prefix)) {
        if (!create) throw new HttpError(404, 'DirectoryNotFound', `the folder "${prefix.join('/')}" does not exist`);
        this.addDir(spaceId, prefix);
      }
    }
  }

  /** The lowest free `name (n).ext` beside `segments` (409 RenameTooManyTimes after 999). */
  freeName(spaceId: string, segments: readonly string[]): string[] {
    const parent = segments.slice(0, -1);
    const name = segments.at(-1)!;
    for (let n = 1; n <= RENAME_LIMIT; n++) {
      const candidate = [...parent, renamed(name, n)];
      if (!this.fileAt(spaceId, candidate) && !this.dirExists(spaceId, candidate)) return candidate;
    }
    throw new HttpError(409, 'RenameTooManyTimes', `no free name for "${segments.join('/')}" after ${RENAME_LIMIT} tries`);
  }

  /**
   * Where an upload to `segments` lands under `strategy` (docs/smh-protocol.md §2 conflict semantics):
   * `ask` → 409 on any clash; `overwrite` → replaces a file (409 on a folder, 400 without a force grant);
   * `rename` → `name (n).ext`, lowest free n.
   */
  resolveTarget(
    spaceId: string, segments: readonly string[], strategy: Strategy, canForce: boolean,
  ): { path: string[]; replaces: FileRecord | undefined } {
    const file = this.fileAt(spaceId, segments);
    const dir = this.dirExists(spaceId, segments);
    if (!file && !dir) return { path: [...segments], replaces: undefined };
    const where = segments.join('/');
    if (strategy === 'ask') {
      throw new HttpError(409, 'SameNameDirectoryOrFileExists', `"${where}" already exists`);
    }
    if (strategy === 'overwrite') {
      if (dir) throw new HttpError(409, 'SameNameDirectoryOrFileExists', `"${where}" is a folder and cannot be overwritten`);
      if (!canForce) throw new HttpError(400, 'OverwriteFileNotAllowed', 'overwriting needs a *_force, space_admin or admin grant');
      return { path: [...segments], replaces: file };
    }
    return { path: this.freeName(spaceId, segments), replaces: undefined };
  }

  /** Puts a file record into the tree; returns the blob of a replaced file so it can be released. */
  putFile(rec: FileRecord): string | undefined {
    const key = treeKey(rec.spaceId, rec.path);
    const old = this.state.files[key];
    this.state.files[key] = rec;
    this.save();
    return old && old.blobId !== rec.blobId ? old.blobId : undefined;
  }

  removeFile(spaceId: string, segments: readonly string[]): void {
    delete this.state.files[treeKey(spaceId, segments)];
    this.save();
  }

  nextInode(): string {
    this.state.inodeSeq += 1;
    return String(this.state.inodeSeq);
  }

  createFolder(spaceId: string, segments: readonly string[]): void {
    this.ensureParents(spaceId, [...segments, 'x'], true);
  }

  /** Removes a folder and all below it; unconfirmed tasks aiming inside become orphaned. */
  async deleteFolder(spaceId: string, segments: readonly string[]): Promise<{ files: number; directories: number }> {
    const prefix = `${treeKey(spaceId, segments)}/`;
    const exact = treeKey(spaceId, segments);
    let files = 0;
    let directories = 0;
    const released: string[] = [];
    for (const [key, rec] of Object.entries(this.state.files)) {
      if (key.startsWith(prefix)) {
        delete this.state.files[key];
        released.push(rec.blobId);
        files++;
      }
    }
    for (const key of Object.keys(this.state.directories)) {
      if (key === exact || key.startsWith(prefix)) {
        delete this.state.directories[key];
        directories++;
      }
    }
    for (const task of Object.values(this.state.tasks)) {
      if (task.confirmed || task.spaceId !== spaceId) continue;
      if (isInside(task.path, segments)) task.orphaned = true;
    }
    this.save();
    for (const blobId of released) await this.store.releaseBlob(blobId);
    return { files, directories };
  }

  /** Confirm's reply (docs/smh-protocol.md §4.6); `metaData` only when the file has some, as SMH. */
  fileInfo(rec: FileRecord, withInode: boolean, isOverwritten: boolean): ConfirmedFileInfo {
    return {
      path: rec.path,
      name: rec.path.at(-1)!,
      type: rec.type,
      ...(withInode ? { inode: rec.inode } : {}),
      creationTime: rec.creationTime,
      modificationTime: rec.modificationTime,
      contentType: rec.contentType,
      size: String(rec.size),
      eTag: rec.eTag,
      crc64: rec.crc64,
      ...(Object.keys(rec.metaData).length > 0 ? { metaData: rec.metaData } : {}),
      virusAuditStatus: 0,
      isOverwritten,
      previewByDoc: false,
      previewByCI: false,
      previewAsIcon: false,
      fileType: fileKind(rec.path.at(-1)!).fileType,
    };
  }

  fileEntries(): FileEntry[] {
    return Object.values(this.state.files)
      .map((f) => ({
        spaceId: f.spaceId,
        path: f.path.join('/'),
        size: f.size,
        sha256: f.sha256,
        md5: f.md5,
        crc64: f.crc64,
        creationTime: f.creationTime,
        modificationTime: f.modificationTime,
        ...(f.labels ? { labels: f.labels } : {}),
        ...(f.category !== undefined ? { category: f.category } : {}),
        ...(f.localCreationTime !== undefined ? { localCreationTime: f.localCreationTime } : {}),
        ...(f.localModificationTime !== undefined ? { localModificationTime: f.localModificationTime } : {}),
      }))
      .toSorted((a, b) => (a.spaceId + a.path).localeCompare(b.spaceId + b.path));
  }
}
