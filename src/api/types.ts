// The SMH/COS wire contract as TypeScript types (docs/smh-protocol.md §4). The zod/mini schemas in
// schemas.ts are checked against these types, so a drift between them fails the type check.
import type { SmhFileFields } from './fileFields';

export type { SmhFileFields } from './fileFields';

/** What SMH does when the target name exists (docs/smh-protocol.md §2). */
export type ConflictResolutionStrategy = 'ask' | 'rename' | 'overwrite';

/** A part COS already stores, as the status endpoint lists it (COS-style capitalised keys). */
export interface UploadPart {
  PartNumber: number;
  LastModified?: string;
  /** The part's MD5 in lowercase hex inside double quotes, as COS sends it. */
  ETag: string;
  Size: number;
}

/** Where and how to send bytes to COS (begin 201, renew 200, status `uploadPartInfo`). */
export interface UploadPartInfo {
  domain: string;
  /** URL path starting with `/`; parts go to `https://{domain}{path}?partNumber=N&uploadId=…`. */
  path: string;
  uploadId: string;
  /**
   * Signed headers to send with every part, exactly as given (a number or boolean SMH sends is
   * turned into its string). Secret: never log them.
   */
  headers: Record<string, string>;
  /** ISO-8601; after it the headers are dead and the task must be renewed. */
  expiration: string;
}

/**
 * SMH's status reply for one upload task, the wire type (`GET /api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}?upload`,
 * docs/smh-protocol.md §4.5). `useUploadStatus` polls it; a live task's own picture is `UploadSnapshot`.
 */
export interface UploadTaskStatus {
  confirmed: boolean;
  /** The final path as segments, or null when a parent folder was deleted. */
  path: string[] | null;
  type?: string;
  creationTime?: string;
  /** Left out by some SDK models (docs/smh-protocol.md §12.2); unknown values are dropped. */
  conflictResolutionStrategy?: ConflictResolutionStrategy;
  force?: boolean;
  /** A number, or a string of digits as D-RENEW types it (docs/smh-protocol.md §12.2). */
  availableDomainNum?: number;
  /** Multipart only. */
  uploadId?: string;
  /** Multipart only: the parts COS already stores. */
  parts?: UploadPart[];
  /** Multipart only. */
  uploadPartInfo?: UploadPartInfo;
}

/**
 * The 201 reply of a begin call, and the 200 reply of renew (docs/smh-protocol.md §4.1, §4.2, §4.4).
 * A simple (single PUT) upload has no `uploadId`.
 */
export interface UploadInfo {
  domain: string;
  path: string;
  uploadId?: string;
  headers: Record<string, string>;
  confirmKey: string;
  expiration: string;
  availableDomainNum?: number;
}

/** The file info SMH returns from confirm, and from a begin call that finished instantly (200). */
export interface ConfirmedFile {
  /** The final path (renamed or not), or null when a parent folder was deleted. */
  path: string[] | null;
  name: string;
  type?: string;
  inode?: string;
  creationTime?: string;
  modificationTime?: string;
  contentType?: string;
  /** SMH sends the size as a decimal string; kept as a string so > 2^53 is not rounded. */
  size: string;
  eTag?: string;
  crc64?: string;
  metaData?: Record<string, string>;
  virusAuditStatus?: number;
  isOverwritten?: boolean;
  previewByDoc?: boolean;
  previewByCI?: boolean;
  previewAsIcon?: boolean;
  fileType?: string;
  contentCas?: string;
}

/** SMH's error JSON (docs/smh-protocol.md §7.1). */
export interface SmhErrorBody {
  code: string;
  message: string;
  requestId?: string;
}

/**
 * What a begin call produced (docs/smh-protocol.md §4 "three possible success replies"):
 * - `created` (201): a task exists; send the bytes with `upload`, then confirm.
 * - `hashMatched` (202): `beginningHash` matched a stored file; call again with `fullHash`.
 * - `instant` (200): instant upload (秒传) finished; no bytes and no confirm needed.
 */
export type BeginUploadResult =
  | { status: 'created'; upload: UploadInfo }
  | { status: 'hashMatched' }
  | { status: 'instant'; file: ConfirmedFile };

