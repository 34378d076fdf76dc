// Integrity: the local digests of parts, read in bounded slices and hashed as a stream (a part may
// be 5 GiB; only one slice per part is in memory here, on top of what the transport reads): the MD5
// sent as `Content-MD5` so COS refuses a part that arrives corrupt (400 BadDigest), the CRC-64 of
// each part compared with COS's `x-cos-hash-crc64ecma` and kept for the whole-file CRC sent at
// confirm (docs/smh-protocol.md §5). The ETag is not trusted as the MD5: it differs for encrypted objects.
// Hashing runs on the main thread (MD5 and CRC-64 in hash-wasm's WebAssembly), so it is cut into
// steps of HASH_STEP bytes with a yield to the event loop after each: a 1 GiB upload hashes for
// seconds in all, but never in one long task.
import { abortError } from '../abort';
import { crc64CombineAll, crc64ToDecimal, createCrc64 } from '../crc64';
import { createMd5 } from '../hashing';
import { MiB, type PlannedPart } from '../partPlan';
import { type YieldToMain, yieldToMain } from '../yieldToMain';

/** Bytes read per slice while hashing a part. */
export const DIGEST_SLICE = MiB;
/**
 * Bytes hashed (MD5 and CRC-64) between two yields: about 1 ms of work on a laptop, so even a
 * slow or busy machine stays far below the 50 ms of a long task.
 */
export const HASH_STEP = 256 * 1024;

export interface PartDigest {
  md5?: string;
}

const warnedClients = new WeakSet<object>();

/**
 * Once per client: COS's reply had no readable `x-cos-hash-crc64ecma`. A browser hides response
 * headers the bucket's CORS does not expose, so this is almost always a CORS setting, not COS.
 */
export function warnCrcHeaderMissing(client: object): void {
  if (warnedClients.has(client)) return;
  warnedClients.add(client);
  console.warn(
    'react-smh-upload: crc64 is on, but COS part replies carry no readable x-cos-hash-crc64ecma header, so each ' +
      "part's CRC-64 is not compared (the whole file's CRC-64 is still checked at confirm). Add " +
      "x-cos-hash-crc64ecma (beside ETag) to the bucket's CORS rule ExposeHeaders.",
  );
}

/** `Content-MD5`: the base64 of the 16 MD5 bytes (not of the hex). */
export function md5Base64(hex: string): string {
  let binary = '';
  for (let i = 0; i < hex.length; i += 2) binary += String.fromCharCode(Number.parseInt(hex.slice(i, i + 2), 16));
  return btoa(binary);
}

export class Integrity {
  private readonly crcs = new Map<number, bigint>();
  /** Hex MD5 of parts read with `md5`, so a retried PUT does not read its part again. */
  private readonly md5s = new Map<number, string>();

  /** `pause` is how hashing yields between steps (tests count the yields). */
  constructor(
    private readonly file: Blob,
    private readonly pause: YieldToMain = yieldToMain,
  ) {}

  hasCrc(number: number): boolean {
    return this.crcs.has(number);
  }

  /** The part's CRC-64 as COS writes it (a decimal string), once read. */
  crcOf(number: number): string | undefined {
    const crc = this.crcs.get(number);
    return crc === undefined ? undefined : crc64ToDecimal(crc);
  }

  /** The part's MD5 (hex), read once and kept. */
  async md5Of(part: PlannedPart, crc: boolean, signal?: AbortSignal): Promise<string> {
    const known = this.md5s.get(part.number);
    if (known !== undefined && !(crc && !this.crcs.has(part.number))) return known;
    const { md5 } = await this.digest(part, { md5: true, crc }, signal);
    return md5 as string;
  }

  /** Forgets a part's CRC (its stored bytes are not the local ones) or, with no number, all. */
  forget(number?: number): void {
    if (number === undefined) {
      this.crcs.clear();
      this.md5s.clear();
    } else {
      this.crcs.delete(number);
      this.md5s.delete(number);
    }
  }

  /**
   * Reads `part` once, slice by slice, into the digests asked for, yielding after every HASH_STEP
   * bytes; the CRC-64 is kept for confirm. A stopped run ends it between steps.
   */
  async digest(part: PlannedPart, want: { md5: boolean; crc: boolean }, signal?: AbortSignal): Promise<PartDigest> {
    const crc = want.crc ? await createCrc64() : undefined;
    const md5 = want.md5 ? await createMd5() : undefined;
    const end = part.offset + part.size;
    for (let offset = part.offset; offset < end; offset += DIGEST_SLICE) {
      if (signal?.aborted) throw abortError(signal);
      const bytes = new Uint8Array(await this.file.slice(offset, Math.min(end, offset + DIGEST_SLICE)).arrayBuffer());
      for (let step = 0; step < bytes.length; step += HASH_STEP) {
        const piece = bytes.subarray(step, step + HASH_STEP);
        crc?.update(piece);
        md5?.update(piece);
        await this.pause();
        if (signal?.aborted) throw abortError(signal);
      }
    }
    if (crc) this.crcs.set(part.number, crc.digest());
    if (!md5) return {};
    const hex = md5.digest();
    this.md5s.set(part.number, hex);
    return { md5: hex };
  }

  /**
   * The decimal CRC-64 of the whole file from its parts' CRCs. Parts kept from an earlier session
   * were never read here: they are read now, one at a time.
   */
  async fileCrc(parts: readonly PlannedPart[], signal: AbortSignal): Promise<string> {
    for (const part of parts) {
      if (!this.crcs.has(part.number)) await this.digest(part, { md5: false, crc: true }, signal);
      if (signal.aborted) throw abortError(signal);
    }
    return crc64ToDecimal(crc64CombineAll(parts.map((part) => ({ crc: this.crcs.get(part.number) as bigint, size: part.size }))));
  }
}
