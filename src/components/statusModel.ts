// Where an upload stands, as one model whichever source told it (a live task's snapshot, or SMH's
// status reply), and the actions that fit it. UploadStatus renders this model.
import type { ConflictResolutionStrategy, SmhPath, UploadPart, UploadTaskStatus } from '../api/types';
import { UploadError } from '../core/errors';
import type { PartSnapshot, UploadSnapshot } from '../core/types';
import { canRetry } from './errorMessage';
import { pathSegments } from './shared';
import type { DisplayState } from './UploadProgress';

/** What the caller knows of the file beside a status reply (UploadStatus's props of these names). */
export interface KnownFacts {
  fileName?: string | undefined;
  totalBytes?: number | undefined;
  requestedPath?: SmhPath | undefined;
  partSize?: number | undefined;
}

/** Everything the view shows, whichever source it came from. */
export interface StatusModel {
  state: DisplayState;
  name: string | undefined;
  requestedPath: readonly string[] | undefined;
  finalPath?: readonly string[] | null | undefined;
  strategy?: ConflictResolutionStrategy | undefined;
  force?: boolean | undefined;
  value: number;
  total?: number | undefined;
  bytesPerSecond?: number | undefined;
  etaSeconds?: number | undefined;
  parts?: readonly PartSnapshot[] | readonly UploadPart[] | undefined;
  totalParts?: number | undefined;
  partSize?: number | undefined;
  /** With only a status reply: what is stored, without a total. */
  stored?: { bytes: number; count: number } | undefined;
  expiration?: string | undefined;
  createdAt?: string | undefined;
  /** Waiting to try an SMH call again (429, 5xx, the network). */
  retrying?: { attempt: number; of: number } | undefined;
  /** A call failed offline; the task waits for the network without spending retries. */
  waitingForNetwork?: boolean | undefined;
  /** The person chose to replace the file of the same name. */
  replaced?: boolean | undefined;
  /** One request (a simple upload): pausing throws its bytes away, so no Pause is offered. */
  single?: boolean | undefined;
  /** SMH already had the bytes (instant upload): nothing was sent, so there are no parts to count. */
  instant?: boolean | undefined;
  /**
   * A resume refused because the picked file is not the one the upload started with. The stored
   * upload is untouched, so the card offers to pick again or drop this attempt, never to cancel.
   */
  wrongFile?: boolean | undefined;
  error: unknown;
}

export type Action = 'pause' | 'resume' | 'cancel' | 'retry' | 'pickAgain' | 'dismiss';

const ACTIONS: Partial<Record<DisplayState, readonly Action[]>> = {
  idle: ['cancel'],
  hashing: ['cancel'],
  beginning: ['cancel'],
  uploading: ['pause', 'cancel'],
  renewing: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  failed: ['retry', 'cancel'],
};

/**
 * The actions that fit: no Pause for a single request, no Retry that can only fail again. A wrong
 * pick offers Pick again and Dismiss (where the caller can do them), and never Cancel: cancelling
 * would drop the stored upload the file was compared with.
 */
export function actionsFor(model: StatusModel, can: { pickAgain: boolean; dismiss: boolean }): readonly Action[] {
  if (model.wrongFile) return (['pickAgain', 'dismiss'] as const).filter((action) => can[action]);
  const actions = ACTIONS[model.state] ?? [];
  return actions.filter(
    (action) => !(action === 'pause' && model.single) && !(action === 'retry' && !canRetry(model.error)),
  );
}

function segmentsOf(path: SmhPath | undefined): readonly string[] | undefined {
  if (path === undefined) return undefined;
  return pathSegments(path);
}

/** A model with nothing known yet; the builders below fill in what their source tells. */
export function baseModel(
  state: DisplayState,
  props: Pick<KnownFacts, 'fileName' | 'requestedPath'>,
  error?: unknown,
): StatusModel {
  const requestedPath = segmentsOf(props.requestedPath);
  // Fields left out are undefined: nothing is known of them yet.
  return { state, name: props.fileName ?? requestedPath?.[requestedPath.length - 1], requestedPath, value: 0, error };
}

