// A fault proxy for the end-to-end suite: a real HTTP proxy on 127.0.0.1 between Chromium and the
// emulator's SMH and COS origins. It breaks chosen requests the way networks do (a request that
// is read and never answered, a connection reset mid-body, a delay, a reply lost after the server
// acted on the request), so the engine meets faults the emulator did not stage itself, and it
// logs every request that went through. Bounded: a rule breaks only the attempts it lists, a held
// request is let go after `maxHoldMs`, past `maxRequests` it answers 503, and it closes itself
// after `lifetimeMs`. Loopback only, both ways. With `link` it also behaves like a home line
// (./link.ts): latency per request and one bandwidth cap for every connection's uploads.
import { Agent, createServer, request as httpRequest, type ClientRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Transform, type Readable } from 'node:stream';
import { createSharedPipe, type LinkOptions, type LinkStats } from './link';

export type ProxyOrigin = 'smh' | 'cos';

export type FaultAction =
  /** Read the whole request body, never forward it, never answer. */
  | { kind: 'stall' }
  /** Forward the first `afterBytes` (≥ 1) body bytes, then reset the client's connection (TCP RST) and drop the upstream one. */
  | { kind: 'reset'; afterBytes: number }
  /** Hold the request `ms` before forwarding it. */
  | { kind: 'delay'; ms: number }
  /** Forward the request, read the server's whole reply, then close the client's connection instead of answering. */
  | { kind: 'dropReply' };

export interface FaultRule {
  /** Names the rule in the log and in `hits()`. */
  name: string;
  origin: ProxyOrigin;
  /** HTTP method, e.g. `PUT` (a CORS preflight is `OPTIONS`, so it never matches a PUT rule). */
  method: string;
  /** Tested against the path (before `?`). Default: any path. */
  path?: RegExp;
  /** Query keys the request must carry; a string value must equal the key's value. */
  query?: Readonly<Record<string, string | true>>;
  /** Which of the matching requests to break, counting from 1 (`[2]`: the second attempt). Default `[1]`. */
  attempts?: readonly number[];
  action: FaultAction;
}

/** How a request ended at the proxy. */
export type ProxyEnd =
  | 'answered'
  | 'client-closed'
  | 'reset'
  | 'reply-dropped'
  | 'held-too-long'
  | 'upstream-error'
  | 'refused'
  | 'proxy-closed';

export interface ProxiedRequest {
  /** 1, 2, 3… in the order requests arrived. */
  id: number;
  /** When it arrived (`Date.now()`). */
  at: number;
  origin: ProxyOrigin;
  method: string;
  path: string;
  query: Record<string, string>;
  /** The rule that broke this request; undefined when it went through untouched. */
  fault?: { rule: string; kind: FaultAction['kind'] };
  /** Body bytes read from the client. */
  bytesIn: number;
  /** Body bytes forwarded to the server. */
  bytesUp: number;
  /** What the server answered (also when the proxy then dropped the reply). */
  status?: number;
  /** The first 4 KiB of an SMH reply body (JSON error codes), for the tests to read. */
  replyExcerpt?: string;
  /** Unset while the request is still open. */
  end?: ProxyEnd;
}

export interface FaultProxyOptions {
  /**
   * Each origin's server, read per request so it may move (an emulator restart) or come later
   * (undefined until then: such requests get 502). Loopback only.
   */
  upstream: Readonly<Record<ProxyOrigin, () => string | undefined>>;
  rules?: readonly FaultRule[];
  /** A stalled request's connection is closed after this long. Default 5 minutes. */
  maxHoldMs?: number;
  /** The proxy closes itself after this long. Default 30 minutes. */
  lifetimeMs?: number;
  /** Requests past this many are answered 503 (a runaway loop must not go on unseen). Default 20,000. */
  maxRequests?: number;
  /** Runs `callback` after `ms`; returns a cancel function. Default: unref'd `setTimeout` (its unit tests pass their own). */
  schedule?: (callback: () => void, ms: number) => () => void;
  /** The clock the link's bandwidth cap runs on (default `performance.now`; its unit tests pass their own). */
  now?: () => number;
  /** Emulate an access link on top of the rules: every request and body byte goes through it. */
  link?: LinkOptions;
}

