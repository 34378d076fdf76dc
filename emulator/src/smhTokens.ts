import { hashToken, type Core } from './core.js';
import { HttpError, sendEmpty, sendJson } from './http.js';
import type { Ctx } from './smhUpload.js';

// SMH's token API (docs/smh-protocol.md §3): create, renew, delete one, delete all of a user.

function checkSecret(core: Core, q: URLSearchParams, libraryId: string | null): void {
  const secret = q.get('library_secret');
  if (!libraryId && !secret) throw new HttpError(400, 'EmptyLibraryIdOrSecret', 'library_id and library_secret are required');
  if (!libraryId) throw new HttpError(400, 'EmptyLibraryId', 'library_id is required');
  if (!secret) throw new HttpError(400, 'EmptyLibrarySecret', 'library_secret is required');
  if (libraryId !== core.config.libraryId) throw new HttpError(404, 'LibraryNotFound', `no library "${libraryId.slice(0, 64)}"`);
  if (secret !== core.config.librarySecret) throw new HttpError(403, 'NoPermission', 'the library secret is wrong');
}

function create(core: Core, ctx: Ctx): void {
  const q = ctx.query;
  checkSecret(core, q, q.get('library_id'));
  const periodText = q.get('period');
  let period: number | undefined;
  if (periodText !== null && periodText !== '') {
    if (!/^\d{1,9}$/.test(periodText)) throw new HttpError(400, 'ParamInvalid', 'period must be a whole number of seconds');
    period = Number(periodText);
  }
  const grant = q.get('grant') ?? '';
  if (!/^[a-z_,\s]*$/.test(grant)) throw new HttpError(400, 'ParamInvalid', 'grant must be a comma-separated list of grant names');
  const spaceId = q.get('space_id') ?? undefined;
  if (spaceId !== undefined && !/^[A-Za-z0-9_,-]*$/.test(spaceId)) throw new HttpError(400, 'SpaceIdInvalid', 'space_id is not valid');
  sendJson(ctx.res, 200, core.createToken({
    grant,
    ...(period !== undefined ? { period } : {}),
    ...(spaceId ? { spaceId } : {}),
    userId: q.get('user_id') ?? '',
    clientId: q.get('client_id') ?? '',
    sessionId: q.get('session_id') ?? '',
  }));
}

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, 'ParamInvalid', 'the path is not valid percent-encoding');
  }
}

/** Routes `/api/v1/token…`. `rest` is the raw path after `/api/v1/token`. */
export function handleTokenRoute(core: Core, ctx: Ctx, rest: string): void {
  const method = ctx.req.method;
  const parts = rest.split('/').filter((p) => p !== '').map(decode);
  if (parts.length === 0 && (method === 'GET' || method === 'POST')) {
    core.countRequest('smh:token-create');
    return create(core, ctx);
  }
  if (parts.length === 1 && method === 'DELETE') {
    core.countRequest('smh:token-delete-user');
    const q = ctx.query;
    checkSecret(core, q, parts[0]!);
    const userId = q.get('user_id') ?? '';
    const clientId = q.get('client_id');
    const sessionId = q.get('session_id');
    for (const [hash, rec] of Object.entries(core.state.tokens)) {
      if (rec.userId !== userId) continue;
      if (clientId && rec.clientId !== clientId) continue;
      if (sessionId && rec.sessionId !== sessionId) continue;
      delete core.state.tokens[hash];
    }
    core.save();
    return sendEmpty(ctx.res, 204);
  }
  if (parts.length === 2 && (method === 'POST' || method === 'DELETE')) {
    const [libraryId, token] = parts as [string, string];
    core.countRequest(method === 'POST' ? 'smh:token-renew' : 'smh:token-delete');
    if (libraryId !== core.config.libraryId) throw new HttpError(404, 'LibraryNotFound', `no library "${libraryId.slice(0, 64)}"`);
    const rec = core.findToken(token);
    if (!rec) throw new HttpError(403, 'InvalidAccessToken', 'the access token is unknown or has expired');
    if (method === 'DELETE') {
      delete core.state.tokens[hashToken(token)];
      core.save();
      return sendEmpty(ctx.res, 204);
    }
    // Renew keeps the token string and its period (docs/smh-protocol.md §3.2; see README).
    core.touchToken(rec);
    return sendJson(ctx.res, 200, { accessToken: token, expiresIn: rec.period });
  }
  throw new HttpError(404, 'RouteNotFound', `the emulator has no ${method} token route here`);
}
