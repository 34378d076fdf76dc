// An `accessToken` getter for createSmhClient: it asks our own backend (never SMH with a secret)
// and keeps the token until shortly before it expires. Concurrent callers share one request.
export interface TokenGetterOptions {
  /** Ask for a new token this long before the old one expires. Default 60 s. */
  refreshBeforeMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

interface TokenReply {
  accessToken: string;
  expiresIn: number;
}

export function createTokenGetter(url: string, options: TokenGetterOptions = {}): () => Promise<string> {
  const refreshBeforeMs = options.refreshBeforeMs ?? 60_000;
  const now = options.now ?? Date.now;
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const request = async (): Promise<string> => {
    const response = await (options.fetch ?? fetch)(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
    const body = (await response.json().catch(() => ({}))) as Partial<TokenReply> & { message?: string };
    if (!response.ok || typeof body.accessToken !== 'string' || typeof body.expiresIn !== 'number') {
      throw new Error(`No access token: ${body.message ?? `the portal's server answered ${response.status}`}`);
    }
    cached = { token: body.accessToken, expiresAt: now() + body.expiresIn * 1000 };
    return body.accessToken;
  };

  return () => {
    if (cached !== undefined && now() < cached.expiresAt - refreshBeforeMs) return Promise.resolve(cached.token);
    pending ??= request().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
