// CRC-64/XZ (the CRC-64/ECMA-182 variant COS reports in x-cos-hash-crc64ecma): reflected,
// polynomial 0x42F0E1EBA9EA3693, init and xorout all ones. Written here rather than taken from
// the library's hash dependency so that a bug in one implementation cannot hide in the other.
// The 64-bit state is kept as two uint32 halves (BigInt per byte is far too slow) and the input
// is consumed 8 bytes at a time ("slicing-by-8").

const POLY_LO = 0xd7870f42; // reflected polynomial 0xC96C5795D7870F42
const POLY_HI = 0xc96c5795;

const TABLES_LO: Uint32Array[] = [];
const TABLES_HI: Uint32Array[] = [];

function buildTables(): void {
  const lo0 = new Uint32Array(256);
  const hi0 = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let lo = i;
    let hi = 0;
    for (let bit = 0; bit < 8; bit++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (carry) {
        lo = (lo ^ POLY_LO) >>> 0;
        hi = (hi ^ POLY_HI) >>> 0;
      }
    }
    lo0[i] = lo;
    hi0[i] = hi;
  }
  TABLES_LO.push(lo0);
  TABLES_HI.push(hi0);
  for (let t = 1; t < 8; t++) {
    const prevLo = TABLES_LO[t - 1]!;
    const prevHi = TABLES_HI[t - 1]!;
    const lo = new Uint32Array(256);
    const hi = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      const pl = prevLo[i]!;
      const ph = prevHi[i]!;
      const idx = pl & 0xff;
      lo[i] = (((pl >>> 8) | (ph << 24)) ^ lo0[idx]!) >>> 0;
      hi[i] = ((ph >>> 8) ^ hi0[idx]!) >>> 0;
    }
    TABLES_LO.push(lo);
    TABLES_HI.push(hi);
  }
}
buildTables();

/** An incremental CRC-64/XZ. `digest()` gives the decimal string COS uses. */
export class Crc64 {
  #lo = 0xffffffff;
  #hi = 0xffffffff;

  update(data: Uint8Array): this {
    let lo = this.#lo;
    let hi = this.#hi;
    const n = data.length;
    let i = 0;
    const [t0l, t1l, t2l, t3l, t4l, t5l, t6l, t7l] = TABLES_LO as [
      Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array,
    ];
    const [t0h, t1h, t2h, t3h, t4h, t5h, t6h, t7h] = TABLES_HI as [
      Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array,
    ];
    for (; i + 8 <= n; i += 8) {
      const a = (lo ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>> 0;
      const b = (hi ^ (data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24))) >>> 0;
      const a0 = a & 0xff, a1 = (a >>> 8) & 0xff, a2 = (a >>> 16) & 0xff, a3 = a >>> 24;
      const b0 = b & 0xff, b1 = (b >>> 8) & 0xff, b2 = (b >>> 16) & 0xff, b3 = b >>> 24;
      lo = (t7l[a0]! ^ t6l[a1]! ^ t5l[a2]! ^ t4l[a3]! ^ t3l[b0]! ^ t2l[b1]! ^ t1l[b2]! ^ t0l[b3]!) >>> 0;
      hi = (t7h[a0]! ^ t6h[a1]! ^ t5h[a2]! ^ t4h[a3]! ^ t3h[b0]! ^ t2h[b1]! ^ t1h[b2]! ^ t0h[b3]!) >>> 0;
    }
    for (; i < n; i++) {
      const idx = (lo ^ data[i]!) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ t0l[idx]!) >>> 0;
      hi = ((hi >>> 8) ^ t0h[idx]!) >>> 0;
    }
    this.#lo = lo;
    this.#hi = hi;
    return this;
  }

  /** The CRC as an unsigned 64-bit decimal string, e.g. "11051210869376104954" for "123456789". */
  digest(): string {
    const lo = (this.#lo ^ 0xffffffff) >>> 0;
    const hi = (this.#hi ^ 0xffffffff) >>> 0;
    return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
  }
}

export function crc64(data: Uint8Array): string {
  return new Crc64().update(data).digest();
}
