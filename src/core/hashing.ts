// Hashes for instant upload (秒传, docs/smh-protocol.md §4.8) and for checking resumed parts (§5): SHA-256
// through WebCrypto (global in browsers and Node 20), MD5 through hash-wasm, loaded lazily. The
// file is read slice by slice, never whole.
import { abortError } from './abort';

/** Instant upload hashes in 1 MiB blocks (from `instantUploadThreshold`, at least 1 MiB: docs/smh-protocol.md §4.8). */
export const HASH_BLOCK = 1024 * 1024;
// Read several blocks per slice so a big file does not cost one read per MiB.
const READ_BLOCKS = 8;

function toHex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

async function sha256(data: Uint8Array): Promise<ArrayBuffer> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) return subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  const { createSHA256 } = await import('hash-wasm');
  const hasher = await createSHA256();
  hasher.init();
  hasher.update(data);
  return (hasher.digest('binary') as Uint8Array<ArrayBuffer>).buffer;
}

async function readSlice(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

/** `beginningHash`: hex SHA-256 of the first 1 MiB (the whole file when smaller). */
export async function beginningHash(file: Blob): Promise<string> {
  return toHex(await sha256(await readSlice(file, 0, Math.min(file.size, HASH_BLOCK))));
}

export interface HashProgress {
  signal?: AbortSignal;
  /** Called with the bytes hashed so far. */
  onProgress?: (hashedBytes: number) => void;
}

/**
 * `fullHash`: a chain over 1 MiB blocks, h1 = SHA-256(block 1), hk = SHA-256(h(k−1) as 32 raw
 * bytes ‖ block k); the lowercase hex of the last one (docs/smh-protocol.md §4.8).
 */
export async function fullHash(file: Blob, options: HashProgress = {}): Promise<string> {
  let previous: Uint8Array | undefined;
  for (let offset = 0; offset < file.size; ) {
    if (options.signal?.aborted) throw abortError(options.signal);
    const end = Math.min(file.size, offset + HASH_BLOCK * READ_BLOCKS);
    const chunk = await readSlice(file, offset, end);
    for (let start = 0; start < chunk.length; start += HASH_BLOCK) {
      const block = chunk.subarray(start, Math.min(chunk.length, start + HASH_BLOCK));
      let input = block;
      if (previous) {
        input = new Uint8Array(previous.length + block.length);
        input.set(previous);
        input.set(block, previous.length);
      }
      previous = new Uint8Array(await sha256(input));
    }
    offset = end;
    options.onProgress?.(offset);
  }
  return toHex((previous ?? new Uint8Array(await sha256(new Uint8Array(0)))).buffer as ArrayBuffer);
}

export interface Md5Hasher {
  update(data: Uint8Array): void;
  /** Lowercase hex. */
  digest(): string;
}

/** An incremental MD5 (hash-wasm), for comparing a slice with COS's `ETag`. */
export async function createMd5(): Promise<Md5Hasher> {
  const { createMD5 } = await import('hash-wasm');
  const hasher = await createMD5();
  hasher.init();
  return {
    update: (data) => {
      hasher.update(data);
    },
    digest: () => hasher.digest('hex'),
  };
}

/** COS's ETag without quotes and in lowercase, for comparing with a local MD5. */
export function normalizeEtag(etag: string | undefined): string | undefined {
  if (etag === undefined) return undefined;
  const bare = etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();
  return bare === '' ? undefined : bare;
}
