// Story fixtures: a fixed point in time, engine snapshots for every state, parts in any mix, a
// fake UploadTask whose actions are spies, and one error of each family the UI explains.
import { fn } from 'storybook/test';
import { CosError, SmhApiError, SmhNetworkError, SmhResponseError } from '../src/api/errors';
import { createSmhClient } from '../src/api/client';
import type { SmhClient, UploadTaskStatus } from '../src/api/types';
import { UploadError, type UploadErrorCode } from '../src/core/errors';
import type { PartSnapshot, PartState, UploadSnapshot, UploadTask } from '../src/core/types';
import { makeParts, makeUploadPartInfo, makeUploadTaskStatus } from '../test/fixtures/smh';

export const MiB = 1024 * 1024;

/** "Now" in every story that shows a time, so the words do not drift from run to run. */
export const NOW = Date.parse('2026-01-01T10:00:00.000Z');

/** Where the fixture client sends requests: a reserved name that only msw answers. */
export const FIXTURE_BASE_URL = 'https://smh-fixture.example';
export const FIXTURE_LIBRARY_ID = 'smhfixture';

export function fixtureClient(): SmhClient {
  return createSmhClient({
    baseUrl: FIXTURE_BASE_URL,
    libraryId: FIXTURE_LIBRARY_ID,
    // A stand-in: msw answers every request before it could leave the page.
    accessToken: 'storybook-fixture-token',
  });
}

// ── Parts ──────────────────────────────────────────────────────────────────

/** `states[i]` is part i+1's state; every part is `size` bytes except a smaller `lastSize`. */
export function partsOf(states: readonly PartState[], size = 8 * MiB, lastSize = size): PartSnapshot[] {
  return states.map((state, index) => {
    const number = index + 1;
    const partSize = number === states.length ? lastSize : size;
    return {
      number,
      offset: index * size,
      size: partSize,
      state,
      sentBytes: state === 'sending' ? Math.round(partSize * 0.4) : 0,
      attempts: state === 'pending' ? 0 : state === 'failed' ? 3 : 1,
      ...(state === 'stored'
        ? {
            etag: `"${number.toString(16).padStart(32, '0')}"`,
            lastModified: new Date(NOW - (states.length - number) * 4_000).toISOString(),
          }
        : {}),
    };
  });
}

/** `count` parts: the first `stored` stored, then `sending`, then `failed`, the rest pending. */
export function partMix(
  count: number,
  { stored = 0, sending = 0, failed = 0 }: { stored?: number; sending?: number; failed?: number },
): PartState[] {
  return Array.from({ length: count }, (_, index) => {
    if (index < stored) return 'stored';
    if (index < stored + sending) return 'sending';
    if (index < stored + sending + failed) return 'failed';
    return 'pending';
  });
}

/** What the engine's byte counters read for these parts. */
function byteCounts(parts: readonly PartSnapshot[]) {
  let storedBytes = 0;
  let inflightBytes = 0;
  for (const part of parts) {
    if (part.state === 'stored') storedBytes += part.size;
    inflightBytes += part.sentBytes;
  }
  return { storedBytes, confirmedBytes: storedBytes, inflightBytes, progressBytes: storedBytes + inflightBytes };
}

// ── Snapshots ──────────────────────────────────────────────────────────────

const BASE: UploadSnapshot = {
  id: 'story-task',
  state: 'idle',
  fileName: 'site-survey-2026.mp4',
  requestedPath: ['claims', '2026-0142', 'site-survey-2026.mp4'],
  conflictResolutionStrategy: 'rename',
  mode: 'multipart',
  totalBytes: 0,
  storedBytes: 0,
  confirmedBytes: 0,
  inflightBytes: 0,
  progressBytes: 0,
  partSize: 8 * MiB,
  parts: [],
  bytesPerSecond: 0,
  etaSeconds: undefined,
};

export type SnapshotOverrides = Partial<UploadSnapshot> & {
  /** Builds `parts` (and the byte counters they imply) from one state per part. */
  partStates?: readonly PartState[];
  lastPartSize?: number;
};

/** A snapshot with `parts` (and the byte counters they imply) and anything else overridden. */
export function snapshot(overrides: SnapshotOverrides = {}): UploadSnapshot {
  const { partStates, lastPartSize, ...rest } = overrides;
  const partSize = rest.partSize ?? BASE.partSize;
  const parts = partStates ? partsOf(partStates, partSize, lastPartSize ?? partSize) : (rest.parts ?? []);
  const totalBytes = parts.reduce((sum, part) => sum + part.size, 0);
  return {
    ...BASE,
    ...(parts.length > 0 ? { totalBytes, ...byteCounts(parts) } : {}),
    ...rest,
    parts,
  };
}

