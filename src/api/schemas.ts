// Runtime checks for every SMH reply this library reads (smh-api.md §4, §7.1), in zod/mini because
// the classic API is about 14x larger in the bundle. Unknown keys are dropped, not rejected, so a
// field SMH adds later does not break uploads; the declared fields are checked strictly, except where
// Tencent's own SDKs disagree about a type (smh-api.md §4.5, §4.6).
import * as z from 'zod/mini';
import type {
  ConfirmedFile,
  SmhErrorBody,
  UploadInfo,
  UploadPart,
  UploadPartInfo,
  UploadTaskStatus,
} from './types';

const DIGITS = /^\d+$/;

/**
 * A non-negative integer that may arrive as a decimal string: R-IOS and R-AND model a part's
 * `Size` / `PartNumber` as strings. Non-numeric strings, negatives and fractions are rejected.
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
 * A file size SMH sends as a decimal string (smh-api.md §4.6); some SDK models type it as a number,
 * so a non-negative safe integer is accepted and turned into its string.
 */
const sizeString = z.pipe(
  z.transform((value: string | number) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value,
  ),
  z.string({ error: 'expected a size as a string of digits' }).check(
    z.refine((value) => DIGITS.test(value), 'expected a size as a string of digits'),
  ),
);

// Checks are refines: zod's minLength/regex/gte each bring their own check class into the bundle.
const nonEmpty = () => z.string().check(z.refine((value) => value !== '', 'expected a non-empty string'));
// An object whose every value is a string: the same check as z.record(z.string(), z.string()) for
// JSON, without z.record's code (about 0.5 kB); z.literal likewise instead of z.enum.
const headersSchema = z.catchall(z.object({}), z.string());
const conflictStrategySchema = z.literal(['ask', 'rename', 'overwrite']);
/** `null` when a parent folder was deleted (smh-api.md §4.5). */
const finalPathSchema = z.nullable(z.array(z.string()));

export const uploadPartSchema = z.object({
  PartNumber: wholeNumber(1),
  LastModified: z.string(),
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
  type: z.string(),
  creationTime: z.string(),
  conflictResolutionStrategy: conflictStrategySchema,
  force: z.boolean(),
  availableDomainNum: z.number(),
  uploadId: z.optional(z.string()),
  parts: z.optional(z.array(uploadPartSchema)),
  uploadPartInfo: z.optional(uploadPartInfoSchema),
});

/** The 201 upload info of begin (simple or multipart) and the 200 of renew (smh-api.md §4.1, §4.2, §4.4). */
export const beginUploadResultSchema = z.object({
  domain: nonEmpty(),
  path: z.string(),
  uploadId: z.optional(nonEmpty()),
  headers: headersSchema,
  confirmKey: nonEmpty(),
  expiration: z.string(),
  availableDomainNum: z.number(),
});

/** The file info of confirm (200) and of a begin call that finished instantly (200). */
export const confirmUploadResultSchema = z.object({
  path: finalPathSchema,
  name: z.string(),
  type: z.string(),
  inode: z.optional(z.string()),
  creationTime: z.string(),
  modificationTime: z.string(),
  contentType: z.optional(z.string()),
  size: sizeString,
  eTag: z.optional(z.string()),
  crc64: z.optional(z.string()),
  metaData: z.optional(headersSchema),
  virusAuditStatus: z.optional(z.number()),
  isOverwritten: z.optional(z.boolean()),
  previewByDoc: z.optional(z.boolean()),
  previewByCI: z.optional(z.boolean()),
  previewAsIcon: z.optional(z.boolean()),
  fileType: z.optional(z.string()),
  contentCas: z.optional(z.string()),
});

export const smhErrorBodySchema = z.object({
  code: nonEmpty(),
  message: z.string(),
  requestId: z.optional(z.string()),
});

/** `{ accessToken, expiresIn }` of token create and renew (smh-api.md §3.1, §3.2); `expiresIn` in seconds. */
export const accessTokenResultSchema = z.object({
  accessToken: nonEmpty(),
  expiresIn: z.number().check(z.refine((value) => value >= 0, 'expected a number of seconds ≥ 0')),
});

export interface AccessTokenResult {
  accessToken: string;
  /** Seconds until the token expires. */
  expiresIn: number;
}

// Compile-time drift checks: each schema's output and its interface in types.ts must be mutually
// assignable, so changing one without the other fails `tsc`.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SchemaDriftChecks = [
  Assert<Same<z.output<typeof uploadPartSchema>, UploadPart>>,
  Assert<Same<z.output<typeof uploadPartInfoSchema>, UploadPartInfo>>,
  Assert<Same<z.output<typeof uploadTaskStatusSchema>, UploadTaskStatus>>,
  Assert<Same<z.output<typeof beginUploadResultSchema>, UploadInfo>>,
  Assert<Same<z.output<typeof confirmUploadResultSchema>, ConfirmedFile>>,
  Assert<Same<z.output<typeof smhErrorBodySchema>, SmhErrorBody>>,
  Assert<Same<z.output<typeof accessTokenResultSchema>, AccessTokenResult>>,
];
