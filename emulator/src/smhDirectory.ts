import { isInside, treeKey, type Core } from './core.js';
import { HttpError, readJsonObject, sendEmpty } from './http.js';
import { bodyPath, fileDetails } from './smhFiles.js';
import { parseFilePath } from './smhPath.js';
import { librarySpace, type Ctx } from './smhUpload.js';
import type { DirectoryRecord, FileRecord } from './store.js';

// SMH's directory API under /api/v1/directory/{LibraryId}/{SpaceId}/{DirPath} (docs/smh-protocol.md
// §12.1; R-JS `apis/directory-api.ts`, `sdk-docs/DirectoryApi.md`; R-IOS `QCloudSMHPutDirectoryRequest`):
//   PUT            create, with every missing parent (201)         grants admin, space_admin, create_directory
//   PUT {from}     rename or move a folder (204 ask / 200 rename)   admin, space_admin, move_directory
//   GET            list: marker/limit (default) or by-page page/page_size, order_by, order_by_type, filter, sort_type
//   GET ?info=1    details of a file or folder
//   HEAD           200 when the folder exists
//   DELETE         the folder and everything below (204)           admin, space_admin, delete_directory(_permanent)

const MAX_LIMIT = 100;
const MAX_PAGE_ITEMS = 10000;
const ORDER_FIELDS = ['name', 'modificationTime', 'size', 'creationTime', 'localCreationTime', 'localModificationTime'] as const;

type Entry = { name: string; dir: DirectoryRecord; file?: undefined } | { name: string; file: FileRecord; dir?: undefined };

function bad(message: string): never {
  throw new HttpError(400, 'ParamInvalid', message);
}

function dirStrategy(value: string | null): 'ask' | 'rename' {
  if (value === null || value === '' || value === 'ask') return 'ask';
  if (value === 'rename') return 'rename';
  throw new HttpError(400, 'InvalidConflictResolutionStrategy', 'conflict_resolution_strategy must be ask or rename for a folder');
}

function requireDir(core: Core, spaceId: string, segments: readonly string[]): void {
  if (!core.dirExists(spaceId, segments)) {
    throw new HttpError(404, 'DirectoryNotFound', `the folder "${segments.join('/')}" does not exist`);
  }
}

function dirDetails(core: Core, spaceId: string, segments: readonly string[], dir: DirectoryRecord, withInode: boolean) {
  const modificationTime = dir.modificationTime ?? dir.creationTime;
  return {
    name: segments.at(-1) ?? '',
    path: [...segments],
    type: 'dir',
    creationTime: dir.creationTime,
    modificationTime,
    eTag: String(Date.parse(modificationTime)),
    ...(withInode ? { inode: core.dirAt(spaceId, segments)!.inode } : {}),
  };
}

/** The folders and files directly inside `segments`. */
function children(core: Core, spaceId: string, segments: readonly string[]): Entry[] {
  const prefix = segments.length === 0 ? `${spaceId}/` : `${treeKey(spaceId, segments)}/`;
  const direct = (key: string) => key.startsWith(prefix) && !key.slice(prefix.length).includes('/');
  const out: Entry[] = [];
  for (const [key, dir] of Object.entries(core.state.directories)) if (direct(key)) out.push({ name: key.slice(prefix.length), dir });
  for (const [key, file] of Object.entries(core.state.files)) if (direct(key)) out.push({ name: key.slice(prefix.length), file });
  return out;
}

function sortKey(entry: Entry, field: (typeof ORDER_FIELDS)[number]): string | number {
  if (field === 'name') return entry.name;
  if (field === 'size') return entry.file?.size ?? 0;
  // A local time may carry an offset, so times are compared as instants; SMH's own time stands in when none was sent.
  if (field === 'localCreationTime') return Date.parse(entry.file?.localCreationTime ?? entry.file?.creationTime ?? entry.dir!.creationTime);
  if (field === 'localModificationTime') {
    return Date.parse(entry.file?.localModificationTime ?? entry.file?.modificationTime ?? entry.dir!.modificationTime ?? entry.dir!.creationTime);
  }
  if (field === 'modificationTime') return entry.file?.modificationTime ?? entry.dir!.modificationTime ?? entry.dir!.creationTime;
  return entry.file?.creationTime ?? entry.dir!.creationTime;
}

