import type { IncomingMessage, ServerResponse } from 'node:http';
import { assembleParts } from './assemble.js';
import type { Core, Principal } from './core.js';
import { multipartETag, type ObjectDigest } from './hashes.js';
import { HttpError, readJsonObject, sendEmpty } from './http.js';
import { checkFile, deleteFile, downloadFile, fileInfo, moveFile } from './smhFiles.js';
import { fileKind, parseFilePath } from './smhPath.js';
import { newId, type FileRecord, type Strategy, type TaskRecord } from './store.js';

// SMH's upload API (docs/smh-protocol.md §4) under /api/v1/file/{LibraryId}/{SpaceId}/…

const MIN_PART = 1024 * 1024; // COS rejects a non-last part under 1 MiB at complete time
const MAX_FILE = 10000 * 5 * 1024 ** 3;

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  /** The raw request path, still percent-encoded and not normalised (so `..` can be refused, not resolved). */
  path: string;
  query: URLSearchParams;
}

export function strategyParam(value: string | null): Strategy | undefined {
  if (value === null || value === '') return undefined;
  if (value === 'ask' || value === 'rename' || value === 'overwrite') return value;
  throw new HttpError(400, 'InvalidConflictResolutionStrategy', 'conflict_resolution_strategy must be ask, rename or overwrite');
}

function sizeValue(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,16}$/.test(text) || Number(text) > MAX_FILE) {
    throw new HttpError(400, 'ParamInvalid', `${name} must be a whole number of bytes`);
  }
  return Number(text);
}

/**
 * SMH's byte-based traffic_limit becomes COS's bit-based x-cos-traffic-limit. Outside the documented
 * 100 KB/s–100 MB/s (COS's 819 200–838 860 800 bit/s) it is refused, as COS refuses the header
 * (INFERRED, docs/smh-protocol.md §12.5).
 */
function trafficLimitBits(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^\d{1,12}$/.test(value)) throw new HttpError(400, 'ParamInvalid', 'traffic_limit must be bytes per second');
  const bits = Number(value) * 8;
  if (bits < 819200 || bits > 838860800) {
    throw new HttpError(400, 'ParamInvalid', 'traffic_limit must be from 102400 (100 KB/s) to 104857600 (100 MB/s) bytes per second');
  }
  return bits;
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new HttpError(400, 'ParamInvalid', `${key} must be a string`);
  return v;
}

function optionalLabels(body: Record<string, unknown>): string[] | undefined {
  const v = body.labels;
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x !== '')) {
    throw new HttpError(400, 'ParamInvalid', 'labels must be an array of non-empty strings');
  }
  return v as string[];
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** SMH's per-file fields of a begin or confirm body (docs/smh-protocol.md §12.5), checked. */
export interface BodyFields {
  labels?: string[];
  category?: string;
  localCreationTime?: string;
  localModificationTime?: string;
}

function bodyFields(body: Record<string, unknown>): BodyFields {
  const fields: BodyFields = {};
  const labels = optionalLabels(body);
  if (labels) fields.labels = labels;
  const category = optionalString(body, 'category');
  if (category !== undefined) {
    // "A string of at most 16 bytes" (R-IOS, R-AND); the code for a refusal is INFERRED.
    if (category === '' || Buffer.byteLength(category, 'utf8') > 16) {
      throw new HttpError(400, 'ParamInvalid', 'category must be a non-empty string of at most 16 bytes');
    }
    fields.category = category;
  }
  for (const key of ['localCreationTime', 'localModificationTime'] as const) {
    const value = optionalString(body, key);
    if (value === undefined) continue;
    // Tencent's examples send ISO 8601 (`2022-07-26T02:58:09Z`, `toISOString()`); other forms are refused (INFERRED).
    if (!ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
      throw new HttpError(400, 'ParamInvalid', `${key} must be an ISO 8601 date-time`);
    }
    fields[key] = value;
  }
  return fields;
}

function hashValue(body: Record<string, unknown>, key: string): string | undefined {
  const v = optionalString(body, key);
  if (v === undefined || v === '') return undefined;
  if (!/^[0-9a-fA-F]{64}$/.test(v)) throw new HttpError(400, 'ParamInvalid', `${key} must be a hex SHA-256`);
  return v.toLowerCase();
}

/** `x-smh-meta-*` request headers, kept under their full (lowercased) names as SMH returns them. */
function metaHeaders(req: IncomingMessage): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('x-smh-meta-') && typeof value === 'string') meta[name] = value;
  }
  return meta;
}

