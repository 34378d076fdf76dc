// Talking to the local SMH + COS emulator (`npm run emulator`) from the live stories: where it
// is, a dev access token, and its admin routes (`/__emulator/…`, see emulator/README.md).

// Type-only: erased at build time, so nothing of the Node-only emulator reaches the browser.
import type { Faults } from 'react-smh-upload/emulator';

/** The emulator's SMH origin: `STORYBOOK_SMH_URL`, else the emulator's default port. */
export const EMULATOR_URL: string = (import.meta.env['STORYBOOK_SMH_URL'] as string | undefined) || 'http://127.0.0.1:8787';

/**
 * The emulator's built-in, dev-only library secret (emulator/README.md, `--library-secret`). It
 * unlocks nothing but a local emulator; a real app gets tokens from its own backend and never
 * holds a library secret in the browser.
 */
const EMULATOR_DEV_LIBRARY_SECRET = 'emulator-dev-library-secret';

export type { Faults };

export const NO_FAULTS: Faults = {
  partFailureRate: 0,
  partFailureMode: '5xx',
  latencyMs: 0,
  bandwidthBytesPerSecond: 0,
  bandwidthScope: 'total',
  rateLimitNext: 0,
  seed: null,
};

export interface EmulatorInfo {
  url: string;
  cosUrl: string;
  libraryId: string;
  spaceId: string;
  partInfoTtlSeconds: number;
}

async function admin<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${EMULATOR_URL}/__emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  if (!response.ok) {
    let message = `the emulator answered ${response.status}`;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new Error(message);
  }
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

export const emulator = {
  info: () => admin<EmulatorInfo>('info'),
  faults: () => admin<Faults>('faults'),
  setFaults: (faults: Partial<Faults>) => admin<Faults>('faults', faults),
  expireCredentials: () => admin<{ credentials: number; accessTokens: number }>('expire-credentials', {}),
  deleteFolder: (path: string) => admin<{ files: number; directories: number }>('delete-folder', { path }),
  createFolder: (path: string) => admin<{ created: boolean }>('create-folder', { path }),
};

/**
 * An `accessToken` getter for createSmhClient that asks the emulator's token route (as a backend
 * would ask SMH) and keeps the token until a minute before it expires.
 */
export function devTokenGetter(libraryId: string): () => Promise<string> {
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const request = async () => {
    const query = new URLSearchParams({
      library_id: libraryId,
      library_secret: EMULATOR_DEV_LIBRARY_SECRET,
      grant: 'admin',
      period: '7200',
    });
    const response = await fetch(`${EMULATOR_URL}/api/v1/token?${query}`, { cache: 'no-store' });
    const body = (await response.json().catch(() => ({}))) as { accessToken?: string; expiresIn?: number; code?: string };
    if (!response.ok || typeof body.accessToken !== 'string' || typeof body.expiresIn !== 'number') {
      // The URL holds the dev secret: name the status and code only.
      throw new Error(`The emulator gave no token (${response.status} ${body.code ?? ''}).`.replace(' )', ')'));
    }
    cached = { token: body.accessToken, expiresAt: Date.now() + body.expiresIn * 1000 };
    return body.accessToken;
  };
  return () => {
    if (cached !== undefined && Date.now() < cached.expiresAt - 60_000) return Promise.resolve(cached.token);
    pending ??= request().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

/**
 * A file of `bytes` bytes made of one fresh random 1 MB block repeated (so each is new to the
 * emulator's instant-upload check, and no large buffer is held).
 */
export function sampleFile(name: string, bytes: number): File {
  const block = new Uint8Array(Math.min(bytes, 1_000_000));
  // getRandomValues fills at most 64 KiB per call.
  for (let offset = 0; offset < block.length; offset += 65_536) {
    crypto.getRandomValues(block.subarray(offset, offset + 65_536));
  }
  // Blob parts that are Blobs are referenced, not copied: the file costs 1 MB however large.
  const chunk = new Blob([block]);
  const whole = Math.floor(bytes / block.length);
  const rest = bytes - whole * block.length;
  const parts = Array.from({ length: whole }, () => chunk);
  if (rest > 0) parts.push(chunk.slice(0, rest));
  return new File(parts, name, { type: 'application/octet-stream' });
}
