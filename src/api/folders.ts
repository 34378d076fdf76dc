// Folder and file endpoints beside the upload ones: create and list a folder on the directory API,
// read and delete a file on the file API. Routes, query keys and reply fields as Tencent's SDKs call
// them (R-JS `apis/directory-api.ts`, R-FLUTTER `smh_api_directory_apis.dart` and
// `smh_api_file_apis.dart`, D-MKDIR); docs/networks.md lists exactly what is sent and read.
import { encodeSmhPath, splitSmhPath } from './path';
import { parseReply } from './replies';
import type { Reply } from './replies';
import type { Requester } from './request';
import { createdFolderSchema, deletedFileSchema, fileInfoSchema, folderPageSchema } from './schemas';
import type { SmhFolderApi, SmhPath } from './types';
import { checkWholeNumber, invalid } from './uploads';

/** The root folder is the empty path (SMH's docs: "for the root directory, leave DirPath empty"). */
function encodeFolderPath(path: SmhPath): string {
  const root = typeof path === 'string' ? path === '' || path === '/' : path.length === 0;
  return root ? '' : encodeSmhPath(path);
}

/** A 2xx that may come without a body (201 create-directory with `ask`, 204 delete). */
function parseOptional<T>(reply: Reply, read: (reply: Reply) => T): T | undefined {
  return reply.text.trim() === '' ? undefined : read(reply);
}

export function folderEndpoints({ send }: Requester): SmhFolderApi {
  return {
    async createFolder(path, opts = {}) {
      const strategy = opts.conflictResolutionStrategy ?? 'ask';
      if (strategy !== 'ask' && strategy !== 'rename') {
        throw invalid(`A folder's conflictResolutionStrategy is "ask" or "rename"; got ${JSON.stringify(strategy)}.`);
      }
      const segments = splitSmhPath(path);
      const reply = await send({
        method: 'PUT',
        operation: 'create folder',
        api: 'directory',
        target: encodeSmhPath(segments),
        // Sent always, so SMH's default (`ask`) cannot change under us (D-MKDIR).
        query: [['conflict_resolution_strategy', strategy]],
        signal: opts.signal,
      });
      const created = parseOptional(reply, (r) => parseReply(r, createdFolderSchema));
      const folder: { path: string[]; creationTime?: string } = { path: created?.path ?? segments };
      if (created?.creationTime !== undefined) folder.creationTime = created.creationTime;
      return folder;
    },

    async listFolder(path, opts = {}) {
      checkWholeNumber(opts.limit, 'limit', 1);
      if (opts.marker !== undefined && (typeof opts.marker !== 'string' || opts.marker === '')) {
        throw invalid(`The option "marker" must be the previous page's nextMarker (a non-empty string); got ${JSON.stringify(opts.marker)}.`);
      }
      const reply = await send({
        method: 'GET',
        operation: 'list folder',
        api: 'directory',
        target: encodeFolderPath(path),
        // Marker paging, which Tencent recommends over page/page_size (whose depth is capped):
        // R-JS sends `by-marker=1`; SMH's list-directory doc and R-FLUTTER send `marker`/`limit` alone.
        query: [
          ['by-marker', 1],
          ['marker', opts.marker],
          ['limit', opts.limit],
        ],
        signal: opts.signal,
      });
      return parseReply(reply, folderPageSchema);
    },

    async getFileInfo(path, opts = {}) {
      const reply = await send({
        method: 'GET',
        operation: 'file info',
        api: 'file',
        target: encodeSmhPath(path),
        selector: 'info',
        signal: opts.signal,
      });
      return parseReply(reply, fileInfoSchema);
    },

    async deleteFile(path, opts = {}) {
      const reply = await send({
        method: 'DELETE',
        operation: 'delete file',
        api: 'file',
        target: encodeSmhPath(path),
        query: [['permanent', opts.permanent === undefined ? undefined : opts.permanent ? 1 : 0]],
        signal: opts.signal,
      });
      return parseOptional(reply, (r) => parseReply(r, deletedFileSchema)) ?? {};
    },
  };
}
