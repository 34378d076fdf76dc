import { createHash, createHmac } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { buildAuthorization } from './cosSign.js';
import type { FaultState } from './faults.js';
import { HttpError } from './http.js';
import { fileKind, renamed } from './smhPath.js';
import { newId } from './store.js';
import type {
  ConfirmedFileInfo, Credential, FileRecord, Store, Strategy, TaskRecord, TokenRecord,
} from './store.js';
import type { EmulatorStats, Faults, FileEntry, TokenReply, TokenRequest } from './types.js';

export interface Config {
  libraryId: string;
  librarySecret: string;
  partInfoTtlMs: number;
  createParentDirectories: boolean;
  cosSecretId: string;
  cosSecretKey: string;
  bucket: string;
  region: string;
  corsOrigins: '*' | readonly string[];
  maxJsonBodyBytes: number;
  now: () => number;
}

// smh-api.md §3.3: which grants may call which upload endpoint.
const BEGIN_GRANTS = ['admin', 'space_admin', 'upload_file', 'upload_file_force', 'begin_upload', 'begin_upload_force'];
const CONFIRM_GRANTS = ['admin', 'space_admin', 'upload_file', 'upload_file_force', 'confirm_upload'];
const FORCE_GRANTS = ['admin', 'space_admin', 'upload_file_force', 'begin_upload_force'];
export type Operation = 'begin' | 'confirm';

/** smh-api.md §3.1: default period 24 h, values under 1200 s are raised to 1200 s. */
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

function treeKey(spaceId: string, segments: readonly string[]): string {
  return `${spaceId}/${segments.join('/')}`;
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
  }

  /** Waits `ms`, or throws at once when the emulator is closing. */
  async sleep(ms: number): Promise<void> {
    await delay(ms, undefined, { signal: this.closing.signal });
  }

  save(): void {
    this.store.scheduleSave();
  }

  // ── stats ────────────────────────────────────────────────────────────────────────────────
  countRequest(route: string): void {
    this.stats.requests[route] = (this.stats.requests[route] ?? 0) + 1;
  }

  countFault(kind: string): void {
    this.stats.faultsInjected[kind] = (this.stats.faultsInjected[kind] ?? 0) + 1;
  }

  partStat(uploadId: string, partNumber: number) {
    const byUpload = (this.stats.partPuts[uploadId] ??= {});
    return (byUpload[String(partNumber)] ??= { puts: 0, bytesReceived: 0, stored: 0, active: 0 });
  }

  resetStats(): void {
    this.stats = Core.#emptyStats();
  }

  setFaults(partial: Partial<Faults>): Faults {
    return this.faults.update(partial);
  }

  // ── access tokens (smh-api.md §3) ─────────────────────────────────────────────────────────
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

  /** Every call made with a token slides its expiry forward by its period (smh-api.md §3.1). */
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
    const allowed = operation === 'begin' ? BEGIN_GRANTS : CONFIRM_GRANTS;
    if (!rec.grants.some((g) => allowed.includes(g))) {
      throw new HttpError(403, 'NoPermission', `the access token's grants do not allow this ${operation === 'begin' ? 'upload' : 'confirm'} call`);
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
    // Older credentials stay valid until they expire, like STS keys; only a few are kept.
    const kept = task.credentials.filter((c) => c.expiresAt > now).slice(-7);
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

  /** 409 PathConflict when a parent is a file; 404 DirectoryNotFound or creation for missing parents. */
  ensureParents(spaceId: string, segments: readonly string[], create: boolean): void {
    for (let i = 1; i < segments.length; i++) {
      const prefix = segments.slice(0, i);
      if (this.fileAt(spaceId, prefix)) {
        throw new HttpError(409, 'PathConflict', `"${prefix.join('/')}" is a file, not a folder`);
      }
      if (!this.dirExists(spaceId, prefix)) {
        if (!create) throw new HttpError(404, 'DirectoryNotFound', `the folder "${prefix.join('/')}" does not exist`);
        this.state.directories[treeKey(spaceId, prefix)] = { creationTime: this.iso() };
        this.save();
      }
    }
  }

  /**
   * Where an upload to `segments` lands under `strategy` (smh-api.md §2 conflict semantics):
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
    const parent = segments.slice(0, -1);
    const name = segments.at(-1)!;
    for (let n = 1; n <= RENAME_LIMIT; n++) {
      const candidate = [...parent, renamed(name, n)];
      if (!this.fileAt(spaceId, candidate) && !this.dirExists(spaceId, candidate)) return { path: candidate, replaces: undefined };
    }
    throw new HttpError(409, 'RenameTooManyTimes', `no free name for "${where}" after ${RENAME_LIMIT} tries`);
  }

  /** Puts a file record into the tree; returns the blob of a replaced file so it can be released. */
  putFile(rec: FileRecord): string | undefined {
    const key = treeKey(rec.spaceId, rec.path);
    const old = this.state.files[key];
    this.state.files[key] = rec;
    this.save();
    return old && old.blobId !== rec.blobId ? old.blobId : undefined;
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
      if (segments.every((s, i) => task.path[i] === s) && task.path.length > segments.length) task.orphaned = true;
    }
    this.save();
    for (const blobId of released) await this.store.releaseBlob(blobId);
    return { files, directories };
  }

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
      metaData: rec.metaData,
      virusAuditStatus: 0,
      isOverwritten,
      previewByDoc: false,
      previewByCI: false,
      previewAsIcon: false,
      fileType: fileKind(rec.path.at(-1)!).type,
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
      }))
      .toSorted((a, b) => (a.spaceId + a.path).localeCompare(b.spaceId + b.path));
  }
}
