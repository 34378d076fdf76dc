import type { Core } from './core.js';
import { buildAuthorization } from './cosSign.js';
import { HttpError, sendEmpty } from './http.js';
import { fileKind, parseFilePath } from './smhPath.js';
import { strategyParam, type Ctx } from './smhUpload.js';
import type { FileRecord } from './store.js';

// The file calls a portal makes around uploads, under /api/v1/file/{LibraryId}/{SpaceId}/{FilePath}
// (R-JS `apis/file-api.ts`): info (`GET ?info=1`), download (`GET`, 302 to a signed COS URL), check
// (`HEAD`), delete (`DELETE`) and rename/move (`PUT` with body `{from}`).

const MOVE_FORCE_GRANTS = ['admin', 'space_admin', 'move_file_force'];

/** A path given in a JSON body (`from`): `/` separates levels, a leading `/` is allowed. */
export function bodyPath(value: unknown, field: string): string[] {
  if (typeof value !== 'string' || value.replace(/\//g, '') === '') {
    throw new HttpError(400, 'ParamInvalid', `${field} must be a path such as "folder/name.ext"`);
  }
  return parseFilePath(value.split('/').map(encodeURIComponent).join('/'));
}

function requireFile(core: Core, spaceId: string, segments: readonly string[]): FileRecord {
  const file = core.fileAt(spaceId, segments);
  if (!file) throw new HttpError(404, 'FileNotFound', 'no file at this path');
  return file;
}

/** The COS key a stored SMH file is served under (by inode, so a rename or move keeps it). */
export function fileCosKey(core: Core, file: FileRecord): string {
  return `${core.config.libraryId}/f/${file.inode}`;
}

/** The SMH file behind a COS key made by `fileCosKey`, if it still exists. */
export function fileForCosKey(core: Core, key: string): FileRecord | undefined {
  const prefix = `${core.config.libraryId}/f/`;
  if (!key.startsWith(prefix)) return undefined;
  const inode = key.slice(prefix.length);
  return Object.values(core.state.files).find((f) => f.inode === inode);
}

/** A query-string-signed GET of the file on the COS origin, valid for `downloadUrlTtlMs` (docs: about 2 h). */
function signedUrl(core: Core, file: FileRecord): string {
  const key = fileCosKey(core, file);
  const start = Math.floor(core.now() / 1000) - 1;
  const end = Math.floor((core.now() + core.config.downloadUrlTtlMs) / 1000);
  const query = buildAuthorization(core.config.cosSecretId, core.config.cosSecretKey, start, end, {
    method: 'get', path: `/${key}`, params: {}, headers: {},
  });
  return `http://${core.cosDomain}/${key}?${query}`;
}

/** The fields SMH returns for a file in info replies and listings (R-JS `InfoFile200Response`). */
export function fileDetails(file: FileRecord, withInode: boolean): Record<string, unknown> {
  const kind = fileKind(file.path.at(-1)!);
  return {
    type: file.type,
    creationTime: file.creationTime,
    modificationTime: file.modificationTime,
    contentType: file.contentType,
    size: String(file.size),
    eTag: file.eTag,
    crc64: file.crc64,
    fileType: kind.fileType,
    previewByDoc: false,
    previewByCI: false,
    previewAsIcon: false,
    ...(Object.keys(file.metaData).length > 0 ? { metaData: file.metaData } : {}),
    ...(file.labels ? { labels: file.labels } : {}),
    ...(file.category !== undefined ? { category: file.category } : {}),
    ...(file.localCreationTime !== undefined ? { localCreationTime: file.localCreationTime } : {}),
    ...(file.localModificationTime !== undefined ? { localModificationTime: file.localModificationTime } : {}),
    versionId: 1,
    ...(withInode ? { inode: file.inode } : {}),
  };
}

/** `GET …/{FilePath}?info=1`: the file's details and a signed `cosUrl` (none with `pre_check=1`). */
export function fileInfo(core: Core, ctx: Ctx, spaceId: string, rawPath: string): void {
  core.authorize(ctx.query, core.config.libraryId, spaceId, 'read');
  const file = requireFile(core, spaceId, parseFilePath(rawPath));
  const preCheck = ctx.query.get('pre_check') === '1';
  core.sendReply(ctx.res, 200, {
    ...(preCheck ? {} : { cosUrl: signedUrl(core, file) }),
    ...fileDetails(file, ctx.query.get('with_inode') === '1'),
  });
}

/** `GET …/{FilePath}`: 302 to the signed COS URL, with the file's facts in `x-smh-*` headers (R-JS FileApi.md). */
export function downloadFile(core: Core, ctx: Ctx, spaceId: string, rawPath: string): void {
  core.authorize(ctx.query, core.config.libraryId, spaceId, 'read');
  const file = requireFile(core, spaceId, parseFilePath(rawPath));
  const res = ctx.res;
  res.setHeader('Location', signedUrl(core, file));
  res.setHeader('x-smh-type', file.type);
  res.setHeader('x-smh-creation-time', file.creationTime);
  res.setHeader('x-smh-modification-time', file.modificationTime);
  res.setHeader('x-smh-content-type', file.contentType);
  res.setHeader('x-smh-size', String(file.size));
  res.setHeader('x-smh-etag', file.eTag);
  res.setHeader('x-smh-crc64', file.crc64);
  sendEmpty(res, 302);
}

/** `HEAD …/{FilePath}`: 200 when a file is there, else 404. */
export function checkFile(core: Core, ctx: Ctx, spaceId: string, rawPath: string): void {
  core.authorize(ctx.query, core.config.libraryId, spaceId, 'read');
  requireFile(core, spaceId, parseFilePath(rawPath));
  sendEmpty(ctx.res, 200);
}

/** `DELETE …/{FilePath}`: 204 (the emulator has no recycle bin, so `permanent` changes nothing). */
export async function deleteFile(core: Core, ctx: Ctx, spaceId: string, rawPath: string): Promise<void> {
  core.authorize(ctx.query, core.config.libraryId, spaceId, 'deleteFile');
  const segments = parseFilePath(rawPath);
  const file = requireFile(core, spaceId, segments);
  core.removeFile(spaceId, segments);
  await core.store.releaseBlob(file.blobId);
  sendEmpty(ctx.res, 204);
}

/**
 * `PUT …/{FilePath}` with `{from}`: renames or moves a file to `FilePath` (200 `{path}`). Parents are
 * not created (404 DirectoryNotFound); clashes follow `conflict_resolution_strategy` (default rename);
 * overwriting needs `admin`, `space_admin` or `move_file_force`.
 */
export async function moveFile(core: Core, ctx: Ctx, spaceId: string, rawPath: string, body: Record<string, unknown>): Promise<void> {
  const principal = core.authorize(ctx.query, core.config.libraryId, spaceId, 'moveFile');
  const target = parseFilePath(rawPath);
  const from = bodyPath(body.from, 'from');
  const strategy = strategyParam(ctx.query.get('conflict_resolution_strategy')) ?? 'rename';
  const file = requireFile(core, spaceId, from);
  if (from.join('/') === target.join('/')) return core.sendReply(ctx.res, 200, { path: target });
  core.ensureParents(spaceId, target, false);
  const canForce = principal.grants.some((g) => MOVE_FORCE_GRANTS.includes(g));
  const resolved = core.resolveTarget(spaceId, target, strategy, canForce);
  core.removeFile(spaceId, from);
  const { type, contentType } = fileKind(resolved.path.at(-1)!);
  const released = core.putFile({ ...file, path: resolved.path, type, contentType });
  if (released) await core.store.releaseBlob(released);
  core.sendReply(ctx.res, 200, { path: resolved.path });
}
