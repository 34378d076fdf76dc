// The SMH/COS wire contract as TypeScript types (smh-api.md §4). The zod/mini schemas in
// schemas.ts are checked against these types, so a drift between them fails the type check.

/** What SMH does when the target name exists (smh-api.md §2). */
export type ConflictResolutionStrategy = 'ask' | 'rename' | 'overwrite';

/** A part COS already stores, as the status endpoint lists it (COS-style capitalised keys). */
export interface UploadPart {
  PartNumber: number;
  LastModified: string;
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
  /** Signed headers to send with every part, exactly as given. Secret: never log them. */
  headers: Record<string, string>;
  /** ISO-8601; after it the headers are dead and the task must be renewed. */
  expiration: string;
}

/** `GET /api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}?upload` (smh-api.md §4.5). */
export interface UploadTaskStatus {
  confirmed: boolean;
  /** The final path as segments, or null when a parent folder was deleted. */
  path: string[] | null;
  type: string;
  creationTime: string;
  conflictResolutionStrategy: ConflictResolutionStrategy;
  force: boolean;
  availableDomainNum: number;
  /** Multipart only. */
  uploadId?: string;
  /** Multipart only: the parts COS already stores. */
  parts?: UploadPart[];
  /** Multipart only. */
  uploadPartInfo?: UploadPartInfo;
}

/**
 * The 201 reply of a begin call, and the 200 reply of renew (smh-api.md §4.1, §4.2, §4.4).
 * A simple (single PUT) upload has no `uploadId`.
 */
export interface UploadInfo {
  domain: string;
  path: string;
  uploadId?: string;
  headers: Record<string, string>;
  confirmKey: string;
  expiration: string;
  availableDomainNum: number;
}

/** The file info SMH returns from confirm, and from a begin call that finished instantly (200). */
export interface ConfirmedFile {
  path: string[] | null;
  name: string;
  type: string;
  inode?: string;
  creationTime: string;
  modificationTime: string;
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

/** SMH's error JSON (smh-api.md §7.1). */
export interface SmhErrorBody {
  code: string;
  message: string;
  requestId?: string;
}

/**
 * What a begin call produced (smh-api.md §4 "three possible success replies"):
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

export interface BeginUploadOptions extends RequestOptions {
  /** File size in bytes: sent as `filesize` so SMH can check free space, and as `size` in the body. */
  size?: number;
  conflictResolutionStrategy?: ConflictResolutionStrategy;
  /** Per-connection speed limit in bytes/s (`traffic_limit`, 100 KB/s–100 MB/s). */
  trafficLimit?: number;
  preferSameOrigin?: boolean;
  /** Sent as `x-smh-meta-{key}` headers. */
  meta?: Record<string, string>;
  /** Hex SHA-256 of the first 1 MiB (instant upload, smh-api.md §4.8). */
  beginningHash?: string;
  /** Chained SHA-256 over 1 MiB blocks (instant upload, smh-api.md §4.8). */
  fullHash?: string;
  labels?: string[];
  category?: string;
  localCreationTime?: string;
  localModificationTime?: string;
}

export interface RenewUploadOptions extends RequestOptions {
  trafficLimit?: number;
}

export interface ConfirmUploadOptions extends RequestOptions {
  /** CRC-64/ECMA-182 (as COS computes it) of the whole file, as a decimal string. */
  crc64?: string;
  conflictResolutionStrategy?: ConflictResolutionStrategy;
  labels?: string[];
  category?: string;
  localCreationTime?: string;
  localModificationTime?: string;
}

export type AccessToken = string | (() => string | Promise<string>);

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
   * Milliseconds to add to `Date.now()` to get SMH's clock, from the latest `Date` response
   * header; 0 until one was readable (cross-origin, SMH must expose it).
   */
  serverTimeOffset(): number;
}