/** Twelve parts of a 94 MiB video, half stored, two in flight. */
export const TWELVE_PARTS = partMix(12, { stored: 6, sending: 2 });

// ── A fake task ────────────────────────────────────────────────────────────

export interface StoryTask extends UploadTask {
  start: ReturnType<typeof fn<() => void>>;
  pause: ReturnType<typeof fn<() => void>>;
  resume: ReturnType<typeof fn<() => void>>;
  cancel: ReturnType<typeof fn<() => Promise<void>>>;
  resolveConflict: ReturnType<typeof fn<UploadTask['resolveConflict']>>;
}

/**
 * An UploadTask over one fixed snapshot: `subscribe`/`getSnapshot` serve it and every action is
 * a spy (Storybook clears spies before each story), so a play function can check which action a
 * button called without an engine behind it.
 */
export function fakeTask(value: UploadSnapshot): StoryTask {
  return {
    id: value.id,
    start: fn().mockName('task.start'),
    pause: fn().mockName('task.pause'),
    resume: fn().mockName('task.resume'),
    cancel: fn(async () => undefined).mockName('task.cancel'),
    resolveConflict: fn().mockName('task.resolveConflict'),
    subscribe: () => () => undefined,
    getSnapshot: () => value,
    // A fixed snapshot never settles.
    settled: new Promise<UploadSnapshot>(() => undefined),
  };
}

// ── Errors, one per family and code the UI words differently ───────────────

export const smhApiError = (status: number, code: string, message: string) =>
  new SmhApiError(message, { status, code, requestId: `NjQ-smh-${code.toLowerCase()}`, method: 'POST' });

export const cosError = (status: number, code: string, message: string) =>
  new CosError(message, { status, code, requestId: `NjQ-cos-${code.toLowerCase()}`, method: 'PUT' });

export const ERRORS = {
  noPermission: smhApiError(403, 'NoPermission', 'no permission to upload here'),
  invalidToken: smhApiError(403, 'InvalidAccessToken', 'access token invalid or expired'),
  quota: smhApiError(403, 'QuotaLimitReached', 'quota limit reached'),
  sameName: smhApiError(409, 'SameNameDirectoryOrFileExists', 'same name directory or file exists'),
  rateLimit: smhApiError(429, 'RateLimitExceeded', 'rate limit exceeded'),
  folderMissing: smhApiError(404, 'DirectoryNotFound', 'directory not found'),
  badName: smhApiError(400, 'IllegalFileName', 'illegal file name'),
  server: smhApiError(500, 'InternalServerError', 'internal server error'),
  unknownCode: smhApiError(400, 'SomethingNew', 'a code this library does not know yet'),
  response: new SmhResponseError('The status reply does not match the schema: parts.0.Size must be a number', {
    status: 200,
    field: 'parts.0.Size',
    excerpt: '{"confirmed":false,"parts":[{"PartNumber":1,"Size":"abc"',
    method: 'GET',
  }),
  cosExpired: cosError(403, 'AccessDenied', 'Request has expired'),
  cosDenied: cosError(403, 'SignatureDoesNotMatch', 'The Signature you specified is invalid.'),
  cosServer: cosError(503, 'ServiceUnavailable', 'Please reduce your request rate.'),
  network: new SmhNetworkError('The connection was reset before COS answered.', { method: 'PUT' }),
} as const;

export const uploadError = (code: UploadErrorCode) => new UploadError(`upload failed: ${code}`, code);

// ── Status replies (the real reply shape, from test/fixtures/smh.ts) ───────

/** An unconfirmed multipart task with `stored` of its parts stored at COS. */
export function statusReply(stored: number, overrides: Partial<UploadTaskStatus> = {}): UploadTaskStatus {
  return makeUploadTaskStatus({
    path: ['claims', '2026-0142', 'site-survey-2026.mp4'],
    creationTime: new Date(NOW - 90_000).toISOString(),
    parts: makeParts(stored, 8 * MiB),
    uploadPartInfo: makeUploadPartInfo({ expiration: new Date(NOW + 45 * 60_000).toISOString() }),
    ...overrides,
  });
}
