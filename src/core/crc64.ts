// CRC-64/ECMA-182 as COS computes it (= CRC-64/XZ: reflected polynomial 0xC96C5795D7870F42,
// init and xorout all ones), sent at confirm as a decimal string (docs/smh-protocol.md §4.6). Parts are
// hashed as they are read and their CRCs combined, so parallel parts need no second pass.
// hash-wasm is imported lazily so it stays out of the main bundle.

const POLY = 0xc96c5795d7870f42n;
const TOP = 1n << 63n;
const MASK = (1n << 64n) - 1n;

/** a(x)·b(x) modulo the CRC polynomial, in the reflected bit order (zlib's multmodp). */
function multModP(a: bigint, b: bigint): bigint {
  let m = TOP;
  let p = 0n;
  for (;;) {
    if ((a & m) !== 0n) {
      p ^= b;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    b = (b & 1n) !== 0n ? (b >> 1n) ^ POLY : b >> 1n;
  }
  return p & MASK;
}

let powers: bigint[] | undefined;

/** x^(2^k) mod P for k = 0..63 (zlib's x2n_table), built on first use. */
function powerTable(): bigint[] {
  if (powers) return powers;
  const table: bigint[] = [];
  let p = 1n << 62n; // x^1 in reflected order
  for (let k = 0; k < 64; k += 1) {
    table.push(p);
    p = multModP(p, p);
  }
  powers = table;
  return table;
}

/** x^(8·bytes) mod P: the operator that shifts a CRC past `bytes` zero bytes. */
function shiftOperator(bytes: number): bigint {
  const table = powerTable();
  let p = TOP; // x^0
  let n = BigInt(bytes);
  let k = 3; // 2^3 bits per byte
  while (n > 0n) {
    if ((n & 1n) !== 0n) p = multModP(table[k & 63] as bigint, p);
    n >>= 1n;
    k += 1;
  }
  return p;
}

// Parts share one or two lengths, so the operator per length is kept.
const operators = new Map<number, bigint>();

/**
 * The CRC of A‖B from crc(A), crc(B) and B's length (the standard GF(2) combine), for CRCs as
 * unsigned 64-bit integers.
 */
export function crc64Combine(crcA: bigint, crcB: bigint, lengthB: number): bigint {
  if (lengthB === 0) return crcA;
  let op = operators.get(lengthB);
  if (op === undefined) {
    op = shiftOperator(lengthB);
    if (operators.size > 64) operators.clear();
    operators.set(lengthB, op);
  }
  return (multModP(op, crcA) ^ crcB) & MASK;
}

/** Combines per-part CRCs in part order into the whole file's CRC. */
export function crc64CombineAll(parts: ReadonlyArray<{ crc: bigint; size: number }>): bigint {
  let crc = 0n; // the CRC of no bytes
  for (const part of parts) crc = crc64Combine(crc, part.crc, part.size);
  return crc;
}

export interface Crc64Hasher {
  update(data: Uint8Array): void;
  digest(): bigint;
}

/** An incremental CRC-64/XZ (hash-wasm's ECMA CRC-64, loaded lazily). */
export async function createCrc64(): Promise<Crc64Hasher> {
  const { createCRC64 } = await import('hash-wasm');
  const hasher = await createCRC64();
  hasher.init();
  return {
    update: (data) => {
      hasher.update(data);
    },
    digest: () => BigInt(`0x${hasher.digest('hex')}`),
  };
}

/** CRC-64/XZ of a whole buffer. */
export async function crc64Of(data: Uint8Array): Promise<bigint> {
  const hasher = await createCrc64();
  hasher.update(data);
  return hasher.digest();
}

/** As COS and SMH write it: the unsigned value in decimal. */
export function crc64ToDecimal(crc: bigint): string {
  return (crc & MASK).toString(10);
}
