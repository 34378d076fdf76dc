import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin.js';
import { Core, type Config } from './core.js';
import { handleCos } from './cos.js';
import { FaultState } from './faults.js';
import { applyCors, HttpError, newRequestId, sendJson, sendXml, type CorsOptions } from './http.js';
import { handleTokenRoute } from './smhTokens.js';
import { handleDirectoryRoute } from './smhDirectory.js';
import { handleFileRoute, type Ctx } from './smhUpload.js';
import { Store } from './store.js';
import type { Emulator, EmulatorOptions } from './types.js';
import { ReplyVariance } from './variance.js';

export type {
  Emulator, EmulatorOptions, EmulatorStats, Faults, FileEntry, PartFailureMode, PartStat, TokenReply, TokenRequest,
} from './types.js';
export { DEFAULT_FAULTS } from './faults.js';

/** A fixed, dev-only secret: the emulator guards nothing of value. Never a real library secret. */
export const DEV_LIBRARY_SECRET = 'emulator-dev-library-secret';
export const DEV_LIBRARY_ID = 'smhemulator';
export const DEV_COS_SECRET_ID = 'AKIDemulatorDevSecretId0000000000';
export const DEV_COS_SECRET_KEY = 'emulator-dev-cos-secret-key';
export const DEFAULT_PORT = 8787;
/** Unconfirmed (and confirmed) upload tasks are forgotten this long after begin: 7 days (README). */
export const DEFAULT_TASK_TTL_SECONDS = 7 * 24 * 3600;

// Errors sent before an upload body was read still let the client read the reply (a browser that is
// mid-upload when the socket closes reports a network error instead of the 403): drain up to this much.
const DRAIN_LIMIT = 64 * 1024 * 1024;

function splitUrl(raw: string | undefined): { path: string; query: URLSearchParams } {
  const url = raw ?? '/';
  const q = url.indexOf('?');
  return { path: q === -1 ? url : url.slice(0, q), query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)) };
}

/**
 * Stamps `Date` from the emulator's clock when the reply's head is written, not when the request
 * arrived: a client that corrects clock skew from it must not read the time a slow body started.
 * (`end()`/`write()` without an explicit `writeHead()` go through `writeHead()` too.)
 */
function stampDateOnSend(res: ServerResponse, now: () => number): void {
  const writeHead = res.writeHead;
  res.writeHead = function stamped(this: ServerResponse, ...args: unknown[]) {
    if (!this.headersSent) this.setHeader('Date', new Date(now()).toUTCString());
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
}

async function drain(req: IncomingMessage): Promise<boolean> {
  if (req.complete) return true;
  if (req.socket.destroyed) return false;
  let seen = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      seen += chunk.length;
      if (seen > DRAIN_LIMIT) return false;
    }
  } catch {
    return false;
  }
  return true;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function sendError(
  req: IncomingMessage, res: ServerResponse, error: unknown, requestId: string, kind: 'smh' | 'cos',
): Promise<void> {
  const known = error instanceof HttpError ? error : undefined;
  // A client that went away, or a wait cut short by close(), is not a fault of the emulator.
  // Node detaches `req.socket` (null) once the client has gone away, e.g. a browser tab reloaded mid-part.
  const gone = !req.socket || req.socket.destroyed || res.destroyed || (error as Error)?.name === 'AbortError';
  if (!known && !gone) console.error(`smh-emulator: internal error in ${req.method} handler:`, (error as Error)?.stack ?? error);
  if (res.headersSent || res.destroyed || gone) {
    res.destroy();
    return;
  }
  if (!(await drain(req))) res.setHeader('Connection', 'close');
  if (res.destroyed) return;
  const status = known?.status ?? 500;
  for (const [k, v] of Object.entries(known?.headers ?? {})) res.setHeader(k, v);
  if (kind === 'smh') {
    sendJson(res, status, { code: known?.code ?? 'InternalServerError', message: known?.message ?? 'internal error', requestId });
  } else {
    sendXml(res, status, 'Error', {
      Code: known?.code ?? 'InternalError',
      Message: known?.message ?? 'We encountered an internal error. Please try again.',
      Resource: req.url?.split('?')[0] ?? '/',
      RequestId: requestId,
      TraceId: requestId,
    });
  }
}

