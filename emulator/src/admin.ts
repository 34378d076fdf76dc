import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Core } from './core.js';
import { HttpError, readJsonObject, sendEmpty, sendJson } from './http.js';
import { parseFilePath } from './smhPath.js';
import type { Ctx } from './smhUpload.js';

// Emulator-only controls under /__emulator/ on the SMH origin (SMH itself never uses that prefix).

export interface AdminHooks {
  info(): Record<string, unknown>;
}

function spaceOf(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw new HttpError(400, 'SpaceIdInvalid', 'spaceId is not valid');
  return value;
}

function folderPath(value: unknown): string[] {
  if (typeof value !== 'string' || value.replace(/\//g, '') === '') {
    throw new HttpError(400, 'EmptyPath', 'path must name a folder, e.g. "incoming" or "a/b"');
  }
  return parseFilePath(value.split('/').map(encodeURIComponent).join('/'));
}

export async function handleAdmin(core: Core, ctx: Ctx, hooks: AdminHooks): Promise<void> {
  const route = ctx.path.slice('/__emulator/'.length);
  const method = ctx.req.method;
  const max = core.config.maxJsonBodyBytes;
  if (route === 'faults' && method === 'GET') return sendJson(ctx.res, 200, core.faults.current);
  if (route === 'faults' && method === 'POST') {
    return sendJson(ctx.res, 200, core.setFaults(await readJsonObject(ctx.req, max)));
  }
  if (route === 'expire-credentials' && method === 'POST') {
    const body = await readJsonObject(ctx.req, max);
    if (body.accessTokens !== undefined && typeof body.accessTokens !== 'boolean') {
      throw new HttpError(400, 'ParamInvalid', 'accessTokens must be a boolean');
    }
    return sendJson(ctx.res, 200, core.expireCredentials(body.accessTokens === true));
  }
  if (route === 'delete-folder' && method === 'POST') {
    const body = await readJsonObject(ctx.req, max);
    return sendJson(ctx.res, 200, await core.deleteFolder(spaceOf(body.spaceId), folderPath(body.path)));
  }
  if (route === 'create-folder' && method === 'POST') {
    const body = await readJsonObject(ctx.req, max);
    core.createFolder(spaceOf(body.spaceId), folderPath(body.path));
    return sendJson(ctx.res, 200, { created: true });
  }
  if (route === 'files' && method === 'GET') {
    const directories = Object.entries(core.state.directories)
      .map(([key, d]) => ({ spaceId: key.slice(0, key.indexOf('/')), path: key.slice(key.indexOf('/') + 1), creationTime: d.creationTime }))
      .toSorted((a, b) => (a.spaceId + a.path).localeCompare(b.spaceId + b.path));
    return sendJson(ctx.res, 200, { files: core.fileEntries(), directories });
  }
  if (route.startsWith('file/') && (method === 'GET' || method === 'HEAD')) {
    const segments = parseFilePath(route.slice('file/'.length));
    const file = core.fileAt(spaceOf(ctx.query.get('space_id') ?? undefined), segments);
    if (!file) throw new HttpError(404, 'FileNotFound', 'no file at this path');
    ctx.res.statusCode = 200;
    ctx.res.setHeader('Content-Type', file.contentType);
    ctx.res.setHeader('Content-Length', file.size);
    ctx.res.setHeader('ETag', file.eTag);
    ctx.res.setHeader('x-emulator-sha256', file.sha256);
    if (method === 'HEAD') {
      ctx.res.end();
      return;
    }
    return pipeline(createReadStream(core.store.blobPath(file.blobId)), ctx.res);
  }
  if (route === 'stats' && method === 'GET') return sendJson(ctx.res, 200, core.stats);
  if (route === 'stats/reset' && method === 'POST') {
    core.resetStats();
    return sendEmpty(ctx.res, 204);
  }
  if (route === 'info' && method === 'GET') return sendJson(ctx.res, 200, hooks.info());
  if (route === 'token' && method === 'POST') {
    const body = await readJsonObject(ctx.req, max);
    const grant = body.grant ?? 'admin';
    if (typeof grant !== 'string' && !(Array.isArray(grant) && grant.every((g) => typeof g === 'string'))) {
      throw new HttpError(400, 'ParamInvalid', 'grant must be a string or an array of strings');
    }
    if (body.period !== undefined && (typeof body.period !== 'number' || !(body.period > 0))) {
      throw new HttpError(400, 'ParamInvalid', 'period must be a positive number of seconds');
    }
    if (body.userId !== undefined && typeof body.userId !== 'string') throw new HttpError(400, 'ParamInvalid', 'userId must be a string');
    return sendJson(ctx.res, 200, core.createToken({
      grant: grant as string | string[],
      ...(typeof body.period === 'number' ? { period: body.period } : {}),
      ...(typeof body.userId === 'string' ? { userId: body.userId } : {}),
    }));
  }
  throw new HttpError(404, 'RouteNotFound', `no emulator admin route ${method} /__emulator/${route.slice(0, 80)}`);
}
