// The upload endpoints (docs/smh-protocol.md §4): begin (simple and multipart), renew, status,
// confirm and cancel, on `/api/v1/file/{LibraryId}/{SpaceId}/…`.
import { SmhError } from './errors';
import { encodeSmhPath } from './path';
import { missingField, parseReply, unexpectedStatus } from './replies';
import type { Call, Requester } from './request';
import { beginUploadResultSchema, confirmUploadResultSchema, uploadTaskStatusSchema } from './schemas';
import type {
  BeginUploadOptions,
  BeginUploadResult,
  ConfirmUploadOptions,
  SmhClient,
  SmhPath,
} from './types';

// RFC 9110 token characters: anything else makes `fetch` throw on the header name.
const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

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

function isHeaderSafe(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0 || code === 10 || code === 13 || code > 0xff) return false;
  }
  return true;
}

function metaHeaders(meta: Record<string, string> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!meta) return headers;
  for (const [key, value] of Object.entries(meta)) {
    if (!HEADER_TOKEN.test(key)) {
      throw invalid(`The metadata key ${JSON.stringify(key)} cannot be sent as an "x-smh-meta-" header; use letters, digits and "-".`);
    }
    // Header values are byte strings: no line breaks, nothing above U+00FF.
    if (typeof value !== 'string' || !isHeaderSafe(value)) {
      throw invalid(`The metadata value of ${JSON.stringify(key)} cannot be sent in an HTTP header; encode it (for example with encodeURIComponent) first.`);
    }
    headers[`x-smh-meta-${key}`] = value;
  }
  return headers;
}

/** The file's labels, category and local times, which begin and confirm both accept in their body. */
function fileFacts(opts: Pick<ConfirmUploadOptions, 'labels' | 'category' | 'localCreationTime' | 'localModificationTime'>) {
  return {
    labels: opts.labels,
    category: opts.category,
    localCreationTime: opts.localCreationTime,
    localModificationTime: opts.localModificationTime,
  };
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
    checkWholeNumber(opts.trafficLimit, 'trafficLimit', 1);
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
      ...fileFacts(opts),
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
      checkWholeNumber(opts.trafficLimit, 'trafficLimit', 1);
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
        ...fileFacts(opts),
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
