// Folders: SMH's upload calls never create the target's parent folders (404 `DirectoryNotFound`,
// docs/smh-protocol.md §12.1), so begin asks here to make them (one `createFolder` of the parent;
// SMH makes every missing level) and then begins again once, as R-JS's `autoCreateDir` does.
// Creations are shared per client and space: 300 files in 20 folders ask SMH for each folder once.
import { SmhApiError } from '../../api/errors';
import type { SmhClient } from '../../api/types';
import { raceAbort } from '../abort';
import { UploadError } from '../errors';
import type { Job } from './job';

/** The grants that may create a folder (docs/smh-protocol.md §12.1). */
const FOLDER_GRANTS = '`admin`, `space_admin` or `create_directory`';

/** SMH's 404 for a target whose parent folder does not exist. */
export function isFolderMissing(error: unknown): boolean {
  return error instanceof SmhApiError && error.status === 404 && error.code === 'DirectoryNotFound';
}

function folderName(parent: readonly string[]): string {
  return `"${parent.join('/')}"`;
}

interface Creation {
  readonly segments: readonly string[];
  readonly promise: Promise<void>;
  /** The folder moment it succeeded at; undefined while in flight. */
  doneAt: number | undefined;
}

// Per client (its library) and space, the folders made or being made. A finished entry stays, with
// the moment it finished on a counter, so a begin sent before then (it raced the creation) simply
// begins again, while a begin sent after it (the folder was deleted since) creates it once more.
const creations = new WeakMap<SmhClient, Map<string, Creation>>();
let moment = 0;

/** A point on the folder counter: read it before a begin, hand it to `createParentFolders`. */
export function folderMoment(): number {
  return moment;
}

const isWithin = (inner: readonly string[], outer: readonly string[]) =>
  inner.length <= outer.length && inner.every((segment, i) => segment === outer[i]);

/** A creation that makes `parent` (its own, or a deeper folder's, which makes every level). */
function coveringCreation(made: Map<string, Creation>, parent: readonly string[], sentAt: number): Creation | undefined {
  for (const creation of made.values()) {
    if (!isWithin(parent, creation.segments)) continue;
    if (creation.doneAt === undefined || creation.doneAt > sentAt) return creation;
  }
  return undefined;
}

function startCreation(job: Job, made: Map<string, Creation>, parent: string[]): Creation {
  const { client } = job.s;
  const create = client.createFolder!;
  // Not tied to this task's signal: other tasks may be waiting on it, and making a folder twice is harmless.
  const promise = job.retry.run(() => create(parent, { conflictResolutionStrategy: 'ask' }), new AbortController().signal).then(
    () => undefined,
    (error: unknown) => {
      if (error instanceof SmhApiError && error.status === 409 && error.code === 'SameNameDirectoryOrFileExists') return;
      throw error;
    },
  );
  const entry: Creation = { segments: parent, promise, doneAt: undefined };
  const key = `${client.spaceId}\u0000${parent.join('/')}`;
  made.set(key, entry);
  promise.then(
    () => {
      moment += 1;
      entry.doneAt = moment;
    },
    // A failed creation is forgotten, so the next task asks again.
    () => {
      if (made.get(key) === entry) made.delete(key);
    },
  );
  return entry;
}

/**
 * Makes `parent` exist, or throws `UploadError('FolderMissing')` saying why it cannot: the option
 * is off, the client has no `createFolder`, or the access token may not create folders (403).
 * A 409 `SameNameDirectoryOrFileExists` means the folder is there already (another upload made it).
 * `sentAt` is `folderMoment()` read before the begin that failed.
 */
export async function createParentFolders(job: Job, missing: unknown, signal: AbortSignal, sentAt = -1): Promise<void> {
  const parent = job.requestedPath.slice(0, -1);
  const { client, createFolders } = job.s;
  if (!createFolders || typeof client.createFolder !== 'function' || parent.length === 0) {
    const why = !createFolders ? 'createFolders is off' : parent.length === 0 ? 'the target is in the root' : 'this client cannot create folders';
    throw new UploadError(`The folder ${folderName(parent)} does not exist, and it was not created (${why}).`, 'FolderMissing', { cause: missing });
  }
  let made = creations.get(client);
  if (made === undefined) {
    made = new Map();
    creations.set(client, made);
  }
  const creation = coveringCreation(made, parent, sentAt) ?? startCreation(job, made, parent);
  try {
    await raceAbort(creation.promise, signal);
  } catch (error) {
    if (error instanceof SmhApiError && error.status === 403) {
      throw new UploadError(
        `The folder ${folderName(parent)} does not exist, and this access token may not create it (SMH said ${error.code}; ` +
          `creating a folder needs the ${FOLDER_GRANTS} grant).`,
        'FolderMissing',
        { cause: error },
      );
    }
    throw error;
  }
}