/** A resume refused for the wrong file (`FileMismatch`): nothing of the stored upload was touched. */
export function isWrongFile(snapshot: Pick<UploadSnapshot, 'state' | 'error'>): boolean {
  return snapshot.state === 'failed' && snapshot.error instanceof UploadError && snapshot.error.code === 'FileMismatch';
}

export function fromSnapshot(snapshot: UploadSnapshot): StatusModel {
  const hashing = snapshot.state === 'hashing';
  // Speed and time left mean something only while bytes move.
  const moving = snapshot.state === 'uploading' || snapshot.state === 'renewing';
  const instant = snapshot.mode === 'instant';
  const wrongFile = isWrongFile(snapshot);
  return {
    ...baseModel(snapshot.state, {}),
    state: snapshot.state,
    name: snapshot.fileName,
    requestedPath: snapshot.requestedPath,
    finalPath: snapshot.finalPath ?? snapshot.result?.path,
    strategy: snapshot.conflictResolutionStrategy,
    // progressBytes is the engine's high-water mark: a retried part's dropped in-flight bytes
    // must not move the bar backwards (docs/design.md "Progress never goes backwards").
    value: hashing
      ? (snapshot.hashedBytes ?? 0)
      : snapshot.progressBytes,
    total: snapshot.totalBytes > 0 ? snapshot.totalBytes : undefined,
    bytesPerSecond: moving ? snapshot.bytesPerSecond : undefined,
    etaSeconds: moving ? snapshot.etaSeconds : undefined,
    // An instant upload sent nothing: counting its parts as "stored" would say otherwise.
    parts: snapshot.parts.length > 1 && !instant ? snapshot.parts : undefined,
    instant,
    wrongFile,
    expiration: snapshot.expiration,
    single: snapshot.mode === 'simple',
    replaced: snapshot.conflictResolution === 'overwrite',
    retrying: snapshot.retrying,
    waitingForNetwork: snapshot.waitingForNetwork,
    // A conflict's 409 is explained by the prompt, not as an error.
    error: snapshot.state === 'conflict' ? undefined : snapshot.error,
  };
}

export function fromStatus(
  status: UploadTaskStatus,
  known: KnownFacts,
): StatusModel {
  const parts = status.parts ?? [];
  let bytes = 0;
  let largest = 0;
  let highest = 0;
  for (const part of parts) {
    bytes += part.Size;
    largest = Math.max(largest, part.Size);
    highest = Math.max(highest, part.PartNumber);
  }
  const total = known.totalBytes !== undefined && known.totalBytes > 0 ? known.totalBytes : undefined;
  // INFERRED: every part but the last has the plan's size, so the largest stored part is it
  // (unless only the last part is stored, which the bound check below catches).
  const partSize = known.partSize ?? (largest > 0 ? largest : undefined);
  const planned = total !== undefined && partSize !== undefined ? Math.ceil(total / partSize) : undefined;
  const totalParts = planned !== undefined && planned >= highest && planned <= 10_000 ? planned : undefined;
  const state: DisplayState = status.confirmed ? 'confirmed' : status.path === null ? 'pathDeleted' : 'active';
  const path = status.path;
  const base = baseModel(state, known);
  return {
    ...base,
    name: base.name ?? path?.[path.length - 1],
    finalPath: path,
    strategy: status.conflictResolutionStrategy,
    force: status.force,
    value: status.confirmed && total !== undefined ? total : bytes,
    total,
    parts: parts.length > 0 && !status.confirmed ? parts : undefined,
    totalParts,
    partSize,
    stored: total === undefined && parts.length > 0 ? { bytes, count: parts.length } : undefined,
    expiration: status.confirmed ? undefined : status.uploadPartInfo?.expiration,
    createdAt: status.creationTime,
  };
}

export function samePath(a: readonly string[] | undefined, b: readonly string[] | null | undefined): boolean {
  return a === undefined || b == null || a.join('/') === b.join('/');
}