/** A path as segments (`['a', 'b.txt']`) or a `/`-separated string (`'a/b.txt'`). */
export type SmhPath = string | readonly string[];

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface BeginUploadOptions extends RequestOptions, SmhFileFields {
  /** File size in bytes: sent as `filesize` so SMH can check free space, and as `size` in the body. */
  size?: number;
  conflictResolutionStrategy?: ConflictResolutionStrategy;
  /**
   * Per-connection speed limit in bytes/s (`traffic_limit` in the query, 102 400–104 857 600, that is
   * 100 KB/s–100 MB/s); SMH signs it into the COS headers as `x-cos-traffic-limit`.
   */
  trafficLimit?: number;
  /** `prefer_same_origin` in the query: try the COS domain of an existing file of the same name. */
  preferSameOrigin?: boolean;
  /** Sent as `x-smh-meta-{key}` headers; SMH returns them as the file's `metaData`. */
  meta?: Record<string, string>;
  /** Hex SHA-256 of the first 1 MiB (instant upload, docs/smh-protocol.md §4.8). */
  beginningHash?: string;
  /** Chained SHA-256 over 1 MiB blocks (instant upload, docs/smh-protocol.md §4.8). */
  fullHash?: string;
}

export interface RenewUploadOptions extends RequestOptions {
  trafficLimit?: number;
}

export interface ConfirmUploadOptions extends RequestOptions, SmhFileFields {
  /** CRC-64/ECMA-182 (as COS computes it) of the whole file, as a decimal string. */
  crc64?: string;
  conflictResolutionStrategy?: ConflictResolutionStrategy;
}

/** What the client tells an `accessToken` getter each time it asks. */
export interface AccessTokenHint {
  /**
   * true when SMH just refused the token it was given (403 `InvalidAccessToken` and kin): return a
   * fresh one, not a cached one. The request is then tried once more.
   */
  refresh: boolean;
  /** With `refresh`: SMH's error code that asked for it. */
  reason?: string;
  /** Aborts when the request is paused, cancelled or times out; pass it to your own `fetch`. */
  signal: AbortSignal;
}

/** A token string, or a getter called before every request (`createAccessTokenCache` makes one). */
export type AccessToken = string | ((hint: AccessTokenHint) => string | Promise<string>);

export interface SmhClientOptions {
  /** e.g. `https://<LibraryId>.api.tencentsmh.cn`, or the emulator's URL. No trailing `/api/v1`. */
  baseUrl: string;
  libraryId: string;
  /** `-` for a single-tenant library. */
  spaceId?: string;
  /** A token string, or a getter called before every request (so a backend can refresh it). */
  accessToken: AccessToken;
  userId?: string;
  fetch?: typeof fetch;
  /**
   * Give up on an SMH call after this many ms without an answer (token, reply and body together),
   * with a retryable `SmhNetworkError` of kind `timeout`. Default 30 000 (docs/networks.md);
   * `Infinity` for none.
   */
  timeoutMs?: number;
  /**
   * Allow a plain-http `baseUrl` that is not loopback (loopback is always allowed, for the
   * emulator). Off by default: the token travels in the query string.
   */
  allowInsecureHttp?: boolean;
}

export interface CreateFolderOptions extends RequestOptions {
  /** `ask` (SMH's default): 409 `SameNameDirectoryOrFileExists` when the folder exists; `rename`: a new name. */
  conflictResolutionStrategy?: 'ask' | 'rename';
}

/** The 201 of create-directory: empty for `ask`; the final path when `rename` renamed it. */
export interface CreatedFolder {
  /** The folder's path as segments; the requested path when SMH sent none. */
  path: string[];
  creationTime?: string;
}

export interface ListFolderOptions extends RequestOptions {
  /** Items per page (SMH's default 20; the docs name a maximum of 100 to 1000). */
  limit?: number;
  /** `nextMarker` of the previous page; leave out for the first page. */
  marker?: string;
}

