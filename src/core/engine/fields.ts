// SMH's per-file fields for one upload (docs/smh-protocol.md §12.5): the options turned into what
// goes on the wire (times as ISO 8601, the modification time from the File by default), checked
// once when the task is made, so a value SMH would refuse throws before anything is queued.
import { fileFieldsProblem, isIsoDateTime, metaProblem, type SmhFileFields } from '../../api/fileFields';
import type { LocalTime, RecordedFields, UploadOptions } from '../types';

/** What every begin (and renew, and confirm) of the task sends besides its own arguments. */
export interface FileFieldSettings {
  /** Sent in the begin and confirm bodies. */
  readonly fields: Readonly<SmhFileFields>;
  readonly trafficLimit: number | undefined;
  readonly preferSameOrigin: boolean | undefined;
  readonly meta: Record<string, string> | undefined;
  /** The fields the options set themselves; a resume record fills in only the others. */
  readonly given: ReadonlySet<keyof RecordedFields>;
}

const RECORDED_KEYS = ['labels', 'category', 'localCreationTime', 'localModificationTime', 'meta'] as const;

/** ISO 8601 for a time option; undefined for `false`; TypeError for a time that is not one. */
function isoTime(value: LocalTime, name: string): string | undefined {
  if (value === false) return undefined;
  if (typeof value === 'string') {
    if (isIsoDateTime(value)) return value;
    throw new TypeError(`${name} must be a Date, a number of ms since 1970 or an ISO 8601 string such as "2025-01-01T00:00:00Z"; got ${JSON.stringify(value)}.`);
  }
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || Number.isNaN(new Date(ms).getTime())) {
    throw new TypeError(`${name} must be a valid Date, a number of ms since 1970 or an ISO 8601 string; got ${String(value)}.`);
  }
  return new Date(ms).toISOString();
}

/**
 * The File's `lastModified` as ISO 8601; undefined for a Blob, a File that reports none (0), or one
 * past year 9999, which toISOString writes as `+010000-…` and SMH does not take: the upload goes without it.
 */
function lastModifiedOf(file: Blob): string | undefined {
  const ms = (file as Partial<File>).lastModified;
  if (typeof ms !== 'number' || ms <= 0 || !Number.isFinite(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  return isIsoDateTime(iso) ? iso : undefined;
}

export function fileFieldsFrom(options: UploadOptions | Omit<UploadOptions, 'path'>, file: Blob): FileFieldSettings {
  const fields: SmhFileFields = {};
  if (options.labels !== undefined) fields.labels = Array.isArray(options.labels) ? [...options.labels] : options.labels;
  if (options.category !== undefined) fields.category = options.category;
  if (options.localCreationTime !== undefined) {
    const time = isoTime(options.localCreationTime, 'localCreationTime');
    if (time !== undefined) fields.localCreationTime = time;
  }
  const modified =
    options.localModificationTime === undefined
      ? lastModifiedOf(file)
      : isoTime(options.localModificationTime, 'localModificationTime');
  if (modified !== undefined) fields.localModificationTime = modified;
  const { trafficLimit, preferSameOrigin, meta } = options;
  const problem = fileFieldsProblem({ ...fields, trafficLimit, preferSameOrigin }) ?? metaProblem(meta);
  if (problem) throw new TypeError(problem);
  const given = new Set(RECORDED_KEYS.filter((key) => options[key] !== undefined));
  return { fields, trafficLimit, preferSameOrigin, meta, given };
}

/** What the resume record keeps of the settings, or undefined when there is nothing to keep. */
export function recordedFields(settings: FileFieldSettings): RecordedFields | undefined {
  const { labels, ...rest } = settings.fields;
  const kept: RecordedFields = { ...rest };
  if (labels !== undefined) kept.labels = [...labels];
  if (settings.meta !== undefined) kept.meta = { ...settings.meta };
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/**
 * The settings with the record's fields where the resume's options set none, so a resumed upload
 * confirms with the labels, category, times and metadata its first start sent. A
 * `localModificationTime` the File itself gives is not "set": the record's is the one first sent.
 */
export function withRecordedFields(settings: FileFieldSettings, recorded: RecordedFields | undefined): FileFieldSettings {
  if (recorded === undefined) return settings;
  const fields: SmhFileFields = { ...settings.fields };
  let { meta } = settings;
  for (const key of RECORDED_KEYS) {
    if (settings.given.has(key)) continue;
    if (key === 'meta') {
      if (recorded.meta !== undefined) meta = { ...recorded.meta };
    } else if (key === 'labels') {
      if (recorded.labels !== undefined) fields.labels = [...recorded.labels];
    } else if (recorded[key] !== undefined) {
      fields[key] = recorded[key];
    }
  }
  return { ...settings, fields, meta };
}
