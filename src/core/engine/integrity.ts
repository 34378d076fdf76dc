// Integrity: the local digests of parts, read in bounded slices and hashed as a stream (a part may
// be 5 GiB; only one slice per part is in memory here, on top of what the transport reads), the
// CRC-64 of each part kept for the whole-file CRC sent at confirm (docs/smh-protocol.md §5), and
// the MD5 compared with COS's ETag.
import { abortError } from '../abort';
import { crc64CombineAll, crc64ToDecimal, createCrc64 } from '../crc64';
import { createMd5 } from '../hashing';
import { MiB, type PlannedPart } from '../partPlan';

/** Bytes read per slice while hashing a part. */
export const DIGEST_SLICE = 4 * MiB;

export interface PartDigest {
  md5?: string;
}

export class Integrity {
  private readonly crcs = new Map<number, bigint>();

  constructor(private readonly file: Blob) {}

  hasCrc(number: number): boolean {
    return this.crcs.has(number);
  }

  /** Forgets a part's CRC (its stored bytes are not the local ones) or, with no number, all. */
  forget(number?: number): void {
    if (number === undefined) this.crcs.clear();
    else this.crcs.delete(number);
  }

  /** Reads `part` once, slice by slice, into the digests asked for; the CRC-64 is kept for confirm. */
  async digest(part: PlannedPart, want: { md5: boolean; crc: boolean }, signal?: AbortSignal): Promise<PartDigest> {
    const crc = want.crc ? await createCrc64() : undefined;
    const md5 = want.md5 ? await createMd5() : undefined;
    const end = part.offset + part.size;
    for (let offset = part.offset; offset < end; offset += DIGEST_SLICE) {
      if (signal?.aborted) throw abortError(signal);
      const bytes = new Uint8Array(await this.file.slice(offset, Math.min(end, offset + DIGEST_SLICE)).arrayBuffer());
      crc?.update(bytes);
      md5?.update(bytes);
    }
    if (crc) this.crcs.set(part.number, crc.digest());
    return md5 ? { md5: md5.digest() } : {};
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
