import { createHash, type Hash } from 'node:crypto';
import { Crc64 } from './crc64.js';

/** Instant upload hashes over 1 MiB blocks (docs/smh-protocol.md §4.8). */
export const HASH_BLOCK = 1024 * 1024;

export interface PartDigest {
  size: number;
  /** Lowercase hex MD5: the part's COS ETag without quotes. */
  md5: string;
  crc64: string;
}

export interface ObjectDigest extends PartDigest {
  sha256: string;
  /** Hex SHA-256 of the first 1 MiB (the whole object when smaller). */
  beginningHash: string;
  /** Chained SHA-256: h1 = SHA256(block1), hk = SHA256(h(k-1) as 32 raw bytes ‖ blockk). */
  fullHash: string;
}

/** MD5 + CRC-64 of a part as it streams in. */
export class PartHasher {
  readonly #md5 = createHash('md5');
  readonly #crc = new Crc64();
  #size = 0;

  update(chunk: Uint8Array): void {
    this.#md5.update(chunk);
    this.#crc.update(chunk);
    this.#size += chunk.length;
  }

  get size(): number {
    return this.#size;
  }

  digest(): PartDigest {
    return { size: this.#size, md5: this.#md5.digest('hex'), crc64: this.#crc.digest() };
  }
}

/** Everything the emulator keeps about a whole object, computed in one pass. */
export class ObjectHasher {
  readonly #part = new PartHasher();
  readonly #sha = createHash('sha256');
  #block: Hash = createHash('sha256');
  #blockFill = 0;
  #chain: Buffer | undefined;
  #first: Buffer | undefined;

  update(chunk: Uint8Array): void {
    this.#part.update(chunk);
    this.#sha.update(chunk);
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(HASH_BLOCK - this.#blockFill, chunk.length - offset);
      this.#block.update(chunk.subarray(offset, offset + take));
      this.#blockFill += take;
      offset += take;
      if (this.#blockFill === HASH_BLOCK) this.#closeBlock();
    }
  }

  #closeBlock(): void {
    const digest = this.#block.digest();
    this.#first ??= digest;
    this.#chain = digest;
    this.#block = createHash('sha256').update(digest);
    this.#blockFill = 0;
  }

  digest(): ObjectDigest {
    // A trailing partial block (or an empty object) is still a block of the chain.
    if (this.#blockFill > 0 || this.#chain === undefined) this.#closeBlock();
    return {
      ...this.#part.digest(),
      sha256: this.#sha.digest('hex'),
      beginningHash: this.#first!.toString('hex'),
      fullHash: this.#chain!.toString('hex'),
    };
  }
}

/** COS's multipart ETag: MD5 of the parts' binary MD5s, then `-N`. */
export function multipartETag(partMd5s: readonly string[]): string {
  const h = createHash('md5');
  for (const md5 of partMd5s) h.update(Buffer.from(md5, 'hex'));
  return `"${h.digest('hex')}-${partMd5s.length}"`;
}
