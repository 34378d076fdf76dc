import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error with the HTTP status and the SMH/COS error code it is answered with. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export function newRequestId(): string {
  return randomBytes(12).toString('hex');
}

/**
 * Reads a whole (small) body, refusing more than `limit` bytes with 413. An oversized body is still
 * read to its end (and thrown away) so the client gets the 413 rather than a reset connection.
 */
export function readBody(req: IncomingMessage, limit: number, code = 'RequestEntityTooLarge'): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, code, `the request body is larger than ${limit} bytes`);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total <= limit) chunks.push(chunk);
      else if (total > limit * 4 + 1024 * 1024) {
        // Not worth reading further: answer and close.
        req.removeAllListeners('data');
        req.pause();
        reject(tooLarge());
      }
    });
    req.once('end', () => (total > limit ? reject(tooLarge()) : resolve(Buffer.concat(chunks, total))));
    req.once('error', reject);
    req.once('aborted', () => reject(new HttpError(400, 'IncompleteBody', 'the client went away mid-body')));
  });
}

/** Parses an optional JSON object body; empty means `{}`. */
export async function readJsonObject(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const body = await readBody(req, limit);
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'BadRequest', 'the request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HttpError(400, 'BadRequest', 'the request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** Lets a response go out before the request body was read: the connection is then closed. */
export function closeIfBodyUnread(req: IncomingMessage, res: ServerResponse): void {
  if (!req.complete && !res.headersSent) res.setHeader('Connection', 'close');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.statusCode = status;
  res.setHeader('Content-Length', '0');
  res.end();
}

/** Escapes element text (quotes stay literal, as in COS's `<ETag>"…"</ETag>`). */
export function xmlEscape(value: string): string {
  return value.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);
}

export function xmlUnescape(value: string): string {
  return value.replace(/&(lt|gt|amp|apos|quot|#(\d+)|#x([0-9a-fA-F]+));/g, (_m, name: string, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' } as Record<string, string>)[name]!;
  });
}

export type XmlValue = string | number | boolean | XmlNode | XmlNode[] | string[];
export interface XmlNode {
  [tag: string]: XmlValue | undefined;
}

function xmlChildren(node: XmlNode): string {
  let out = '';
  for (const [tag, value] of Object.entries(node)) {
    if (value === undefined) continue;
    const list = Array.isArray(value) ? value : [value];
    for (const item of list) {
      out += typeof item === 'object' ? `<${tag}>${xmlChildren(item)}</${tag}>` : `<${tag}>${xmlEscape(String(item))}</${tag}>`;
    }
  }
  return out;
}

export function toXml(root: string, node: XmlNode): string {
  return `<?xml version='1.0' encoding='utf-8' ?>\n<${root}>${xmlChildren(node)}</${root}>`;
}

export function sendXml(res: ServerResponse, status: number, root: string, node: XmlNode): void {
  const text = toXml(root, node);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/xml');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

export interface CorsOptions {
  /** `*` (any origin, echoed back) or a list of allowed origins. */
  origins: '*' | readonly string[];
  expose: readonly string[];
  methods: readonly string[];
}

/** Sets CORS headers for a request; returns true when the request was a preflight (and answered). */
export function applyCors(req: IncomingMessage, res: ServerResponse, cors: CorsOptions): boolean {
  const origin = req.headers.origin;
  const allowed = origin !== undefined && (cors.origins === '*' || cors.origins.includes(origin));
  res.setHeader('Vary', 'Origin');
  if (allowed) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', cors.expose.join(', '));
  } else if (origin === undefined && cors.origins === '*') {
    res.setHeader('Access-Control-Allow-Origin', '*');
  }
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  if (allowed) {
    res.setHeader('Access-Control-Allow-Methods', cors.methods.join(', '));
    const requested = req.headers['access-control-request-headers'];
    if (requested) res.setHeader('Access-Control-Allow-Headers', requested);
    res.setHeader('Access-Control-Max-Age', '600');
  }
  sendEmpty(res, allowed ? 200 : 403);
  return true;
}

/** The query value of a selector key, true for both `?key` and `?key=1`. */
export function hasFlag(query: URLSearchParams, key: string): boolean {
  return query.has(key);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
