// SMH's per-file fields and their limits (docs/smh-protocol.md §12.5): labels, category, local
// creation and modification times, traffic limit and `prefer_same_origin`. One check serves the
// client (an `SmhError` before any request) and the engine (a `TypeError` before any task exists).

/** `traffic_limit` bounds in bytes/s: COS's `x-cos-traffic-limit` takes 819 200–838 860 800 bit/s. */
export const MIN_TRAFFIC_LIMIT = 100 * 1024;
export const MAX_TRAFFIC_LIMIT = 100 * 1024 * 1024;
/** SMH's category is "a string of at most 16 bytes" (SDK R-IOS, R-AND). */
export const MAX_CATEGORY_BYTES = 16;

/** The fields as they go on the wire: strings, times in ISO 8601. */
export interface SmhFileFields {
  /** `labels` in the begin and confirm bodies. */
  labels?: readonly string[];
  /** `category` in the begin and confirm bodies; at most 16 bytes of UTF-8. */
  category?: string;
  /** `localCreationTime` in the begin and confirm bodies, ISO 8601 (`2025-01-01T00:00:00Z`). */
  localCreationTime?: string;
  /** `localModificationTime` in the begin and confirm bodies, ISO 8601. */
  localModificationTime?: string;
}

// RFC 3339 date-time, as Tencent's examples write it (`2022-07-26T02:58:09Z`, `toISOString()`).
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** Whether `value` is an ISO 8601 date-time SMH takes as a local time. */
export function isIsoDateTime(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Why the labels cannot go to SMH, or undefined when they can. */
function labelsProblem(labels: unknown): string | undefined {
  if (!Array.isArray(labels)) return `labels must be an array of strings; got ${typeof labels}.`;
  const bad = labels.findIndex((label) => typeof label !== 'string' || label === '');
  if (bad !== -1) return `labels must be non-empty strings; labels[${bad}] is ${JSON.stringify(labels[bad]) ?? String(labels[bad])}.`;
  return undefined;
}

/** Why `category` cannot go to SMH, or undefined when it can. */
function categoryProblem(category: unknown): string | undefined {
  if (typeof category !== 'string' || category === '') return `category must be a non-empty string; got ${JSON.stringify(category)}.`;
  if (utf8Bytes(category) > MAX_CATEGORY_BYTES) {
    return `category must be at most ${MAX_CATEGORY_BYTES} bytes of UTF-8 (SMH's limit); ${JSON.stringify(category)} is ${utf8Bytes(category)}.`;
  }
  return undefined;
}

/** Why `trafficLimit` cannot go to SMH, or undefined when it can (or is left out). */
export function trafficLimitProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < MIN_TRAFFIC_LIMIT || value > MAX_TRAFFIC_LIMIT) {
    return `trafficLimit must be a whole number of bytes per second from ${MIN_TRAFFIC_LIMIT} (100 KB/s) to ${MAX_TRAFFIC_LIMIT} (100 MB/s); got ${String(value)}.`;
  }
  return undefined;
}

/**
 * Why one of the fields cannot go to SMH, or undefined when all can. Left-out fields are fine;
 * the times must already be ISO 8601 strings here (the engine turns Dates and numbers into them).
 */
export function fileFieldsProblem(fields: SmhFileFields & { trafficLimit?: number; preferSameOrigin?: boolean }): string | undefined {
  if (fields.labels !== undefined) {
    const problem = labelsProblem(fields.labels);
    if (problem) return problem;
  }
  if (fields.category !== undefined) {
    const problem = categoryProblem(fields.category);
    if (problem) return problem;
  }
  for (const key of ['localCreationTime', 'localModificationTime'] as const) {
    const value = fields[key];
    if (value !== undefined && !isIsoDateTime(value)) {
      return `${key} must be an ISO 8601 date-time such as "2025-01-01T00:00:00Z"; got ${JSON.stringify(value)}.`;
    }
  }
  if (fields.preferSameOrigin !== undefined && typeof fields.preferSameOrigin !== 'boolean') {
    return `preferSameOrigin must be true or false; got ${JSON.stringify(fields.preferSameOrigin)}.`;
  }
  return trafficLimitProblem(fields.trafficLimit);
}

// RFC 9110 token characters: anything else makes `fetch` throw on the header name.
const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function isHeaderSafe(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0 || code === 10 || code === 13 || code > 0xff) return false;
  }
  return true;
}

/** Why `meta` cannot be sent as `x-smh-meta-*` headers at begin, or undefined when it can. */
export function metaProblem(meta: unknown): string | undefined {
  if (meta === undefined) return undefined;
  if (typeof meta !== 'object' || meta === null) return `meta must be an object of strings; got ${meta === null ? 'null' : typeof meta}.`;
  for (const [key, value] of Object.entries(meta)) {
    if (!HEADER_TOKEN.test(key)) {
      return `The metadata key ${JSON.stringify(key)} cannot be sent as an "x-smh-meta-" header; use letters, digits and "-".`;
    }
    // Header values are byte strings: no line breaks, nothing above U+00FF.
    if (typeof value !== 'string' || !isHeaderSafe(value)) {
      return `The metadata value of ${JSON.stringify(key)} cannot be sent in an HTTP header; encode it (for example with encodeURIComponent) first.`;
    }
  }
  return undefined;
}

/** The fields that go in a begin or confirm body, without the ones left out. */
export function fileFieldsBody(fields: SmhFileFields): SmhFileFields {
  const body: SmhFileFields = {};
  if (fields.labels !== undefined) body.labels = fields.labels;
  if (fields.category !== undefined) body.category = fields.category;
  if (fields.localCreationTime !== undefined) body.localCreationTime = fields.localCreationTime;
  if (fields.localModificationTime !== undefined) body.localModificationTime = fields.localModificationTime;
  return body;
}
