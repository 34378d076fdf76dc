/** How a share of COS part PUTs fails (see README "Faults"). */
export type PartFailureMode = '5xx' | 'drop' | 'mixed';

export interface Faults {
  /** 0..1: the share of COS part PUTs that fail. */
  partFailureRate: number;
  /** `5xx`: answer 503 after reading the body; `drop`: destroy the socket mid-body; `mixed`: either, at random. */
  partFailureMode: PartFailureMode;
  /** Added before every SMH and COS request is handled (admin routes and preflights excluded). */
  latencyMs: number;
  /** Cap on COS upload bodies in bytes/s; 0 = none. */
  bandwidthBytesPerSecond: number;
  /** `total`: one cap shared by every connection; `connection`: each connection gets the whole cap. */
  bandwidthScope: 'total' | 'connection';
  /** The next N SMH API calls (token and file routes) answer 429 `RateLimitExceeded`. */
  rateLimitNext: number;
  /** Seeds the random source of the faults above so a run can be repeated; null = unseeded. */
  seed: number | null;
}

export interface EmulatorOptions {
  /** SMH API port; 0 picks a free one. Default 8787. */
  port?: number;
  /** COS port; 0 picks a free one. Default `port + 1` (or 0 when `port` is 0). */
  cosPort?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The data folder; created if missing. Default `.emulator-data`. */
  dataDir?: string;
  libraryId?: string;
  librarySecret?: string;
  /** Lifetime of the COS credentials in begin/renew/status replies. Default 3600 s. */
  partInfoTtlSeconds?: number;
  /**
   * Create missing parent folders at begin and at confirm (a convenience real SMH does not offer).
   * Default false: a missing parent is 404 `DirectoryNotFound`, as on SMH.
   */
  createParentDirectories?: boolean;
  /**
   * Reshape success replies the ways real SMH may (optional fields left out, numbers as strings and
   * strings as numbers, unknown fields, another field order), deterministically from `seed`. Default false.
   */
  replyVariance?: boolean;
  /** How long an upload task is kept after begin before status/confirm answer 404. Default 7 days. */
  taskTtlSeconds?: number;
  /** SecretId/SecretKey a standard COS client (cos-js-sdk-v5) signs with. */
  cosSecretId?: string;
  cosSecretKey?: string;
  /** Allowed CORS origins on both origins. Default `*` (any origin, echoed). */
  corsOrigins?: '*' | string[];
  /** Faults in force from the start. */
  faults?: Partial<Faults>;
  /** Shorthand for `faults.seed`. */
  seed?: number;
  /** Clock in ms since the epoch (tests move it to expire tokens and credentials). Default `Date.now`. */
  now?: () => number;
  /** Cap for JSON request bodies. Default 64 KiB. */
  maxJsonBodyBytes?: number;
  /** host:port handed out as the COS `domain` (e.g. a proxy in front of the COS port). Default: the COS port's own. */
  publicCosDomain?: string;
}

export interface TokenRequest {
  /** One grant, a comma-separated list or an array (docs/smh-protocol.md §3.1). Empty = read only. */
  grant?: string | readonly string[];
  userId?: string;
  /** Seconds; below 1200 is raised to 1200. Default 86400. */
  period?: number;
  spaceId?: string | readonly string[];
  clientId?: string;
  sessionId?: string;
}

export interface TokenReply {
  accessToken: string;
  expiresIn: number;
}

export interface PartStat {
  /** How many PUTs reached the emulator for this part (including failed ones). */
  puts: number;
  /** Body bytes received over all of them. */
  bytesReceived: number;
  /** How many were stored (200). */
  stored: number;
  /**
   * PUTs whose body is still arriving. A client that goes away can leave a body in the OS
   * buffers that still arrives and is stored, so tests wait for 0 before judging what was lost.
   */
  active: number;
}

export interface EmulatorStats {
  /** uploadId → partNumber → counters. */
  partPuts: Record<string, Record<string, PartStat>>;
  /** confirmKey → status (`GET ?upload`) calls. */
  statusCalls: Record<string, number>;
  /** route name → requests, e.g. `smh:status`, `cos:upload-part`. */
  requests: Record<string, number>;
  /** fault kind → times injected: `part-5xx`, `part-drop`, `rate-limit`. */
  faultsInjected: Record<string, number>;
}

export interface FileEntry {
  spaceId: string;
  path: string;
  size: number;
  sha256: string;
  md5: string;
  crc64: string;
  creationTime: string;
  modificationTime: string;
  /** SMH's per-file fields, as the upload gave them (absent when it gave none). */
  labels?: string[];
  category?: string;
  localCreationTime?: string;
  localModificationTime?: string;
}

export interface Emulator {
  /** SMH API origin, e.g. `http://127.0.0.1:8787`. */
  readonly url: string;
  /** COS origin, e.g. `http://127.0.0.1:8788`. */
  readonly cosUrl: string;
  readonly libraryId: string;
  readonly librarySecret: string;
  readonly dataDir: string;
  /** What a standard COS client (cos-js-sdk-v5) needs: `Domain` = `domain`, `Protocol: 'http:'`. */
  readonly cos: { secretId: string; secretKey: string; bucket: string; region: string; domain: string };
  issueToken(request?: TokenRequest): Promise<TokenReply>;
  faults(): Faults;
  setFaults(partial: Partial<Faults>): Faults;
  /** Makes every issued COS credential (and, with `accessTokens`, every access token) expired now. */
  expireCredentials(options?: { accessTokens?: boolean }): { credentials: number; accessTokens: number };
  /** Deletes a folder and everything under it; tasks aiming into it then report `path: null`. */
  deleteFolder(path: string, spaceId?: string): Promise<{ files: number; directories: number }>;
  createFolder(path: string, spaceId?: string): Promise<void>;
  files(): FileEntry[];
  stats(): EmulatorStats;
  /**
   * Resolves (with a copy of the stats) once `ready(stats)` holds: checked now and after every
   * change to the counters, so a test can wait for a request to arrive rather than sleep.
   */
  waitForStats(ready: (stats: EmulatorStats) => boolean): Promise<EmulatorStats>;
  resetStats(): void;
  /** Closes and reopens on the same ports and data folder (state reloaded from disk). */
  restart(): Promise<void>;
  /** Frees both ports and writes all state to disk. */
  close(): Promise<void>;
}