function findTask(core: Core, spaceId: string, confirmKey: string, code: 'UploadNotFound' | 'ConfirmKeyNotFound'): TaskRecord {
  core.expireStale();
  const task = core.state.tasks[confirmKey];
  if (!task || task.spaceId !== spaceId) {
    throw new HttpError(404, code, code === 'UploadNotFound' ? 'upload task missing or expired' : 'no upload task has this confirm key');
  }
  return task;
}

function singleSegment(raw: string): string {
  if (raw === '' || raw.includes('/')) throw new HttpError(404, 'RouteNotFound', 'expected a single confirm key after the space');
  let key: string;
  try {
    key = decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, 'ParamInvalid', 'the confirm key is not valid percent-encoding');
  }
  return key;
}

function uploadInfoReply(core: Core, task: TaskRecord): Record<string, unknown> {
  const credential = core.issueCredential(task);
  return { ...core.uploadPartInfo(task, credential), confirmKey: task.confirmKey, availableDomainNum: 1 };
}

function partsOf(core: Core, task: TaskRecord) {
  if (task.finalParts) return task.finalParts;
  const map = task.uploadId ? core.store.parts.get(task.uploadId) : undefined;
  return [...(map?.values() ?? [])]
    .toSorted((a, b) => a.partNumber - b.partNumber)
    .map((p) => ({ PartNumber: p.partNumber, LastModified: p.lastModified, ETag: `"${p.md5}"`, Size: p.size }));
}

async function begin(
  core: Core, ctx: Ctx, spaceId: string, rawPath: string, kind: TaskRecord['kind'], readBody?: Record<string, unknown>,
): Promise<void> {
  const q = ctx.query;
  const principal = core.authorize(q, core.config.libraryId, spaceId, 'begin');
  const segments = parseFilePath(rawPath);
  const strategy = strategyParam(q.get('conflict_resolution_strategy')) ?? 'rename';
  const filesize = sizeValue(q.get('filesize'), 'filesize');
  const traffic = trafficLimitBits(q.get('traffic_limit'));
  const body = readBody ?? await readJsonObject(ctx.req, core.config.maxJsonBodyBytes);
  const declaredSize = filesize ?? sizeValue(body.size, 'size') ?? null;
  const beginningHash = hashValue(body, 'beginningHash');
  const fullHash = hashValue(body, 'fullHash');
  const fields = bodyFields(body);
  const meta = metaHeaders(ctx.req);

  // docs/smh-protocol.md §2, §12.1: the upload calls never create parents (404 DirectoryNotFound), unless
  // the emulator runs with createParentDirectories.
  core.ensureParents(spaceId, segments, core.config.createParentDirectories);

  if (beginningHash) {
    const candidates = Object.values(core.state.files).filter(
      (f) => f.beginningHash === beginningHash && (declaredSize === null || f.size === declaredSize),
    );
    if (candidates.length > 0) {
      // docs/smh-protocol.md §4.8: 202 (empty) asks for fullHash; a fullHash match finishes at once with 200.
      if (!fullHash) return sendEmpty(ctx.res, 202);
      const match = candidates.find((f) => f.fullHash === fullHash);
      if (match) return instantUpload(core, ctx, principal, spaceId, segments, strategy, match, meta, fields);
    }
  }

  const target = core.resolveTarget(spaceId, segments, strategy, principal.canForce);
  const confirmKey = newId(16);
  const task: TaskRecord = {
    confirmKey,
    kind,
    spaceId,
    userId: principal.userId,
    requestedPath: segments,
    path: target.path,
    strategy,
    force: strategy === 'overwrite' && principal.canForce,
    canForce: principal.canForce,
    createdAt: core.iso(),
    declaredSize,
    ...fields,
    meta,
    cosKey: `${core.config.libraryId}/${newId(20)}`,
    ...(traffic ? { trafficLimitBits: traffic } : {}),
    credentials: [],
    confirmed: false,
    orphaned: false,
  };
  if (kind === 'multipart') {
    const uploadId = newId(16);
    task.uploadId = uploadId;
    core.state.uploads[uploadId] = {
      uploadId, key: task.cosKey, initiated: core.iso(), contentType: 'application/octet-stream', confirmKey,
    };
    await core.store.createUploadDir(uploadId);
  }
  core.expireStale();
  core.state.tasks[confirmKey] = task;
  core.save();
  core.sendReply(ctx.res, 201, uploadInfoReply(core, task));
}