export interface FaultProxy {
  /** The SMH origin as the page should call it, e.g. `http://127.0.0.1:40123`. */
  readonly smhUrl: string;
  readonly cosUrl: string;
  /** `host:port` of the COS side, as SMH hands out `domain`. */
  readonly cosHost: string;
  addRule(rule: FaultRule): void;
  /** Forgets every rule and its attempt count, the log, and the link's counts. */
  reset(): void;
  /** Every request so far, oldest first (copies). */
  log(): ProxiedRequest[];
  /** How many requests the rule `name` broke. */
  hits(name: string): number;
  /** What went through the emulated link, when there is one. */
  linkStats(): LinkStats | undefined;
  readonly closed: boolean;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te', 'trailer']);
const EXCERPT_BYTES = 4096;

export function isLoopbackUrl(raw: string): boolean {
  let host: string;
  try {
    host = new URL(raw).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function checkRule(rule: FaultRule): void {
  const attempts = rule.attempts ?? [1];
  if (attempts.length === 0 || attempts.some((n) => !Number.isInteger(n) || n < 1 || n > 10_000)) {
    throw new RangeError(`rule ${rule.name}: attempts must be whole numbers from 1`);
  }
  const { action } = rule;
  if (action.kind === 'reset' && !(Number.isInteger(action.afterBytes) && action.afterBytes >= 1)) {
    throw new RangeError(`rule ${rule.name}: afterBytes must be a whole number ≥ 1 (the cut is mid-body)`);
  }
  if (action.kind === 'delay' && !(action.ms >= 0)) throw new RangeError(`rule ${rule.name}: ms must be ≥ 0`);
}

function headersWithout(headers: IncomingMessage['headers'], drop: ReadonlySet<string>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !drop.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

const RESPONSE_DROP = new Set([...HOP_BY_HOP, 'transfer-encoding']);

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const defaultSchedule = (callback: () => void, ms: number) => {
  const timer = setTimeout(callback, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const maxHoldMs = options.maxHoldMs ?? 5 * 60_000;
  const lifetimeMs = options.lifetimeMs ?? 30 * 60_000;
  const maxRequests = options.maxRequests ?? 20_000;
  const schedule = options.schedule ?? defaultSchedule;
  for (const origin of ['smh', 'cos'] as const) {
    const target = options.upstream[origin]();
    if (target !== undefined && !isLoopbackUrl(target)) throw new Error(`the fault proxy forwards to loopback only; ${origin} is ${target}`);
  }

  interface RuleState {
    rule: FaultRule;
    seen: number;
    hits: number;
  }
  let rules: RuleState[] = [];
  let entries: ProxiedRequest[] = [];
  let sequence = 0;
  let closed = false;
  let closing: Promise<void> | undefined;
  const cancels = new Set<() => void>();
  const sockets = new Set<Socket>();
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const pipe = options.link ? createSharedPipe(options.link, options.now ?? (() => performance.now())) : undefined;
  /** Connections that have already carried a request (so paid the link's handshake). */
  const used = new WeakSet<Socket>();

  const later = (callback: () => void, ms: number) => {
    const cancel = schedule(() => {
      cancels.delete(cancel);
      callback();
    }, ms);
    cancels.add(cancel);
    return () => {
      cancels.delete(cancel);
      cancel();
    };
  };

  const addRule = (rule: FaultRule) => {
    checkRule(rule);
    rules.push({ rule, seen: 0, hits: 0 });
  };
  for (const rule of options.rules ?? []) addRule(rule);

  /** Counts the attempt for every rule it matches; the first rule that breaks this attempt wins. */
  function match(origin: ProxyOrigin, method: string, path: string, query: URLSearchParams): RuleState | undefined {
    let chosen: RuleState | undefined;
    for (const state of rules) {
      const { rule } = state;
      if (rule.origin !== origin || rule.method.toUpperCase() !== method) continue;
      if (rule.path && !rule.path.test(path)) continue;
      const queryOk = Object.entries(rule.query ?? {}).every(([key, want]) =>
        want === true ? query.has(key) : query.get(key) === want,
      );
      if (!queryOk) continue;
      state.seen += 1;
      if (!chosen && (rule.attempts ?? [1]).includes(state.seen)) chosen = state;
    }
    if (chosen) chosen.hits += 1;
    return chosen;
  }

  /** Request body bytes pass once the shared link has room for them, in arrival order. */
  function shaped(): Transform {
    return new Transform({
      transform(chunk: Buffer, _encoding, done) {
        const wait = pipe!.reserve(chunk.length);
        if (wait <= 0) done(null, chunk);
        else later(() => done(null, chunk), wait);
      },
    });
  }

  function handle(origin: ProxyOrigin, req: IncomingMessage, res: ServerResponse): void {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const query = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
    const method = (req.method ?? 'GET').toUpperCase();
    const entry: ProxiedRequest = {
      id: ++sequence,
      at: Date.now(),
      origin,
      method,
      path: q === -1 ? raw : raw.slice(0, q),
      query: Object.fromEntries(query),
      bytesIn: 0,
      bytesUp: 0,
    };
    entries.push(entry);
    const finish = (end: ProxyEnd) => {
      entry.end ??= end;
    };
    let upstream: ClientRequest | undefined;
    let cancelHold: (() => void) | undefined;
    // The client went away (or we cut it off): nothing more goes upstream.
    res.on('close', () => {
      cancelHold?.();
      if (!res.writableFinished) finish('client-closed');
      if (!res.writableFinished) upstream?.destroy();
    });

    if (sequence > maxRequests) {
      finish('refused');
      res.writeHead(503, { 'content-type': 'text/plain', connection: 'close' }).end('fault proxy: request limit reached');
      return;
    }
    const target = options.upstream[origin]();
    if (target === undefined || !isLoopbackUrl(target)) {
      finish('refused');
      res.writeHead(502, { 'content-type': 'text/plain' }).end('fault proxy: no upstream on loopback');
      return;
    }
    const state = match(origin, method, entry.path, query);
    const action = state?.rule.action;
    if (state && action) entry.fault = { rule: state.rule.name, kind: action.kind };

    if (action?.kind === 'stall') {
      req.on('data', (chunk: Buffer) => {
        entry.bytesIn += chunk.length;
      });
      cancelHold = later(() => {
        finish('held-too-long');
        res.destroy();
      }, maxHoldMs);
      return;
    }
    let holdMs = action?.kind === 'delay' ? action.ms : 0;
    if (pipe) {
      holdMs += pipe.request(!used.has(req.socket));
      used.add(req.socket);
    }
    if (holdMs > 0) {
      cancelHold = later(() => {
        cancelHold = undefined;
        if (!res.destroyed) forward(target);
      }, holdMs);
      return;
    }
    forward(target);

    function forward(base: string): void {
      const url = new URL(base);
      const up = httpRequest({
        agent,
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        method,
        path: raw,
        headers: headersWithout(req.headers, HOP_BY_HOP),
      });
      upstream = up;
      up.on('error', () => {
        if (entry.end !== undefined) return;
        finish('upstream-error');
        if (res.headersSent) res.destroy();
        else res.writeHead(502, { 'content-type': 'text/plain' }).end('fault proxy: the server could not be reached');
      });
      const resetAt = action?.kind === 'reset' ? action.afterBytes : undefined;
      const cut = () => {
        finish('reset');
        req.socket.resetAndDestroy();
        up.destroy();
      };
      let cutting = false;
      const body: Readable = pipe ? req.pipe(shaped()) : req;
      body.on('data', (chunk: Buffer) => {
        if (entry.end !== undefined || cutting) return;
        entry.bytesIn += chunk.length;
        let piece = chunk;
        cutting = resetAt !== undefined && entry.bytesIn >= resetAt;
        if (cutting) piece = chunk.subarray(0, chunk.length - (entry.bytesIn - (resetAt as number)));
        entry.bytesUp += piece.length;
        if (cutting) {
          body.pause();
          // The bytes up to the cut reach the server before both connections die.
          up.write(piece, cut);
          return;
        }
        if (!up.write(piece)) {
          body.pause();
          up.once('drain', () => body.resume());
        }
      });
      body.on('end', () => {
        if (entry.end !== undefined || cutting) return;
        // A body shorter than the cut point: cut once it has all gone through.
        if (resetAt !== undefined) up.end(cut);
        else up.end();
      });
      up.on('response', (reply) => {
        entry.status = reply.statusCode;
        const excerpt: Buffer[] = [];
        let kept = 0;
        const keep = (chunk: Buffer) => {
          if (origin !== 'smh' || kept >= EXCERPT_BYTES) return;
          excerpt.push(chunk.subarray(0, EXCERPT_BYTES - kept));
          kept += Math.min(chunk.length, EXCERPT_BYTES - kept);
        };
        const excerptDone = () => {
          if (origin === 'smh') entry.replyExcerpt = Buffer.concat(excerpt).toString('utf8');
        };
        if (action?.kind === 'dropReply') {
          // The server has acted and answered; the client never hears of it.
          reply.on('data', keep);
          reply.on('end', () => {
            excerptDone();
            finish('reply-dropped');
            req.socket.destroy();
          });
          return;
        }
        res.writeHead(reply.statusCode ?? 502, reply.statusMessage, headersWithout(reply.headers, RESPONSE_DROP));
        reply.on('data', (chunk: Buffer) => {
          keep(chunk);
          if (!res.write(chunk)) {
            reply.pause();
            res.once('drain', () => reply.resume());
          }
        });
        reply.on('end', () => {
          excerptDone();
          res.end(() => finish('answered'));
        });
        reply.on('error', () => res.destroy());
      });
    }
  }

  const makeServer = (origin: ProxyOrigin) => {
    const server = createServer({ requestTimeout: 0, keepAliveTimeout: 5_000 }, (req, res) => handle(origin, req, res));
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    server.on('clientError', (_error, socket) => socket.destroy());
    return server;
  };
  const smhServer = makeServer('smh');
  const cosServer = makeServer('cos');
  const smhPort = await listen(smhServer);
  let cosPort: number;
  try {
    cosPort = await listen(cosServer);
  } catch (error) {
    smhServer.close();
    throw error;
  }

  const close = (): Promise<void> => {
    closing ??= (async () => {
      closed = true;
      for (const cancel of cancels) cancel();
      cancels.clear();
      for (const entry of entries) entry.end ??= 'proxy-closed';
      const stopped = Promise.all(
        [smhServer, cosServer].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      );
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await stopped;
    })();
    return closing;
  };
  // It stops by itself: a test that forgets close() does not leave ports open for ever.
  later(() => void close(), lifetimeMs);

  return {
    smhUrl: `http://127.0.0.1:${smhPort}`,
    cosUrl: `http://127.0.0.1:${cosPort}`,
    cosHost: `127.0.0.1:${cosPort}`,
    addRule,
    reset() {
      rules = [];
      entries = [];
      pipe?.resetStats();
    },
    log: () => entries.map((entry) => structuredClone(entry)),
    hits: (name) => rules.filter((state) => state.rule.name === name).reduce((sum, state) => sum + state.hits, 0),
    linkStats: () => pipe?.stats(),
    get closed() {
      return closed;
    },
    close,
  };
}
