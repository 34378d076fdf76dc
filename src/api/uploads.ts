// The upload endpoints (docs/smh-protocol.md §4): begin (simple and multipart), renew, status,
// confirm and cancel, on `/api/v1/file/{LibraryId}/{SpaceId}/…`.
import { SmhError } from './errors';
import { fileFieldsBody, metaProblem, trafficLimitProblem } from './fileFields';
import { encodeSmhPath } from './path';
import { missingField, parseReply, unexpectedStatus } from './replies';
import type { Call, Requester } from './request';
import { beginUploadResultSchema, confirmUploadResultSchema, uploadTaskStatusSchema } from './schemas';
import type {
  BeginUploadOptions,
  BeginUploadResult,
  SmhClient,
  SmhPath,
} from './types';

export function invalid(message: string, code = 'InvalidArgument'): SmhError {
  return new SmhError(message, code);
}

/** One URL path segment (a confirm key, the library or space id), `/` included, escaped. */
export function encodeKeySegment(value: string, what: string): string {
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..') {
    throw invalid(`The ${what} ${JSON.stringify(value)} cannot be used in a URL path; it must be a non-empty string other than "." or "..".`, 'InvalidPath');
  }
  return encodeURIComponent(value);
}

export function checkWholeNumber(value: number | undefined, name: string, min: number): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < min) {
    throw invalid(`The option "${name}" must be an integer ≥ ${min}; got ${String(value)}.`);
  }
}

function metaHeaders(meta: Record<string, string> | undefined): Record<string, string> {
  const problem = metaProblem(meta);
  if (problem) throw invalid(problem);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(meta ?? {})) headers[`x-smh-meta-${key}`] = value;
  return headers;
}

/**
 * Throws `InvalidArgument` for a traffic limit outside SMH's range (docs/smh-protocol.md §12.5).
 * The other per-file fields are checked by `createUpload`, which keeps them out of a client that
 * only reads status.
 */
function checkTrafficLimit(trafficLimit: number | undefined): void {
  const problem = trafficLimitProblem(trafficLimit);
  if (problem) throw invalid(problem);
}

function pickDefined(fields: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) {
      out[key] = value;
      any = true;
    }
  }
  return any ? out : undefined;
}

type UploadEndpoints = Pick<
  SmhClient,
  'getUploadStatus' | 'beginUpload' | 'beginSimpleUpload' | 'renewUpload' | 'confirmUpload' | 'cancelUpload'
>;

export function uploadEndpoints({ send }: Requester): UploadEndpoints {
  async function begin(method: 'POST' | 'PUT', path: SmhPath, opts: BeginUploadOptions = {}): Promise<BeginUploadResult> {
    const multipart = method === 'POST';
    checkWholeNumber(opts.size, 'size', 0);
    checkTrafficLimit(opts.trafficLimit);
    const call: Call = {
      method,
      operation: multipart ? 'begin multipart upload' : 'begin simple upload',
      api: 'file',
      target: encodeSmhPath(path),
      query: [
        ['conflict_resolution_strategy', opts.conflictResolutionStrategy],
        ['filesize', opts.size],
        ['traffic_limit', opts.trafficLimit],
        // INFERRED: R-JS sends the boolean as `true`/`false` (axios query serialisation).
        ['prefer_same_origin', opts.preferSameOrigin],
      ],
      headers: metaHeaders(opts.meta),
      signal: opts.signal,
    };
    if (multipart) call.selector = 'multipart';
    const body = pickDefined({
      beginningHash: opts.beginningHash,
      fullHash: opts.fullHash,
      // SMH's models type `size` as a string (docs/smh-protocol.md §4.1).
      size: opts.size === undefined ? undefined : String(opts.size),
      ...fileFieldsBody(opts),
    });
    if (body) call.body = body;
    const reply = await send(call);
    switch (reply.status) {
      case 201: {
        const upload = parseReply(reply, beginUploadResultSchema);
        if (multipart && upload.uploadId === undefined) throw missingField(reply, 'uploadId', 'a multipart upload needs');
        return { status: 'created', upload };
      }
      // A 202 carries no body: the beginning hash matched, send the full hash next (docs/smh-protocol.md §4.8).
      case 202:
        return { status: 'hashMatched' };
      case 200:
        return { status: 'instant', file: parseReply(reply, confirmUploadResultSchema) };
      default:
        throw unexpectedStatus(reply, '201, 202 or 200');
    }
  }

  return {
    async getUploadStatus(confirmKey, opts = {}) {
      const reply = await send({
        method: 'GET',
        operation: 'upload status',
        api: 'file',
        target: encodeKeySegment(confirmKey, 'confirmKey'),
        selector: 'upload',
        signal: opts.signal,
      });
      return parseReply(reply, uploadTaskStatusSchema);
    },

    beginUpload: (path, opts) => begin('POST', path, opts),
    beginSimpleUpload: (path, opts) => begin('PUT', path, opts),

    async renewUpload(confirmKey, opts = {}) {
      checkTrafficLimit(opts.trafficLimit);
      const reply = await send({
        method: 'POST',
        operation: 'renew upload',
        api: 'file',
        target: encodeKeySegment(confirmKey, 'confirmKey'),
        selector: 'renew',
        query: [['traffic_limit', opts.trafficLimit]],
        signal: opts.signal,
      });
      return parseReply(reply, beginUploadResultSchema);
    },

    async confirmUpload(confirmKey, opts = {}) {
      if (opts.crc64 !== undefined && !/^\d+$/.test(opts.crc64)) {
        throw invalid(`The option "crc64" must be the CRC-64 as a decimal string; got ${JSON.stringify(opts.crc64)}.`);
      }
      const call: Call = {
        method: 'POST',
        operation: 'confirm upload',
        api: 'file',
        target: encodeKeySegment(confirmKey, 'confirmKey'),
        selector: 'confirm',
        query: [
          // Sent whenever given: D-CONFIRM names two different defaults when it is left out, and
          // R-IOS and R-FLUTTER always send it (docs/smh-protocol.md §12.2).
          ['conflict_resolution_strategy', opts.conflictResolutionStrategy],
          // Asks SMH to include the file's inode in the reply (docs/smh-protocol.md §4.6).
          ['with_inode', 1],
        ],
        signal: opts.signal,
      };
      const body = pickDefined({
        crc64: opts.crc64,
        ...fileFieldsBody(opts),
      });
      if (body) call.body = body;
      const reply = await send(call);
      return parseReply(reply, confirmUploadResultSchema);
    },

    async cancelUpload(confirmKey, opts = {}) {
      await send({
        method: 'DELETE',
        operation: 'cancel upload',
        api: 'file',
        target: encodeKeySegment(confirmKey, 'confirmKey'),
        selector: 'upload',
        signal: opts.signal,
      });
    },
  };
}