/** What a listing entry and a file's info both say about a file, each as SMH sends it. */
export interface FileFacts {
  /** `dir`, `file`, `image`, `video`, `symlink`, … (any string). */
  type?: string;
  creationTime?: string;
  modificationTime?: string;
  contentType?: string;
  /** Decimal string (kept as a string, so > 2^53 is not rounded). */
  size?: string;
  eTag?: string;
  crc64?: string;
  /** The `x-smh-meta-*` headers sent at begin, keyed as SMH returns them. */
  metaData?: Record<string, string>;
  /** The per-file fields an upload set (docs/smh-protocol.md §12.5); listings and info carry them. */
  labels?: string[];
  category?: string;
  localCreationTime?: string;
  localModificationTime?: string;
}

/** One entry of a folder listing. Only `name` is required. */
export interface FolderEntry extends FileFacts {
  name: string;
  path?: string[];
}

export interface FolderPage {
  /** The folder's path as segments (`[]` for the root). */
  path?: string[];
  contents: FolderEntry[];
  /** Pass as `marker` for the next page; undefined on the last page. */
  nextMarker?: string;
  fileCount?: number;
  subDirCount?: number;
  totalNum?: number;
}

/** `GET /api/v1/file/…?info`: a file's facts. Every field as SMH sends it; none is required. */
export interface FileInfo extends FileFacts {
  fileType?: string;
  versionId?: number;
  /** A signed download link (about 2 h). Secret-ish: do not log it. */
  cosUrl?: string;
}

export interface DeleteFileOptions extends RequestOptions {
  /** With a recycle bin: true deletes for good instead of moving to the bin (`permanent=1`). */
  permanent?: boolean;
}

/** 204 (no recycle bin): `{}`; 200 (recycle bin): the bin item's id. */
export interface DeletedFile {
  recycledItemId?: number;
}

export interface SmhClient {
  readonly baseUrl: string;
  readonly libraryId: string;
  readonly spaceId: string;
  getUploadStatus(confirmKey: string, options?: RequestOptions): Promise<UploadTaskStatus>;
  /** Begin a multipart upload (`POST …?multipart`). */
  beginUpload(path: SmhPath, options?: BeginUploadOptions): Promise<BeginUploadResult>;
  /** Begin a simple, single-PUT upload (`PUT …`). */
  beginSimpleUpload(path: SmhPath, options?: BeginUploadOptions): Promise<BeginUploadResult>;
  renewUpload(confirmKey: string, options?: RenewUploadOptions): Promise<UploadInfo>;
  confirmUpload(confirmKey: string, options?: ConfirmUploadOptions): Promise<ConfirmedFile>;
  cancelUpload(confirmKey: string, options?: RequestOptions): Promise<void>;
  /**
   * Present on `createSmhClient`'s client (see `SmhFolderApi`); optional here so a hand-made client
   * (a test double, an adapter) that only uploads still fits.
   */
  createFolder?: SmhFolderApi['createFolder'];
  /**
   * Milliseconds to add to `Date.now()` to get SMH's clock, from the latest `Date` response
   * header; 0 until one was readable (cross-origin, SMH must expose it).
   */
  serverTimeOffset(): number;
}

/** The folder and file calls of `createSmhClient`'s client, beside the upload ones. */
export interface SmhFolderApi {
  /** Create a folder and any missing parents (`PUT /api/v1/directory/…`, docs/networks.md). */
  createFolder(path: SmhPath, options?: CreateFolderOptions): Promise<CreatedFolder>;
  /** One page of a folder's contents (`GET /api/v1/directory/…?by-marker=1`); `[]` or `''` is the root. */
  listFolder(path: SmhPath, options?: ListFolderOptions): Promise<FolderPage>;
  /** A file's facts (`GET /api/v1/file/…?info`). */
  getFileInfo(path: SmhPath, options?: RequestOptions): Promise<FileInfo>;
  /** Delete a file (`DELETE /api/v1/file/…`), into the recycle bin when the library has one. */
  deleteFile(path: SmhPath, options?: DeleteFileOptions): Promise<DeletedFile>;
}

/** `{ accessToken, expiresIn }` of SMH's token create and renew (docs/smh-protocol.md §3.1, §3.2). */
export interface AccessTokenResult {
  accessToken: string;
  /** Seconds until the token expires. */
  expiresIn: number;
}
