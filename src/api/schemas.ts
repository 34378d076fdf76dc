// Runtime checks for every SMH reply this library reads (docs/smh-protocol.md §4, §7.1, §12.2), in
// zod/mini because the classic API is about 14x larger in the bundle. A tolerant reader: it requires
// only what the library uses (a task's `confirmKey`; a multipart task's `uploadId`, `domain`, `path`,
// `headers`, `expiration`; a status's `confirmed` and `path`; a confirmed file's `path`, `name` and
// `size`, which the public type promises), drops
// unknown keys, and reads everything else leniently: a value of the wrong shape in a field the
// library does not need is dropped, not fatal. Tencent's own SDKs disagree about several types.
import * as z from 'zod/mini';
import type {
  AccessTokenResult,
  ConfirmedFile,
  CreatedFolder,
  DeletedFile,
  FileInfo,
  FolderEntry,
  FolderPage,
  SmhErrorBody,
  UploadInfo,
  UploadPart,
  UploadPartInfo,
  UploadTaskStatus,
} from './types';

const DIGITS = /^\d+$/;

/**
 * A non-negative integer that may arrive as a decimal string: R-IOS and R-AND model a part's
 * `Size` / `PartNumber` as strings, D-RENEW `availableDomainNum`. Non-numeric strings, negatives and
 * fractions are rejected.
 */
function wholeNumber(min: number) {
  const expected = `expected an integer ≥ ${min} (a number or a string of digits)`;
  // A transform-first pipe (zod's preprocess) rather than a union: anything that is not a string
  // of digits reaches z.number unchanged and fails there with the same message; no union in the bundle.
  return z.pipe(
    z.transform((value: number | string) => (typeof value === 'string' && DIGITS.test(value) ? Number(value) : value)),
    // One refine instead of z.int() + z.gte(): the same rule (a safe integer ≥ min), less zod in the bundle.
    z.number({ error: expected }).check(z.refine((value) => Number.isSafeInteger(value) && value >= min, expected)),
  );
}

/**
 * An optional field the library does not need: `read` turns what arrived into the value, or
 * undefined when it cannot, and the field is then left out instead of failing the whole reply.
 */
function lenient<T>(read: (value: unknown) => T | undefined): z.ZodMiniOptional<z.ZodMiniType<T | undefined, unknown>> {
  return z.optional(z.transform(read)) as never;
}
const anyString = lenient((v) => (typeof v === 'string' ? v : undefined));
const anyBoolean = lenient((v) => (typeof v === 'boolean' ? v : undefined));
const anyNumber = lenient((v) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined));
const anyCount = lenient((v) => {
  const n = typeof v === 'string' && DIGITS.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
});
const anyStringArray = lenient((v) => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined));
/**
 * A size SMH sends as a decimal string (docs/smh-protocol.md §4.6); some SDK models type it as a
 * number, so a non-negative safe integer becomes its string.
 */
const anySize = lenient((v) =>
  typeof v === 'string' && DIGITS.test(v) ? v : typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v) : undefined,
);
/** The same rule for a size the library (and its users) read: required, so a bad one is an error. */
const sizeString = z.pipe(
  z.transform((value: string | number) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value,
  ),
  z.string({ error: 'expected a size as a string of digits' }).check(
    z.refine((value) => DIGITS.test(value), 'expected a size as a string of digits'),
  ),
);
const STRATEGIES: readonly unknown[] = ['ask', 'rename', 'overwrite'];
const anyStrategy = lenient((v) => (STRATEGIES.includes(v) ? (v as 'ask' | 'rename' | 'overwrite') : undefined));

// Checks are refines: zod's minLength/regex/gte each bring their own check class into the bundle.
const nonEmpty = () => z.string().check(z.refine((value) => value !== '', 'expected a non-empty string'));
/**
 * Header name → value. D-RENEW's example sends `"x-cos-traffic-limit": 102400` as a JSON number
 * (docs/smh-protocol.md §12.2), so numbers and booleans are accepted and sent as their string form.
 * An object with string values, without z.record's code (about 0.5 kB).
 */
const headersSchema = z.catchall(
  z.object({}),
  z.pipe(
    z.transform((value: unknown) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value)),
    z.string({ error: 'expected a header value (a string, number or boolean)' }),
  ),
);
const anyMeta = lenient((v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(v)) if (typeof value === 'string') out[key] = value;
  return out;
});
/** `null` when a parent folder was deleted (docs/smh-protocol.md §4.5). */
const finalPathSchema = z.nullable(z.array(z.string()));

export const uploadPartSchema = z.object({
  PartNumber: wholeNumber(1),
  LastModified: anyString,
  ETag: z.string(),
  Size: wholeNumber(0),
});

export const uploadPartInfoSchema = z.object({
  domain: nonEmpty(),
  // Not checked for a leading `/`: SMH's own status example shows `smhxxx/xxx.mp4` without one.
  path: z.string(),
  uploadId: nonEmpty(),
  headers: headersSchema,
  expiration: z.string(),
});

