// Page-side helpers used by both bundles. Nothing here imports from src/: the baselines must
// measure the platform, not our library.
import type { PartSnapshot, PartState } from '../../src/core/types';
import type { Target } from './protocol';

const MiB = 1024 * 1024;

/**
 * A `size`-byte File made of one random 1 MiB chunk repeated. The chunk goes into one Blob and
 * the File references that Blob over and over: Chromium shares referenced blob items instead of
 * copying them, so the file costs 1 MiB of blob storage (a File built from the raw bytes copies
 * them all, and past ~512 MiB fails with ERR_BLOB_OUT_OF_MEMORY). Fresh random bytes per call
 * keep SMH's instant upload (a beginningHash match against an earlier run) from short-cutting.
 */
export function makeFile(size: number, name: string): File {
  const chunk = new Uint8Array(Math.min(MiB, size));
  // getRandomValues fills at most 65,536 bytes per call.
  for (let offset = 0; offset < chunk.length; offset += 65_536) {
    crypto.getRandomValues(chunk.subarray(offset, Math.min(chunk.length, offset + 65_536)));
  }
  const whole = Math.floor(size / chunk.length);
  const block = new Blob([chunk]);
  const pieces: BlobPart[] = Array.from({ length: whole }, () => block);
  const rest = size - whole * chunk.length;
  if (rest > 0) pieces.push(chunk.subarray(0, rest));
  return new File(pieces, name, { type: 'application/octet-stream' });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const nextFrame = () =>
  new Promise<void>((resolve) => {
    // A hidden or throttled page may never paint; the timeout keeps the loop moving.
    const timer = setTimeout(resolve, 50);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      resolve();
    });
  });

/** An SMH file-route URL for `name` (a path or a confirm key), with the access token. */
export const smhFileUrl = (target: Target, name: string, query: string) => apiUrl(target, encodeURIComponent(name), query);

function apiUrl(target: Target, tail: string, query: string): string {
  const base = `${target.url}/api/v1/file/${encodeURIComponent(target.libraryId)}/-/${tail}`;
  return `${base}?${query}&access_token=${encodeURIComponent(target.accessToken)}`;
}

async function expectJson<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) {
    // The body is SMH's error JSON ({code, message}); the URL (with the token) is not echoed.
    const body = await response.text().catch(() => '');
    throw new Error(`${what}: HTTP ${response.status} ${body.slice(0, 200)}`);
  }
  return (await response.json()) as T;
}

interface BeginReply {
  domain: string;
  path: string;
  uploadId: string;
  headers: Record<string, string>;
  confirmKey: string;
}

/** `POST …?multipart` over raw HTTP, as docs/smh-protocol.md §4.2 documents it. */
export async function beginMultipart(target: Target, name: string, size: number): Promise<BeginReply> {
  const response = await fetch(
    apiUrl(target, encodeURIComponent(name), `multipart&conflict_resolution_strategy=rename&filesize=${size}`),
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ size: String(size) }) },
  );
  if (response.status !== 201) {
    throw new Error(`begin: expected 201, got HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
  }
  return (await response.json()) as BeginReply;
}

export async function confirmUpload(target: Target, confirmKey: string): Promise<void> {
  await expectJson(
    await fetch(apiUrl(target, encodeURIComponent(confirmKey), 'confirm'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    }),
    'confirm',
  );
}

export async function getStatus(target: Target, confirmKey: string): Promise<{ confirmed: boolean }> {
  return expectJson(await fetch(apiUrl(target, encodeURIComponent(confirmKey), 'upload')), 'status');
}

/**
 * The practical limit: begin, then PUT `Blob.slice`s with `concurrency` requests in flight,
 * then confirm. No retries, no progress events, no bookkeeping beyond a counter.
 */
export async function rawMultipartUpload(
  target: Target,
  file: File,
  partSize: number,
  concurrency: number,
  onBegin?: (confirmKey: string) => void,
): Promise<{ ms: number; parts: number; confirmKey: string }> {
  const started = performance.now();
  const begin = await beginMultipart(target, file.name, file.size);
  onBegin?.(begin.confirmKey);
  const protocol = new URL(target.cosUrl).protocol;
  const count = Math.max(1, Math.ceil(file.size / partSize));
  const abort = new AbortController();
  let next = 1;
  const worker = async () => {
    while (next <= count && !abort.signal.aborted) {
      const number = next++;
      const start = (number - 1) * partSize;
      const url = `${protocol}//${begin.domain}${begin.path}?partNumber=${number}&uploadId=${encodeURIComponent(begin.uploadId)}`;
      const response = await fetch(url, {
        method: 'PUT',
        headers: begin.headers,
        body: file.slice(start, Math.min(file.size, start + partSize)),
        signal: abort.signal,
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`part ${number}: HTTP ${response.status}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  } catch (error) {
    abort.abort();
    throw error;
  }
  await confirmUpload(target, begin.confirmKey);
  return { ms: performance.now() - started, parts: count, confirmKey: begin.confirmKey };
}

/**
 * Pretends the tab is hidden (or visible again): `document.visibilityState`/`hidden` are
 * overridden on the document and `visibilitychange` is dispatched, which is what TanStack
 * Query's focusManager listens to. Timers keep running, as they do in a real background tab
 * (Chromium throttles them to once a second there, which a 1 s poll does not notice).
 */
export function setDocumentHidden(hidden: boolean): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
}

// ── A simulated upload's part list, shared by PartMap and its naive baseline ───────────────

const PART = 8 * MiB;

function part(number: number, state: PartState): PartSnapshot {
  return {
    number,
    offset: (number - 1) * PART,
    size: PART,
    state,
    sentBytes: state === 'sending' ? PART / 2 : 0,
    attempts: state === 'pending' ? 0 : 1,
    ...(state === 'stored'
      ? { etag: `"${number.toString(16).padStart(32, '0')}"`, lastModified: '2026-01-01T00:00:00.000Z' }
      : {}),
  };
}

/**
 * A 40 %-done upload of `count` parts with the mess of a real one (a few failed and retried
 * parts scattered behind the frontier), and a step function that moves it on the way the
 * engine does: each in-flight part is stored and the next pending part starts, in an
 * immutable array where unchanged parts keep their identity.
 */
export function simulatedParts(count: number, changesPerUpdate: number) {
  const inFlight = Math.max(1, Math.floor(changesPerUpdate / 2));
  let frontier = Math.floor(count * 0.4);
  let parts: PartSnapshot[] = Array.from({ length: count }, (_, index) => {
    const number = index + 1;
    if (number <= frontier) return part(number, number % 997 === 0 ? 'failed' : 'stored');
    if (number <= frontier + inFlight) return part(number, 'sending');
    return part(number, 'pending');
  });
  const step = (): PartSnapshot[] => {
    const next = parts.slice();
    for (let i = 0; i < inFlight; i++) {
      const stored = frontier + i; // 0-based index of a sending part
      const started = frontier + inFlight + i;
      if (stored < count) next[stored] = part(stored + 1, 'stored');
      if (started < count) next[started] = part(started + 1, 'sending');
    }
    frontier = Math.min(count, frontier + inFlight);
    parts = next;
    return parts;
  };
  return { initial: parts, step };
}