/** Starts the SMH API and COS servers on loopback (by default) with state in `dataDir`. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? DEFAULT_PORT;
  const requestedCosPort = options.cosPort ?? (requestedPort === 0 ? 0 : requestedPort + 1);
  const dataDir = options.dataDir ?? '.emulator-data';
  const config: Config = {
    libraryId: options.libraryId ?? DEV_LIBRARY_ID,
    librarySecret: options.librarySecret ?? DEV_LIBRARY_SECRET,
    partInfoTtlMs: (options.partInfoTtlSeconds ?? 3600) * 1000,
    createParentDirectories: options.createParentDirectories ?? false,
    taskTtlMs: (options.taskTtlSeconds ?? DEFAULT_TASK_TTL_SECONDS) * 1000,
    downloadUrlTtlMs: 7200 * 1000,
    cosSecretId: options.cosSecretId ?? DEV_COS_SECRET_ID,
    cosSecretKey: options.cosSecretKey ?? DEV_COS_SECRET_KEY,
    bucket: 'smhemulator-1250000000',
    region: 'ap-emulator',
    corsOrigins: options.corsOrigins ?? '*',
    maxJsonBodyBytes: options.maxJsonBodyBytes ?? 64 * 1024,
    now: options.now ?? Date.now,
  };
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(config.libraryId)) throw new TypeError('libraryId must be 1–64 of A-Z a-z 0-9 _ -');
  if (!(config.partInfoTtlMs > 0)) throw new TypeError('partInfoTtlSeconds must be positive');
  if (!(config.taskTtlMs > 0)) throw new TypeError('taskTtlSeconds must be positive');
  const faults = new FaultState({ ...options.faults, ...(options.seed !== undefined ? { seed: options.seed } : {}) });

  const smhCors: CorsOptions = {
    origins: config.corsOrigins,
    expose: [
      'Date', 'x-smh-request-id', 'x-request-id', 'Retry-After', 'ETag', 'Content-Length', 'Location',
      'x-smh-type', 'x-smh-creation-time', 'x-smh-modification-time', 'x-smh-content-type', 'x-smh-size', 'x-smh-etag', 'x-smh-crc64',
    ],
    methods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'OPTIONS'],
  };
  const cosCors: CorsOptions = {
    origins: config.corsOrigins,
    expose: [
      'ETag', 'x-cos-request-id', 'x-cos-hash-crc64ecma', 'Content-Length', 'Date', 'Last-Modified', 'x-cos-version-id',
      'Content-Range', 'Accept-Ranges',
    ],
    methods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
  };

  let core!: Core;
  let smhServer!: Server;
  let cosServer!: Server;
  const inflight = new Set<Promise<void>>();
  let urls = { url: '', cosUrl: '', cosDomain: '' };
  // One variance sequence for the emulator's life (it survives restart()), seeded like the faults.
  const variance = options.replyVariance ? new ReplyVariance(options.seed ?? options.faults?.seed ?? 0) : undefined;

  async function open(store: Store, previous: Core | undefined): Promise<void> {
    await store.open();
    core = new Core(config, store, faults);
    core.variance = variance;
    if (previous) core.stats = previous.stats;
    core.afterLoad();
  }

  function track(work: Promise<void>): void {
    // A request handler must never take the process down: anything that escapes sendError is
    // logged and the connection dropped.
    const guarded = work.catch((error: unknown) => {
      console.error('smh-emulator: request failed after its reply started:', (error as Error)?.stack ?? error);
    });
    inflight.add(guarded);
    void guarded.finally(() => inflight.delete(guarded));
  }

  async function smhRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    res.setHeader('x-smh-request-id', requestId);
    stampDateOnSend(res, () => core.now());
    try {
      if (applyCors(req, res, smhCors)) return;
      const { path, query } = splitUrl(req.url);
      const ctx: Ctx = { req, res, path, query };
      if (path.startsWith('/__emulator/')) {
        return await handleAdmin(core, ctx, { info });
      }
      const isToken = path === '/api/v1/token' || path.startsWith('/api/v1/token/');
      const isFile = path.startsWith('/api/v1/file/');
      const isDirectory = path.startsWith('/api/v1/directory/');
      if (!isToken && !isFile && !isDirectory) throw new HttpError(404, 'RouteNotFound', 'no SMH route at this path');
      if (core.faults.takeRateLimit()) {
        core.countFault('rate-limit');
        throw new HttpError(429, 'RateLimitExceeded', 'too many requests (injected fault)', { 'Retry-After': '1' });
      }
      const latency = core.faults.current.latencyMs;
      if (latency > 0) await core.sleep(latency);
      if (isToken) handleTokenRoute(core, ctx, path.slice('/api/v1/token'.length));
      else if (isFile) await handleFileRoute(core, ctx, path.slice('/api/v1/file/'.length));
      else await handleDirectoryRoute(core, ctx, path.slice('/api/v1/directory/'.length));
    } catch (error) {
      await sendError(req, res, error, requestId, 'smh');
    }
  }

  async function cosRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    res.setHeader('x-cos-request-id', requestId);
    res.setHeader('Server', 'tencent-cos');
    stampDateOnSend(res, () => core.now());
    try {
      if (applyCors(req, res, cosCors)) return;
      const { path, query } = splitUrl(req.url);
      await handleCos(core, { req, res, path, query });
    } catch (error) {
      await sendError(req, res, error, requestId, 'cos');
    }
  }

  function makeServers(): void {
    smhServer = createServer((req, res) => track(smhRequest(req, res)));
    cosServer = createServer((req, res) => track(cosRequest(req, res)));
    // Slow (bandwidth-capped) part uploads may take longer than Node's default 5-minute request timeout.
    cosServer.requestTimeout = 0;
    for (const server of [smhServer, cosServer]) {
      server.on('clientError', (_error, socket) => {
        if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        else socket.destroy();
      });
    }
  }

  async function listenBoth(port: number, cosPort: number): Promise<void> {
    makeServers();
    const smhPort = await listen(smhServer, port, host);
    let actualCos: number;
    try {
      actualCos = await listen(cosServer, cosPort, host);
    } catch (error) {
      await closeServer(smhServer);
      throw error;
    }
    const h = urlHost(host);
    urls = { url: `http://${h}:${smhPort}`, cosUrl: `http://${h}:${actualCos}`, cosDomain: `${h}:${actualCos}` };
    core.cosDomain = urls.cosDomain;
  }

  async function stop(): Promise<void> {
    core.closing.abort();
    await Promise.all([closeServer(smhServer), closeServer(cosServer)]);
    // Handlers whose sockets were just closed finish quickly; wait so their state changes are saved.
    // The cap's timer is cleared, so close() does not keep Node alive for 5 s after the last request.
    let cap: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(inflight),
      new Promise<void>((resolve) => {
        cap = setTimeout(resolve, 5000);
      }),
    ]);
    clearTimeout(cap);
    await core.store.flush();
  }

  function info() {
    return {
      url: urls.url,
      cosUrl: urls.cosUrl,
      libraryId: config.libraryId,
      spaceId: '-',
      partInfoTtlSeconds: config.partInfoTtlMs / 1000,
      createParentDirectories: config.createParentDirectories,
      replyVariance: variance !== undefined,
      taskTtlSeconds: config.taskTtlMs / 1000,
      cos: { secretId: config.cosSecretId, bucket: config.bucket, region: config.region, domain: urls.cosDomain },
    };
  }

  await open(new Store(dataDir), undefined);
  await listenBoth(requestedPort, requestedCosPort);
  let closed = false;

  const emulator: Emulator = {
    get url() { return urls.url; },
    get cosUrl() { return urls.cosUrl; },
    libraryId: config.libraryId,
    librarySecret: config.librarySecret,
    dataDir: core.store.root,
    get cos() {
      return { secretId: config.cosSecretId, secretKey: config.cosSecretKey, bucket: config.bucket, region: config.region, domain: urls.cosDomain };
    },
    async issueToken(request = {}) {
      const reply = core.createToken({ grant: 'admin', ...request });
      await core.store.flush();
      return reply;
    },
    faults: () => core.faults.current,
    setFaults: (partial) => core.setFaults(partial),
    expireCredentials: (opts) => core.expireCredentials(opts?.accessTokens === true),
    deleteFolder: (path, spaceId = '-') =>
      core.deleteFolder(spaceId, path.split('/').filter((s) => s !== '')),
    async createFolder(path, spaceId = '-') {
      core.createFolder(spaceId, path.split('/').filter((s) => s !== ''));
    },
    files: () => core.fileEntries(),
    stats: () => structuredClone(core.stats),
    async waitForStats(ready) {
      // Each call checks the current Core (restart() makes a new one but keeps the same stats object).
      await core.waitForStats((stats) => ready(structuredClone(stats)));
      return structuredClone(core.stats);
    },
    resetStats: () => core.resetStats(),
    async restart() {
      if (closed) throw new Error('the emulator is closed');
      const ports = { smh: Number(new URL(urls.url).port), cos: Number(new URL(urls.cosUrl).port) };
      await stop();
      const previous = core;
      await open(new Store(dataDir), previous);
      await listenBoth(ports.smh, ports.cos);
    },
    async close() {
      if (closed) return;
      closed = true;
      await stop();
    },
  };
  return emulator;
}