function instantUpload(
  core: Core, ctx: Ctx, principal: Principal, spaceId: string, segments: string[], strategy: Strategy,
  source: FileRecord, meta: Record<string, string>, fields: BodyFields,
): void {
  const target = core.resolveTarget(spaceId, segments, strategy, principal.canForce);
  const now = core.iso();
  // The bytes are the stored file's; its labels, category and local times are not (they are this begin's).
  const { labels: _labels, category: _category, localCreationTime: _created, localModificationTime: _modified, ...bytes } = source;
  const rec: FileRecord = {
    ...bytes,
    spaceId,
    path: target.path,
    inode: core.nextInode(),
    creationTime: now,
    modificationTime: now,
    ...fileKind(target.path.at(-1)!),
    metaData: meta,
    ...fields,
  };
  const released = core.putFile(rec);
  if (released) void core.store.releaseBlob(released);
  core.sendReply(ctx.res, 200, { ...core.fileInfo(rec, ctx.query.get('with_inode') === '1', target.replaces !== undefined) });
}

function renew(core: Core, ctx: Ctx, spaceId: string, confirmKey: string): void {
  const q = ctx.query;
  core.authorize(q, core.config.libraryId, spaceId, 'begin');
  const task = findTask(core, spaceId, confirmKey, 'UploadNotFound');
  if (task.confirmed) throw new HttpError(409, 'UploadComplete', 'the upload is already complete');
  if (task.kind !== 'multipart') throw new HttpError(400, 'ParamInvalid', 'only multipart tasks can be renewed; begin a simple upload again');
  const traffic = trafficLimitBits(q.get('traffic_limit'));
  if (traffic) task.trafficLimitBits = traffic;
  core.sendReply(ctx.res, 200, uploadInfoReply(core, task));
}

function status(core: Core, ctx: Ctx, spaceId: string, confirmKey: string): void {
  core.authorize(ctx.query, core.config.libraryId, spaceId, 'begin');
  core.countStatusCall(confirmKey);
  const task = findTask(core, spaceId, confirmKey, 'UploadNotFound');
  const reply: Record<string, unknown> = {
    confirmed: task.confirmed,
    path: task.orphaned ? null : task.path,
    type: fileKind(task.path.at(-1)!).type,
    creationTime: task.createdAt,
    conflictResolutionStrategy: task.strategy,
    force: task.force,
    availableDomainNum: 1,
  };
  if (task.kind === 'multipart') {
    reply.uploadId = task.uploadId;
    reply.parts = partsOf(core, task);
    if (!task.confirmed) {
      // Repeats the current credentials while they are valid, issues fresh ones once they expired (README).
      const credential = core.currentCredential(task) ?? core.issueCredential(task);
      const { domain, path, uploadId, headers, expiration } = core.uploadPartInfo(task, credential);
      reply.uploadPartInfo = { domain, path, uploadId, headers, expiration };
    }
  }
  core.sendReply(ctx.res, 200, reply);
}

async function cancel(core: Core, ctx: Ctx, spaceId: string, confirmKey: string): Promise<void> {
  core.authorize(ctx.query, core.config.libraryId, spaceId, 'begin');
  const task = findTask(core, spaceId, confirmKey, 'UploadNotFound');
  if (task.confirmed) throw new HttpError(409, 'UploadComplete', 'the upload is already complete');
  await core.forgetTask(task);
  sendEmpty(ctx.res, 204);
}

const confirmLocks = new WeakMap<Core, Map<string, Promise<void>>>();

async function confirm(core: Core, ctx: Ctx, spaceId: string, confirmKey: string): Promise<void> {
  const q = ctx.query;
  const principal = core.authorize(q, core.config.libraryId, spaceId, 'confirm');
  findTask(core, spaceId, confirmKey, 'ConfirmKeyNotFound');
  const override = strategyParam(q.get('conflict_resolution_strategy'));
  const body = await readJsonObject(ctx.req, core.config.maxJsonBodyBytes);
  const crc = body.crc64;
  if (crc !== undefined && crc !== null && !(typeof crc === 'string' && /^\d{1,20}$/.test(crc))) {
    throw new HttpError(400, 'ParamInvalid', 'crc64 must be a decimal string');
  }
  bodyFields(body); // refused before anything is assembled
  // One confirm per task at a time: a racing second confirm waits, then sees UploadComplete.
  let locks = confirmLocks.get(core);
  if (!locks) confirmLocks.set(core, (locks = new Map()));
  const previous = locks.get(confirmKey) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() =>
    confirmLocked(core, ctx, spaceId, confirmKey, principal, override, crc as string | undefined, body));
  locks.set(confirmKey, run);
  try {
    await run;
  } finally {
    if (locks.get(confirmKey) === run) locks.delete(confirmKey);
  }
}

