// How a file is cut into COS parts (docs/smh-protocol.md §5 limits): part numbers 1..10000, every part but
// the last at least 1 MiB, none over 5 GiB. Only `concurrency × partSize` bytes are ever read at
// once, so the part size is also the unit of memory.
import type { UploadPart } from '../api/types';
import { UploadError } from './errors';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

/** COS rejects a non-last part under 1 MiB at complete time (EntityTooSmall). */
const MIN_PART_SIZE = MiB;
/** COS's largest part (and largest simple PUT). */
export const MAX_PART_SIZE = 5 * GiB;
const MAX_PARTS = 10_000;
export const MAX_FILE_SIZE = MAX_PARTS * MAX_PART_SIZE;
/** Parts bigger than this only help files that would otherwise need more than 10,000 parts. */
const DEFAULT_MAX_PART_SIZE = 8 * MiB;

export interface PlannedPart {
  /** 1-based COS part number. */
  number: number;
  offset: number;
  size: number;
}

function roundUpToMiB(bytes: number): number {
  return Math.ceil(bytes / MiB) * MiB;
}

/** Throws the engine's `InvalidFile` error for a size COS cannot take. */
export function assertUploadableSize(size: number, name: string): void {
  // An empty file is a real file (a placeholder, an empty CSV): it goes as one empty simple PUT.
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new UploadError(`"${name}" has no readable size (${String(size)} bytes).`, 'InvalidFile');
  }
  if (size > MAX_FILE_SIZE) {
    throw new UploadError(
      `"${name}" is ${size} bytes, more than COS can take in one upload (10,000 parts of 5 GiB = ${MAX_FILE_SIZE} bytes).`,
      'InvalidFile',
    );
  }
}

/** Throws a `TypeError` (a programmer error) for a part size outside COS's limits. */
export function assertPartSize(partSize: number): void {
  if (!Number.isSafeInteger(partSize) || partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
    throw new TypeError(
      `partSize must be a whole number of bytes from ${MIN_PART_SIZE} (1 MiB) to ${MAX_PART_SIZE} (5 GiB), got ${String(partSize)}.`,
    );
  }
}

/** The smallest whole-MiB part size that fits `size` into 10,000 parts (at least 1 MiB). */
function minPartSizeFor(size: number): number {
  return Math.max(MIN_PART_SIZE, roundUpToMiB(size / MAX_PARTS));
}

/**
 * Picks a part size for `size` bytes: small enough that a file has at least `2 × concurrency`
 * parts to keep every connection busy (down to 1 MiB), at most 8 MiB unless the 10,000-part
 * limit needs more, and never over 5 GiB.
 */
export function choosePartSize(size: number, concurrency = 4): number {
  // Rounded down, so the part count does not fall under the target.
  const forParallelism = Math.floor(size / Math.max(1, concurrency * 2) / MiB) * MiB;
  const preferred = Math.min(DEFAULT_MAX_PART_SIZE, Math.max(MIN_PART_SIZE, forParallelism));
  return Math.min(MAX_PART_SIZE, Math.max(preferred, minPartSizeFor(size)));
}

export function partCount(size: number, partSize: number): number {
  return Math.max(1, Math.ceil(size / partSize));
}

/** Expected byte length of part `number` (1-based), or 0 when the file has no such part. */
export function expectedPartSize(size: number, partSize: number, number: number): number {
  const offset = (number - 1) * partSize;
  if (number < 1 || offset >= size) return 0;
  return Math.min(partSize, size - offset);
}

/**
 * The parts of a `size`-byte file cut at `partSize`. Throws a `TypeError` when that cut would break
 * COS's limits (a bad part size, or more than 10,000 parts).
 */
export function planParts(size: number, partSize: number): PlannedPart[] {
  assertPartSize(partSize);
  const count = partCount(size, partSize);
  if (count > MAX_PARTS) {
    throw new TypeError(
      `partSize ${partSize} cuts a ${size}-byte file into ${count} parts; COS allows ${MAX_PARTS}. Use at least ${minPartSizeFor(size)} bytes, or leave partSize out.`,
    );
  }
  const parts: PlannedPart[] = [];
  for (let number = 1; number <= count; number += 1) {
    const offset = (number - 1) * partSize;
    parts.push({ number, offset, size: Math.min(partSize, size - offset) });
  }
  return parts;
}

/**
 * Works out the part size a task was started with from the parts the server stores, for a resume
 * with no local record. Returns undefined when the parts cannot tell (none stored), and throws
 * `FileMismatch` when no single part size makes them fit a `size`-byte file.
 */
export function inferPartSize(size: number, parts: readonly UploadPart[]): number | undefined {
  if (parts.length === 0) return undefined;
  let biggest = parts[0] as UploadPart;
  for (const part of parts) if (part.Size > biggest.Size) biggest = part;
  // The biggest part is either a full one, or the last one (then its number gives the size).
  const candidates = [biggest.Size];
  if (biggest.PartNumber > 1) candidates.push((size - biggest.Size) / (biggest.PartNumber - 1));
  const fitting = candidates.filter(
    (candidate) =>
      Number.isSafeInteger(candidate) &&
      candidate <= MAX_PART_SIZE &&
      (candidate >= MIN_PART_SIZE || candidate >= size) &&
      parts.every((part) => expectedPartSize(size, candidate, part.PartNumber) === part.Size),
  );
  // Part sizes this library picks are whole MiB: prefer that reading when both fit.
  const chosen = fitting.find((candidate) => candidate % MiB === 0) ?? fitting[0];
  if (chosen === undefined) {
    throw new UploadError(
      `The ${parts.length} part(s) the server stores for this task cannot be cut from a ${size}-byte file; this is not the file the upload was started with.`,
      'FileMismatch',
    );
  }
  return Math.max(chosen, MIN_PART_SIZE);
}
