// Plain parse functions for the SMH replies a user may hold as JSON (a status reply kept from a
// server, or relayed by their backend), so the zod schemas stay internal and out of the published
// types. Each checks the shape the client itself accepts, with the same tolerant reader.
import { parseReply } from './replies';
import { uploadTaskStatusSchema } from './schemas';
import type { UploadTaskStatus } from './types';

/**
 * An upload task's status reply (the JSON body SMH answers `client.getUploadStatus` with, parsed
 * or as text), checked as the client checks it.
 * @throws SmhResponseError naming the first field it could not read (`field`, e.g. `parts.0.ETag`).
 */
export function parseUploadTaskStatus(json: unknown): UploadTaskStatus {
  const text = typeof json === 'string' ? json : (JSON.stringify(json) ?? '');
  const reply = { status: 200, text, method: 'GET' as const, url: '', operation: 'upload status', secrets: [] };
  return parseReply(reply, uploadTaskStatusSchema);
}