/** Folders first (unless `sort_type=union`), each group in name order or by `order_by`/`order_by_type`. */
function ordered(entries: Entry[], q: URLSearchParams): Entry[] {
  const orderBy = q.get('order_by') || 'name';
  if (!(ORDER_FIELDS as readonly string[]).includes(orderBy)) bad(`order_by must be one of ${ORDER_FIELDS.join(', ')}`);
  const direction = q.get('order_by_type') || 'asc';
  if (direction !== 'asc' && direction !== 'desc') bad('order_by_type must be asc or desc');
  const sortType = q.get('sort_type');
  if (sortType !== null && sortType !== '' && sortType !== 'union') bad('sort_type must be union or left out');
  const sign = direction === 'asc' ? 1 : -1;
  const field = orderBy as (typeof ORDER_FIELDS)[number];
  return entries.toSorted((a, b) => {
    if (sortType !== 'union' && !a.dir !== !b.dir) return a.dir ? -1 : 1;
    const x = sortKey(a, field);
    const y = sortKey(b, field);
    const byField = x < y ? -1 : x > y ? 1 : 0;
    return byField !== 0 ? byField * sign : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

function positiveInt(value: string | null, name: string, fallback: number): number {
  if (value === null || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) bad(`${name} must be a whole number ≥ 1`);
  return Number(value);
}

function decodeMarker(marker: string | null): number {
  if (marker === null || marker === '') return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8'));
    const offset = (parsed as { offset?: unknown }).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // falls through to the error below
  }
  bad('marker is not one this listing handed out');
}

function list(core: Core, ctx: Ctx, spaceId: string, segments: string[]): void {
  const q = ctx.query;
  core.authorize(q, core.config.libraryId, spaceId, 'read');
  requireDir(core, spaceId, segments);
  const withInode = q.get('with_inode') === '1';
  const all = children(core, spaceId, segments);
  const filter = q.get('filter');
  if (filter !== null && filter !== '' && filter !== 'onlyDir' && filter !== 'onlyFile') bad('filter must be onlyDir or onlyFile');
  const shown = ordered(all.filter((e) => (filter === 'onlyDir' ? e.dir : filter === 'onlyFile' ? e.file : true)), q);
  const view = (e: Entry) => (e.dir
    ? dirDetails(core, spaceId, [...segments, e.name], e.dir, withInode)
    : { name: e.name, path: [...segments, e.name], ...fileDetails(e.file, withInode) });
  if (q.has('by-page') || q.has('page') || q.has('page_size')) {
    const page = positiveInt(q.get('page'), 'page', 1);
    const pageSize = positiveInt(q.get('page_size'), 'page_size', 20);
    if (page * pageSize > MAX_PAGE_ITEMS) bad(`page × page_size may be at most ${MAX_PAGE_ITEMS}; list with marker instead`);
    const fileCount = all.filter((e) => e.file).length;
    return core.sendReply(ctx.res, 200, {
      path: segments,
      fileCount,
      subDirCount: all.length - fileCount,
      totalNum: all.length,
      contents: shown.slice((page - 1) * pageSize, page * pageSize).map(view),
    });
  }
  const limit = Math.min(MAX_LIMIT, positiveInt(q.get('limit'), 'limit', 20));
  const offset = decodeMarker(q.get('marker'));
  const end = offset + limit;
  core.sendReply(ctx.res, 200, {
    path: segments,
    ...(end < shown.length ? { nextMarker: Buffer.from(JSON.stringify({ offset: end })).toString('base64url') } : {}),
    contents: shown.slice(offset, end).map(view),
  });
}

function info(core: Core, ctx: Ctx, spaceId: string, segments: string[]): void {
  core.authorize(ctx.query, core.config.libraryId, spaceId, 'read');
  const withInode = ctx.query.get('with_inode') === '1';
  const file = segments.length > 0 ? core.fileAt(spaceId, segments) : undefined;
  if (file) return core.sendReply(ctx.res, 200, { path: segments, name: segments.at(-1)!, ...fileDetails(file, withInode) });
  if (segments.length === 0) return core.sendReply(ctx.res, 200, { path: [], name: '', type: 'dir' });
  const dir = core.dirAt(spaceId, segments);
  if (!dir) throw new HttpError(404, 'PathNotFound', `nothing at "${segments.join('/')}"`);
  core.sendReply(ctx.res, 200, dirDetails(core, spaceId, segments, dir, withInode));
}

function create(core: Core, ctx: Ctx, spaceId: string, segments: string[]): void {
  const q = ctx.query;
  core.authorize(q, core.config.libraryId, spaceId, 'createDirectory');
  if (segments.length === 0) throw new HttpError(400, 'EmptyPath', 'name the folder to create');
  const strategy = dirStrategy(q.get('conflict_resolution_strategy'));
  // A parent that is a file is a 409 even under rename (CONFIRMED-DOC D-MKDIR).
  core.ensureParents(spaceId, segments, true, 'SameNameDirectoryOrFileExists');
  let path = segments;
  if (core.fileAt(spaceId, segments) || core.dirExists(spaceId, segments)) {
    if (strategy === 'ask') throw new HttpError(409, 'SameNameDirectoryOrFileExists', `"${segments.join('/')}" already exists`);
    path = core.freeName(spaceId, segments);
  }
  const dir = core.addDir(spaceId, path);
  const withInode = q.get('with_inode') === '1';
  if (strategy === 'ask' && !withInode) return sendEmpty(ctx.res, 201);
  core.sendReply(ctx.res, 201, {
    creationTime: dir.creationTime,
    ...(strategy === 'rename' ? { path } : {}),
    ...(withInode ? { inode: dir.inode } : {}),
  });
}

function move(core: Core, ctx: Ctx, spaceId: string, target: string[], body: Record<string, unknown>): void {
  const q = ctx.query;
  core.authorize(q, core.config.libraryId, spaceId, 'moveDirectory');
  if (target.length === 0) throw new HttpError(400, 'EmptyPath', 'name where the folder goes');
  const from = bodyPath(body.from, 'from');
  const strategy = dirStrategy(q.get('conflict_resolution_strategy'));
  requireDir(core, spaceId, from);
  const reply = (path: string[]) => (strategy === 'ask' ? sendEmpty(ctx.res, 204) : core.sendReply(ctx.res, 200, { path }));
  if (from.join('/') === target.join('/')) return reply(target);
  if (isInside(target, from)) bad('a folder cannot move into itself');
  core.ensureParents(spaceId, target, true, 'SameNameDirectoryOrFileExists');
  let path = target;
  if (core.fileAt(spaceId, target) || core.dirExists(spaceId, target)) {
    if (strategy === 'ask') throw new HttpError(409, 'SameNameDirectoryOrFileExists', `"${target.join('/')}" already exists`);
    path = core.freeName(spaceId, target);
  }
  const oldKey = treeKey(spaceId, from);
  const newKey = treeKey(spaceId, path);
  const rekey = (key: string) => (key === oldKey || key.startsWith(`${oldKey}/`) ? newKey + key.slice(oldKey.length) : undefined);
  for (const [key, dir] of Object.entries(core.state.directories)) {
    const moved = rekey(key);
    if (moved === undefined) continue;
    delete core.state.directories[key];
    core.state.directories[moved] = key === oldKey ? { ...dir, modificationTime: core.iso() } : dir;
  }
  for (const [key, file] of Object.entries(core.state.files)) {
    const moved = rekey(key);
    if (moved === undefined) continue;
    delete core.state.files[key];
    core.state.files[moved] = { ...file, path: [...path, ...file.path.slice(from.length)] };
  }
  // Unconfirmed uploads aimed inside now aim at a folder that is gone, as after a delete.
  for (const task of Object.values(core.state.tasks)) {
    if (!task.confirmed && task.spaceId === spaceId && isInside(task.path, from)) task.orphaned = true;
  }
  core.save();
  reply(path);
}

async function remove(core: Core, ctx: Ctx, spaceId: string, segments: string[]): Promise<void> {
  core.authorize(ctx.query, core.config.libraryId, spaceId, 'deleteDirectory');
  if (segments.length === 0) throw new HttpError(400, 'EmptyPath', 'the root folder cannot be deleted');
  requireDir(core, spaceId, segments);
  await core.deleteFolder(spaceId, segments);
  sendEmpty(ctx.res, 204);
}

/** Routes `/api/v1/directory/{LibraryId}/{SpaceId}/{DirPath}` (an empty DirPath is the root). */
export async function handleDirectoryRoute(core: Core, ctx: Ctx, rawAfterPrefix: string): Promise<void> {
  const { spaceId, rest } = librarySpace(core, rawAfterPrefix);
  const segments = parseFilePath(rest, true);
  const method = ctx.req.method;
  if (method === 'PUT') {
    const body = await readJsonObject(ctx.req, core.config.maxJsonBodyBytes);
    const moving = 'from' in body;
    core.countRequest(moving ? 'smh:dir-move' : 'smh:dir-create');
    return moving ? move(core, ctx, spaceId, segments, body) : create(core, ctx, spaceId, segments);
  }
  if (method === 'GET') {
    const isInfo = ctx.query.has('info');
    core.countRequest(isInfo ? 'smh:dir-info' : 'smh:dir-list');
    return isInfo ? info(core, ctx, spaceId, segments) : list(core, ctx, spaceId, segments);
  }
  if (method === 'HEAD') {
    core.countRequest('smh:dir-check');
    core.authorize(ctx.query, core.config.libraryId, spaceId, 'read');
    requireDir(core, spaceId, segments);
    return sendEmpty(ctx.res, 200);
  }
  if (method === 'DELETE') {
    core.countRequest('smh:dir-delete');
    return remove(core, ctx, spaceId, segments);
  }
  throw new HttpError(404, 'RouteNotFound', `the emulator has no ${method} directory route`);
}