async function confirmLocked(
  core: Core, ctx: Ctx, spaceId: string, confirmKey: string, principal: Principal,
  override: Strategy | undefined, crc: string | undefined, body: Record<string, unknown>,
): Promise<void> {
  const task = findTask(core, spaceId, confirmKey, 'ConfirmKeyNotFound');
  if (task.confirmed) throw new HttpError(409, 'UploadComplete', 'the upload is already complete');
  if (task.orphaned) throw new HttpError(404, 'DirectoryNotFound', 'a parent folder of the target was deleted');
  const strategy = override ?? task.strategy;
  const canForce = task.canForce || principal.canForce;
  const target = () =>
    strategy === 'rename' && !core.fileAt(spaceId, task.path) && !core.dirExists(spaceId, task.path)
      ? { path: task.path, replaces: undefined }
      : core.resolveTarget(spaceId, task.requestedPath, strategy, canForce);
  target(); // fail fast on a clash before assembling anything

  let blobId: string;
  let digest: ObjectDigest;
  let eTag: string;
  let finalParts: ReturnType<typeof partsOf> | undefined;
  let fromObject = false;
  if (task.kind === 'multipart') {
    const uploadId = task.uploadId;
    if (!uploadId || !core.state.uploads[uploadId]) throw new HttpError(400, 'EmptyCosUploadId', 'the COS multipart upload is gone');
    const parts = [...(core.store.parts.get(uploadId)?.values() ?? [])].toSorted((a, b) => a.partNumber - b.partNumber);
    if (parts.length === 0) throw new HttpError(400, 'MultipartUploadIncomplete', 'no part has been uploaded');
    parts.forEach((p, i) => {
      if (p.partNumber !== i + 1) throw new HttpError(400, 'MultipartUploadIncomplete', `part ${i + 1} is missing (parts must be contiguous from 1)`);
    });
    parts.forEach((p, i) => {
      if (i < parts.length - 1 && p.size < MIN_PART) {
        throw new HttpError(400, 'MultipartUploadPartTooSmall', `part ${p.partNumber} is ${p.size} bytes; every part but the last needs at least 1 MiB`);
      }
    });
    const total = parts.reduce((sum, p) => sum + p.size, 0);
    if (task.declaredSize !== null && total !== task.declaredSize) {
      throw new HttpError(400, 'MultipartUploadIncomplete', `received ${total} of ${task.declaredSize} bytes`);
    }
    ({ blobId, digest } = await assembleParts(core.store, uploadId, parts));
    eTag = multipartETag(parts.map((p) => p.md5));
    finalParts = partsOf(core, task);
  } else {
    const object = core.state.objects[task.cosKey];
    if (!object) throw new HttpError(400, 'UploadIncomplete', 'the file has not been uploaded to COS');
    if (task.declaredSize !== null && object.size !== task.declaredSize) {
      throw new HttpError(400, 'UploadIncomplete', `received ${object.size} of ${task.declaredSize} bytes`);
    }
    ({ blobId, ...digest } = object);
    eTag = object.eTag;
    fromObject = true;
  }

  if (crc !== undefined && BigInt(crc) !== BigInt(digest.crc64)) {
    if (!fromObject) await core.store.releaseBlob(blobId);
    throw new HttpError(400, 'BadCrc64', 'crc64 does not match the uploaded bytes');
  }

  // From here to the reply nothing awaits, so the tree cannot change under the checks.
  let resolved: ReturnType<typeof target>;
  try {
    core.ensureParents(spaceId, task.requestedPath, core.config.createParentDirectories);
    resolved = target();
  } catch (error) {
    if (!fromObject) await core.store.releaseBlob(blobId);
    throw error;
  }
  const now = core.iso();
  const name = resolved.path.at(-1)!;
  // Confirm's fields win; the ones it leaves out are begin's (INFERRED, docs/smh-protocol.md §12.5).
  const { labels, category, localCreationTime, localModificationTime } = { ...fieldsOfTask(task), ...bodyFields(body) };
  const rec: FileRecord = {
    ...digest,
    blobId,
    spaceId,
    path: resolved.path,
    eTag,
    ...fileKind(name),
    inode: core.nextInode(),
    creationTime: now,
    modificationTime: now,
    metaData: task.meta,
    ...(labels ? { labels } : {}),
    ...(category !== undefined ? { category } : {}),
    ...(localCreationTime !== undefined ? { localCreationTime } : {}),
    ...(localModificationTime !== undefined ? { localModificationTime } : {}),
  };
  const released = core.putFile(rec);
  task.confirmed = true;
  task.path = resolved.path;
  task.file = core.fileInfo(rec, true, resolved.replaces !== undefined);
  if (finalParts) task.finalParts = finalParts;
  task.credentials = [];
  if (task.uploadId) delete core.state.uploads[task.uploadId];
  if (fromObject) delete core.state.objects[task.cosKey];
  core.save();
  const { inode, ...withoutInode } = task.file;
  core.sendReply(ctx.res, 200, ctx.query.get('with_inode') === '1' ? { ...withoutInode, inode } : withoutInode);
  if (task.uploadId) await core.store.removeUploadParts(task.uploadId);
  if (released) await core.store.releaseBlob(released);
}

