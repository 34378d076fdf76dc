import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

// COS request signature v5 ("q-sign", HMAC-SHA1), as Tencent's SDKs compute it:
//   SignKey      = HMAC-SHA1(SecretKey, KeyTime)
//   HttpString   = method \n path \n params \n headers \n
//   StringToSign = sha1 \n SignTime \n SHA1(HttpString) \n
//   Signature    = HMAC-SHA1(SignKey, StringToSign)
// params/headers are `key=value` pairs, keys lowercased, both URL-encoded the COS way, sorted by key.

/** encodeURIComponent plus the characters COS also escapes (`!'()*`). */
export function cosEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface ParsedAuthorization {
  algorithm: string;
  accessKeyId: string;
  signTime: string;
  keyTime: string;
  headerList: string[];
  paramList: string[];
  signature: string;
  signStart: number;
  signEnd: number;
}

export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const fields = new Map<string, string>();
  for (const pair of value.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return undefined;
    fields.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const algorithm = fields.get('q-sign-algorithm');
  const accessKeyId = fields.get('q-ak');
  const signTime = fields.get('q-sign-time');
  const keyTime = fields.get('q-key-time');
  const signature = fields.get('q-signature');
  const headerList = fields.get('q-header-list');
  const paramList = fields.get('q-url-param-list');
  if (!algorithm || !accessKeyId || !signTime || !keyTime || !signature || headerList === undefined || paramList === undefined) {
    return undefined;
  }
  const m = /^(\d{1,12});(\d{1,12})$/.exec(signTime);
  if (!m) return undefined;
  return {
    algorithm, accessKeyId, signTime, keyTime, signature,
    headerList: headerList === '' ? [] : headerList.split(';'),
    paramList: paramList === '' ? [] : paramList.split(';'),
    signStart: Number(m[1]),
    signEnd: Number(m[2]),
  };
}

function pairs(names: readonly string[], lookup: (name: string) => string | undefined): string {
  return [...names]
    .toSorted()
    .map((name) => `${name}=${cosEncode(lookup(name) ?? '')}`)
    .join('&');
}

export interface SignInput {
  method: string;
  /** The decoded object path, starting with `/`. */
  path: string;
  /** Lowercased param names to sign, with their values. */
  params: Record<string, string>;
  /** Lowercased header names to sign, with their values. */
  headers: Record<string, string>;
}

export function computeSignature(secretKey: string, keyTime: string, signTime: string, input: SignInput): string {
  const signKey = createHmac('sha1', secretKey).update(keyTime).digest('hex');
  const paramNames = Object.keys(input.params).map((k) => k.toLowerCase());
  const headerNames = Object.keys(input.headers).map((k) => k.toLowerCase());
  const httpString = [
    input.method.toLowerCase(),
    input.path,
    pairs(paramNames, (n) => input.params[n]),
    pairs(headerNames, (n) => input.headers[n]),
    '',
  ].join('\n');
  const stringToSign = ['sha1', signTime, createHash('sha1').update(httpString).digest('hex'), ''].join('\n');
  return createHmac('sha1', signKey).update(stringToSign).digest('hex');
}

/** A full `Authorization` value; `start`/`end` are Unix seconds used for both sign and key time. */
export function buildAuthorization(
  secretId: string, secretKey: string, start: number, end: number, input: SignInput,
): string {
  const time = `${start};${end}`;
  const signature = computeSignature(secretKey, time, time, input);
  return [
    'q-sign-algorithm=sha1',
    `q-ak=${secretId}`,
    `q-sign-time=${time}`,
    `q-key-time=${time}`,
    `q-header-list=${Object.keys(input.headers).map((k) => k.toLowerCase()).toSorted().join(';')}`,
    `q-url-param-list=${Object.keys(input.params).map((k) => k.toLowerCase()).toSorted().join(';')}`,
    `q-signature=${signature}`,
  ].join('&');
}

/**
 * Checks a parsed Authorization against the request as received: the signed params are looked up
 * in the query (by their COS-encoded lowercased name) and the signed headers in the request headers.
 */
export function verifySignature(
  auth: ParsedAuthorization,
  secretKey: string,
  method: string,
  path: string,
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
): boolean {
  const params: Record<string, string> = {};
  for (const name of auth.paramList) {
    let found: string | undefined;
    for (const [k, v] of query) {
      if (cosEncode(k).toLowerCase() === name) {
        found = v;
        break;
      }
    }
    params[name] = found ?? '';
  }
  const signedHeaders: Record<string, string> = {};
  for (const name of auth.headerList) {
    const raw = headers[name];
    signedHeaders[name] = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  }
  const expected = computeSignature(secretKey, auth.keyTime, auth.signTime, { method, path, params, headers: signedHeaders });
  const a = Buffer.from(expected);
  const b = Buffer.from(auth.signature);
  return a.length === b.length && timingSafeEqual(a, b);
}
