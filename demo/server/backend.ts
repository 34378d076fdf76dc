// The demo's "backend": which SMH library it serves, and how it gets an access token for the
// browser. The library secret stays in this process; the browser only ever sees the token.

/** Which SMH library the demo talks to, as the server knows it (secret included). */
export interface DemoBackend {
  /** `emulator`: the local SMH + COS emulator (the fault panel shows); `smh`: a real library. */
  mode: 'emulator' | 'smh';
  /** SMH API origin, e.g. `https://<LibraryId>.api.tencentsmh.cn` or the emulator's URL. */
  baseUrl: string;
  libraryId: string;
  /** Secret: used here to ask for tokens, never sent to the browser. */
  librarySecret: string;
  spaceId: string;
  userId?: string | undefined;
  /** The emulator's origin, whose `/__emulator/*` admin routes the dev server proxies. */
  emulatorUrl?: string | undefined;
}

/** What the browser may know (GET /demo-api/config): no secret. */
export interface PublicConfig {
  mode: DemoBackend['mode'];
  baseUrl: string;
  libraryId: string;
  spaceId: string;
  userId?: string;
  /** The fault panel (emulator admin routes) is available. */
  faults: boolean;
}

export interface TokenReply {
  accessToken: string;
  expiresIn: number;
}

/** A failure to get a token, safe to show to the browser (no secret, no URL). */
export class TokenError extends Error {
  override name = 'TokenError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

export function publicConfig(backend: DemoBackend): PublicConfig {
  return {
    mode: backend.mode,
    baseUrl: backend.baseUrl,
    libraryId: backend.libraryId,
    spaceId: backend.spaceId,
    ...(backend.userId ? { userId: backend.userId } : {}),
    faults: backend.mode === 'emulator' && backend.emulatorUrl !== undefined,
  };
}

type Env = Record<string, string | undefined>;

const REAL_VARS = ['SMH_BASE_URL', 'SMH_LIBRARY_ID', 'SMH_LIBRARY_SECRET'] as const;

/**
 * A real library from `SMH_BASE_URL`, `SMH_LIBRARY_ID`, `SMH_LIBRARY_SECRET` (and optional
 * `SMH_SPACE_ID`, `SMH_USER_ID`), or undefined when none of the three is set. Setting only some
 * of them is a mistake worth stopping for, not a reason to fall back to the emulator silently.
 */
export function realBackendFromEnv(env: Env): DemoBackend | undefined {
  const set = REAL_VARS.filter((name) => env[name]?.trim());
  if (set.length === 0) return undefined;
  if (set.length < REAL_VARS.length) {
    const missing = REAL_VARS.filter((name) => !set.includes(name));
    throw new Error(`To use a real SMH library set ${REAL_VARS.join(', ')}; missing: ${missing.join(', ')}.`);
  }
  const baseUrl = env.SMH_BASE_URL!.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`SMH_BASE_URL is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== 'https:') throw new Error('SMH_BASE_URL must use https (SMH rejects plain http).');
  return {
    mode: 'smh',
    baseUrl,
    libraryId: env.SMH_LIBRARY_ID!.trim(),
    librarySecret: env.SMH_LIBRARY_SECRET!.trim(),
    spaceId: env.SMH_SPACE_ID?.trim() || '-',
    userId: env.SMH_USER_ID?.trim() || undefined,
  };
}

export interface IssueTokenOptions {
  fetch?: typeof fetch;
  /** Attempts on 429 / 5xx / no response before giving up. Default 6 (outlasts a short 429 burst). */
  attempts?: number;
  /** Base of the exponential backoff in ms. Default 250. */
  backoffMs?: number;
  signal?: AbortSignal;
}

// `upload_file_force`: begin, renew, status, confirm and cancel uploads, and overwrite on a clash
// (docs/smh-protocol.md §3.1, §3.3); the portal offers "Replace", so a plain `upload_file` would not do.
// `create_directory`: the engine creates a missing target folder (docs/smh-protocol.md §12.1).
const GRANT = 'upload_file_force,create_directory';
// Two hours; every SMH call slides it forward again (docs/smh-protocol.md §3.1), so long uploads keep it alive.
const PERIOD_SECONDS = 7200;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/**
 * Asks SMH for an access token with the library secret (docs/smh-protocol.md §3.1). Retries 429, 5xx and
 * network failures a few times; the error it throws names neither the secret nor the URL.
 */
export async function issueToken(backend: DemoBackend, options: IssueTokenOptions = {}): Promise<TokenReply> {
  const fetchImpl = options.fetch ?? fetch;
  const attempts = options.attempts ?? 6;
  const backoffMs = options.backoffMs ?? 250;
  const query = new URLSearchParams({
    library_id: backend.libraryId,
    library_secret: backend.librarySecret,
    space_id: backend.spaceId,
    grant: GRANT,
    period: String(PERIOD_SECONDS),
  });
  if (backend.userId) query.set('user_id', backend.userId);
  const url = `${backend.baseUrl}/api/v1/token?${query}`;

  let last: TokenError = new TokenError('SMH gave no token', 502, 'TokenUnavailable');
  for (let attempt = 0; attempt < attempts; attempt++) {
    let wait = backoffMs * 2 ** attempt;
    try {
      const response = await fetchImpl(url, { method: 'GET', signal: options.signal ?? null });
      const text = await response.text();
      if (response.ok) {
        const body = JSON.parse(text) as Partial<TokenReply>;
        if (typeof body.accessToken !== 'string' || typeof body.expiresIn !== 'number') {
          throw new TokenError('SMH answered the token request without accessToken/expiresIn', 502, 'BadTokenReply');
        }
        return { accessToken: body.accessToken, expiresIn: body.expiresIn };
      }
      const { code, message } = smhError(text, response.status);
      last = new TokenError(redact(message, backend), response.status, code);
      if (response.status !== 429 && response.status < 500) throw last;
      wait = Math.max(wait, Math.min(retryAfterMs(response) ?? 0, 5_000));
    } catch (error) {
      if (error instanceof TokenError && error.status < 500 && error.status !== 429) throw error;
      if (options.signal?.aborted) throw error;
      if (!(error instanceof TokenError)) {
        last = new TokenError(`SMH could not be reached for a token (${(error as Error).name})`, 502, 'NetworkError');
      }
    }
    if (attempt < attempts - 1) await sleep(wait, options.signal);
  }
  throw last;
}

function smhError(text: string, status: number): { code: string; message: string } {
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    return {
      code: typeof body.code === 'string' ? body.code : `Http${status}`,
      message: typeof body.message === 'string' && body.message ? body.message : `SMH answered ${status}`,
    };
  } catch {
    return { code: `Http${status}`, message: `SMH answered ${status}` };
  }
}

function redact(message: string, backend: DemoBackend): string {
  return backend.librarySecret ? message.split(backend.librarySecret).join('[redacted]') : message;
}