function fieldsOfTask(task: TaskRecord): BodyFields {
  const { labels, category, localCreationTime, localModificationTime } = task;
  return {
    ...(labels ? { labels } : {}),
    ...(category !== undefined ? { category } : {}),
    ...(localCreationTime !== undefined ? { localCreationTime } : {}),
    ...(localModificationTime !== undefined ? { localModificationTime } : {}),
  };
}

/**
 * Splits `{LibraryId}/{SpaceId}/{rest}` (still encoded) and checks the library and space, as every
 * `/api/v1/file/…` and `/api/v1/directory/…` route does.
 */
export function librarySpace(core: Core, rawAfterPrefix: string): { spaceId: string; rest: string } {
  const [rawLibrary = '', rawSpace = '', ...restParts] = rawAfterPrefix.split('/');
  let libraryId: string;
  let spaceId: string;
  try {
    libraryId = decodeURIComponent(rawLibrary);
    spaceId = decodeURIComponent(rawSpace);
  } catch {
    throw new HttpError(400, 'ParamInvalid', 'the library or space ID is not valid percent-encoding');
  }
  if (libraryId === '') throw new HttpError(400, 'EmptyLibraryId', 'the library ID is missing');
  if (libraryId !== core.config.libraryId) throw new HttpError(404, 'LibraryNotFound', `no library "${libraryId.slice(0, 64)}"`);
  if (spaceId === '') throw new HttpError(400, 'EmptySpaceId', 'the space ID is missing');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(spaceId)) throw new HttpError(400, 'SpaceIdInvalid', 'the space ID is not valid');
  return { spaceId, rest: restParts.join('/') };
}

/** Which file route a request is: the upload calls (selector keys) and the file calls around them. */
function fileRoute(method: string | undefined, q: URLSearchParams): string | undefined {
  if (method === 'POST') {
    return q.has('multipart') ? 'smh:begin-multipart' : q.has('renew') ? 'smh:renew' : q.has('confirm') ? 'smh:confirm' : undefined;
  }
  if (method === 'GET') return q.has('upload') ? 'smh:status' : q.has('info') ? 'smh:file-info' : 'smh:file-download';
  if (method === 'DELETE') return q.has('upload') ? 'smh:cancel' : 'smh:file-delete';
  if (method === 'HEAD') return 'smh:file-check';
  // A PUT begins a simple upload, or (body `{from}`) moves a file: told apart once the body is read.
  if (method === 'PUT' && !q.has('upload') && !q.has('multipart')) return 'smh:put';
  return undefined;
}

/** Routes `/api/v1/file/{LibraryId}/{SpaceId}/{rest}`. */
export async function handleFileRoute(core: Core, ctx: Ctx, rawAfterPrefix: string): Promise<void> {
  const { spaceId, rest } = librarySpace(core, rawAfterPrefix);
  const route = fileRoute(ctx.req.method, ctx.query);
  if (route === 'smh:put') {
    const body = await readJsonObject(ctx.req, core.config.maxJsonBodyBytes);
    if ('from' in body) {
      core.countRequest('smh:file-move');
      return moveFile(core, ctx, spaceId, rest, body);
    }
    core.countRequest('smh:begin-simple');
    return begin(core, ctx, spaceId, rest, 'simple', body);
  }
  if (route) core.countRequest(route);
  switch (route) {
    case 'smh:begin-multipart': return begin(core, ctx, spaceId, rest, 'multipart');
    case 'smh:renew': return renew(core, ctx, spaceId, singleSegment(rest));
    case 'smh:confirm': return confirm(core, ctx, spaceId, singleSegment(rest));
    case 'smh:status': return status(core, ctx, spaceId, singleSegment(rest));
    case 'smh:cancel': return cancel(core, ctx, spaceId, singleSegment(rest));
    case 'smh:file-info': return fileInfo(core, ctx, spaceId, rest);
    case 'smh:file-download': return downloadFile(core, ctx, spaceId, rest);
    case 'smh:file-check': return checkFile(core, ctx, spaceId, rest);
    case 'smh:file-delete': return deleteFile(core, ctx, spaceId, rest);
  }
  throw new HttpError(404, 'RouteNotFound', `the emulator has no ${ctx.req.method} route for this file path and query`);
}
