import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCRC64 } from 'hash-wasm';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/src/index.js';

export interface TestEmulator {
  emu: Emulator;
  dataDir: string;
  /** The temp folder holding dataDir (so tests can check nothing was written beside it). */
  root: string;
  /** Moves the emulator's clock forward. */
  advance(ms: number): void;
  cleanup(): Promise<void>;
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const root = await mkdtemp(path.join(tmpdir(), 'smh-emu-test-'));
  const dataDir = path.join(root, 'data');
  let offset = 0;
  const emu = await startEmulator({ port: 0, cosPort: 0, dataDir, now: () => Date.now() + offset, ...options });
  return {
    emu,
    dataDir,
    root,
    advance: (ms) => {
      offset += ms;
    },
    cleanup: async () => {
      await emu.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // oxlint-disable-next-line typescript/no-explicit-any -- test replies are inspected field by field
  json: any;
}

export async function call(
  url: string,
  init: { method?: string; body?: string | Uint8Array<ArrayBuffer> | object; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const body = init.body === undefined ? undefined
    : typeof init.body === 'string' || init.body instanceof Uint8Array ? init.body
    : JSON.stringify(init.body);
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(body !== undefined && !(init.body instanceof Uint8Array) ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function getToken(emu: Emulator, grant = 'admin', extra = ''): Promise<string> {
  const r = await call(
    `${emu.url}/api/v1/token?library_id=${emu.libraryId}&library_secret=${emu.librarySecret}&grant=${grant}${extra}`,
    { method: 'POST' },
  );
  if (r.status !== 200) throw new Error(`token: ${r.status} ${r.text}`);
  return r.json.accessToken as string;
}

/** `/api/v1/file/{lib}/-/{rest}` with the token appended to the query. */
export function fileUrl(emu: Emulator, rest: string, query: string, token: string): string {
  const sep = query ? '&' : '';
  return `${emu.url}/api/v1/file/${emu.libraryId}/-/${rest}?${query}${sep}access_token=${token}`;
}

export interface PartInfo {
  domain: string;
  path: string;
  uploadId?: string;
  headers: Record<string, string>;
  expiration: string;
}

export function putPart(info: PartInfo, partNumber: number, bytes: Uint8Array<ArrayBuffer>, headers: Record<string, string> = info.headers) {
  return call(`http://${info.domain}${info.path}?partNumber=${partNumber}&uploadId=${info.uploadId}`, {
    method: 'PUT', body: bytes, headers,
  });
}

export function putObject(info: PartInfo, bytes: Uint8Array<ArrayBuffer>) {
  return call(`http://${info.domain}${info.path}`, { method: 'PUT', body: bytes, headers: info.headers });
}

/** Deterministic pseudo-random bytes (xorshift), so failures are reproducible. */
export function bytesOf(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export const MiB = 1024 * 1024;

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
export const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

/** CRC-64/XZ as a decimal string, by hash-wasm (an implementation independent of the emulator's). */
export async function crc64Decimal(b: Uint8Array): Promise<string> {
  const h = await createCRC64();
  h.init();
  h.update(b);
  return BigInt(`0x${h.digest()}`).toString();
}

/** docs/smh-protocol.md §4.8 instant-upload hashes, written out independently of the emulator. */
export function instantHashes(b: Uint8Array): { beginningHash: string; fullHash: string } {
  let prev: Buffer | undefined;
  let first: Buffer | undefined;
  for (let off = 0; off < b.length || off === 0; off += MiB) {
    const h = createHash('sha256');
    if (prev) h.update(prev);
    h.update(b.subarray(off, off + MiB));
    prev = h.digest();
    first ??= prev;
    if (b.length === 0) break;
  }
  return { beginningHash: first!.toString('hex'), fullHash: prev!.toString('hex') };
}

export async function adminFiles(emu: Emulator) {
  const r = await call(`${emu.url}/__emulator/files`);
  return r.json.files as { spaceId: string; path: string; size: number; sha256: string; crc64: string; md5: string }[];
}