export const uploadTaskStatusSchema = z.object({
  confirmed: z.boolean(),
  path: finalPathSchema,
  type: anyString,
  creationTime: anyString,
  conflictResolutionStrategy: anyStrategy,
  force: anyBoolean,
  availableDomainNum: anyCount,
  uploadId: z.optional(z.string()),
  parts: z.optional(z.array(uploadPartSchema)),
  uploadPartInfo: z.optional(uploadPartInfoSchema),
});

/** The 201 upload info of begin (simple or multipart) and the 200 of renew (docs/smh-protocol.md §4.1, §4.2, §4.4). */
export const beginUploadResultSchema = z.object({
  domain: nonEmpty(),
  path: z.string(),
  uploadId: z.optional(nonEmpty()),
  headers: headersSchema,
  confirmKey: nonEmpty(),
  expiration: z.string(),
  availableDomainNum: anyCount,
});

/** The file info of confirm (200) and of a begin call that finished instantly (200). */
export const confirmUploadResultSchema = z.object({
  path: finalPathSchema,
  name: z.string(),
  type: anyString,
  inode: anyString,
  creationTime: anyString,
  modificationTime: anyString,
  contentType: anyString,
  size: sizeString,
  eTag: anyString,
  crc64: anyString,
  metaData: anyMeta,
  virusAuditStatus: anyNumber,
  isOverwritten: anyBoolean,
  previewByDoc: anyBoolean,
  previewByCI: anyBoolean,
  previewAsIcon: anyBoolean,
  fileType: anyString,
  contentCas: anyString,
});

/** The JSON 201 of create-directory (`rename`, or `with_inode=1`); an empty 201 is read as `{}`. */
export const createdFolderSchema = z.object({
  path: anyStringArray,
  creationTime: anyString,
});

/** What a listing entry and a file's info both say about a file (`FileFacts`). */
const fileFactFields = {
  type: anyString,
  creationTime: anyString,
  modificationTime: anyString,
  contentType: anyString,
  size: anySize,
  eTag: anyString,
  crc64: anyString,
  metaData: anyMeta,
  // The per-file fields an upload set (docs/smh-protocol.md §12.5); listings carry them too.
  labels: anyStringArray,
  category: anyString,
  localCreationTime: anyString,
  localModificationTime: anyString,
};

export const folderEntrySchema = z.object({
  name: z.string(),
  path: anyStringArray,
  ...fileFactFields,
});

/** `GET /api/v1/directory/…` (R-JS `ListDirectory200Response`); `nextMarker` is a number or a string there. */
export const folderPageSchema = z.object({
  path: anyStringArray,
  // An empty folder may leave `contents` out (every field of R-JS's model is optional).
  contents: z.pipe(
    z.transform((value: unknown) => value ?? []),
    z.array(folderEntrySchema),
  ),
  nextMarker: lenient((v) => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined)),
  fileCount: anyCount,
  subDirCount: anyCount,
  totalNum: anyCount,
});

/** `GET /api/v1/file/…?info` (R-JS `InfoFile200Response`, R-FLUTTER `getFileDetail`). */
export const fileInfoSchema = z.object({
  ...fileFactFields,
  fileType: anyString,
  versionId: anyNumber,
  cosUrl: anyString,
});

/** The 200 of delete-file with a recycle bin (R-JS `DeleteFile200Response`). */
export const deletedFileSchema = z.object({
  recycledItemId: anyNumber,
});

export const smhErrorBodySchema = z.object({
  code: nonEmpty(),
  message: z.string(),
  requestId: z.optional(z.string()),
});

/** `{ accessToken, expiresIn }` of token create and renew (docs/smh-protocol.md §3.1, §3.2); `expiresIn` in seconds. */
export const accessTokenResultSchema = z.object({
  accessToken: nonEmpty(),
  expiresIn: z.number().check(z.refine((value) => value >= 0, 'expected a number of seconds ≥ 0')),
});

// Compile-time drift checks: each schema's output and its interface in types.ts must be mutually
// assignable, so changing one without the other fails `tsc`.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type Parsed<S extends z.ZodMiniType> = z.output<S>;
export type SchemaDriftChecks = [
  Assert<Same<Parsed<typeof uploadPartSchema>, UploadPart>>,
  Assert<Same<Parsed<typeof uploadPartInfoSchema>, UploadPartInfo>>,
  Assert<Same<Parsed<typeof uploadTaskStatusSchema>, UploadTaskStatus>>,
  Assert<Same<Parsed<typeof beginUploadResultSchema>, UploadInfo>>,
  Assert<Same<Parsed<typeof confirmUploadResultSchema>, ConfirmedFile>>,
  Assert<Same<Parsed<typeof folderEntrySchema>, FolderEntry>>,
  Assert<Same<Parsed<typeof folderPageSchema>, FolderPage>>,
  Assert<Same<Parsed<typeof fileInfoSchema>, FileInfo>>,
  Assert<Same<Parsed<typeof deletedFileSchema>, DeletedFile>>,
  Assert<Same<Parsed<typeof createdFolderSchema>, Partial<CreatedFolder>>>,
  Assert<Same<Parsed<typeof smhErrorBodySchema>, SmhErrorBody>>,
  Assert<Same<Parsed<typeof accessTokenResultSchema>, AccessTokenResult>>,
];
