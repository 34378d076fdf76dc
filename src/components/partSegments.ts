// Turns a part list into a few segments to draw: consecutive parts in the same state merge
// into one run, and when runs would still be too many (states scattered after retries), the
// list is cut into equal buckets that show their mix. So the DOM stays bounded at 10,000 parts.
import type { UploadPart } from '../api/types';
import type { PartSnapshot, PartState } from '../core/types';

/** One part as PartMap shows it; `size` is undefined when the status reply cannot know it. */
export interface PartView {
  number: number;
  state: PartState;
  size: number | undefined;
  etag: string | undefined;
  lastModified: string | undefined;
}

export type SegmentState = PartState | 'mixed';

export interface Segment {
  /** Index into the part list of the first part. */
  start: number;
  /** Index after the last part. */
  end: number;
  state: SegmentState;
  /** Parts per state, for a mixed bucket's fill and description. */
  stored: number;
  sending: number;
  failed: number;
  /** Sum of known part sizes. */
  bytes: number;
}

export function isUploadPart(part: PartSnapshot | UploadPart): part is UploadPart {
  return 'PartNumber' in part;
}

/**
 * Normalises the engine's parts, or the status reply's stored parts padded with pending ones
 * up to `totalParts` (numbers the reply does not list are not stored yet).
 */
export function toPartViews(
  parts: readonly (PartSnapshot | UploadPart)[],
  totalParts?: number,
  partSize?: number,
): PartView[] {
  const first = parts[0];
  if (first === undefined || !isUploadPart(first)) {
    return (parts as readonly PartSnapshot[]).map((part) => ({
      number: part.number,
      state: part.state,
      size: part.size,
      etag: part.etag,
      lastModified: part.lastModified,
    }));
  }
  const byNumber = new Map<number, UploadPart>();
  let highest = 0;
  for (const part of parts as readonly UploadPart[]) {
    byNumber.set(part.PartNumber, part);
    if (part.PartNumber > highest) highest = part.PartNumber;
  }
  // COS numbers parts 1..10000.
  const count = Math.min(10_000, Math.max(highest, totalParts ?? 0));
  const views: PartView[] = [];
  for (let index = 0; index < count; index += 1) {
    const stored = byNumber.get(index + 1);
    views.push(stored
      ? { number: index + 1, state: 'stored', size: stored.Size, etag: stored.ETag, lastModified: stored.LastModified }
      : { number: index + 1, state: 'pending', size: partSize, etag: undefined, lastModified: undefined });
  }
  return views;
}

function tally(parts: readonly PartView[], start: number, end: number): Segment {
  let stored = 0;
  let sending = 0;
  let failed = 0;
  let bytes = 0;
  for (let index = start; index < end; index += 1) {
    const part = parts[index] as PartView;
    if (part.state === 'stored') stored += 1;
    else if (part.state === 'sending') sending += 1;
    else if (part.state === 'failed') failed += 1;
    bytes += part.size ?? 0;
  }
  const count = end - start;
  // A failure or a part in flight is what someone watching wants to see, even in a big bucket.
  const state: SegmentState =
    failed > 0
      ? failed === count
        ? 'failed'
        : 'mixed'
      : sending === count
        ? 'sending'
        : stored === count
          ? 'stored'
          : stored + sending === 0
            ? 'pending'
            : 'mixed';
  return { start, end, state, stored, sending, failed, bytes };
}

export function segmentParts(parts: readonly PartView[], maxSegments: number): Segment[] {
  const runs: Array<[number, number]> = [];
  let runStart = 0;
  for (let index = 1; index <= parts.length; index += 1) {
    if (index === parts.length || parts[index]?.state !== parts[runStart]?.state) {
      runs.push([runStart, index]);
      runStart = index;
      if (runs.length > maxSegments) break;
    }
  }
  if (runs.length <= maxSegments) return runs.map(([start, end]) => tally(parts, start, end));

  const bucket = Math.ceil(parts.length / maxSegments);
  const segments: Segment[] = [];
  for (let start = 0; start < parts.length; start += bucket) {
    const next = tally(parts, start, Math.min(parts.length, start + bucket));
    const previous = segments[segments.length - 1];
    // Neighbouring buckets of one plain state read as one run.
    if (previous && previous.state === next.state && next.state !== 'mixed') {
      segments[segments.length - 1] = {
        start: previous.start,
        end: next.end,
        state: next.state,
        stored: previous.stored + next.stored,
        sending: previous.sending + next.sending,
        failed: previous.failed + next.failed,
        bytes: previous.bytes + next.bytes,
      };
    } else {
      segments.push(next);
    }
  }
  return segments;
}

export interface PartCounts {
  total: number;
  stored: number;
  sending: number;
  failed: number;
  storedBytes: number;
}

export function countParts(parts: readonly PartView[]): PartCounts {
  const counts: PartCounts = { total: parts.length, stored: 0, sending: 0, failed: 0, storedBytes: 0 };
  for (const part of parts) {
    if (part.state === 'stored') {
      counts.stored += 1;
      counts.storedBytes += part.size ?? 0;
    } else if (part.state === 'sending') counts.sending += 1;
    else if (part.state === 'failed') counts.failed += 1;
  }
  return counts;
}

/** The segment holding the part at `index`. Segments are sorted, so a binary search. */
export function segmentAt(segments: readonly Segment[], index: number): number {
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((segments[middle] as Segment).start <= index) low = middle;
    else high = middle - 1;
  }
  return low;
}
