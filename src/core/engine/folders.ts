// Folders: SMH's upload calls never create the target's parent folders (404 `DirectoryNotFound`,
// docs/smh-protocol.md §12.1), so begin asks here to make them (one `createFolder` of the parent;
// SMH makes every missing level) and then begins again once, as R-JS's `autoCreateDir` does.
import { SmhApiError } from '../../api/errors';
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

/**
 * Makes `parent` exist, or throws `UploadError('FolderMissing')` saying why it cannot: the option
 * is off, the client has no `createFolder`, or the access token may not create folders (403).
 * A 409 `SameNameDirectoryOrFileExists` means the folder is there already (another upload made it).
 */
export async function createParentFolders(job: Job, missing: unknown, signal: AbortSignal): Promise<void> {
  const parent = job.requestedPath.slice(0, -1);
  const { client, createFolders } = job.s;
  if (!createFolders || typeof client.createFolder !== 'function' || parent.length === 0) {
    const why = !createFolders ? 'createFolders is off' : parent.length === 0 ? 'the target is in the root' : 'this client cannot create folders';
    throw new UploadError(`The folder ${folderName(parent)} does not exist, and it was not created (${why}).`, 'FolderMissing', { cause: missing });
  }
  const create = client.createFolder;
  try {
    await job.retry.run(() => create(parent, { signal, conflictResolutionStrategy: 'ask' }), signal);
  } catch (error) {
    if (error instanceof SmhApiError && error.status === 409 && error.code === 'SameNameDirectoryOrFileExists') return;
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
