// Where and how bytes go to COS (docs/smh-protocol.md §5). The signed headers SMH issued go only to
// the host SMH named, over https; plain http only for a loopback emulator the caller opted into.
// Every part PUT has a no-progress watchdog, so a stalled connection is retried, not waited on.
import type { UploadPartInfo } from '../api/types';
import { SmhError, SmhNetworkError } from '../api/errors';
import { cosErrorFromResponse } from '../api/cosXml';
import { describeNoResponse, globalTimers, isLoopbackHost, isTimeoutOption } from '../api/network';
import type { TimerLike } from '../api/network';
import { UploadError } from './errors';
import { abortError } from './retry';
import type { PartRequest, PartResponse, PartTransport } from './types';

type Target = Pick<UploadPartInfo, 'domain' | 'path'>;

export { isLoopbackHost };

/**
 * `https://{domain}{path}` as SMH named them. A `domain` that carries a scheme keeps it only if it
 * is https, or http to loopback with `allowInsecureHttp`; anything that is not a bare host (with a
 * port) is refused, so signed headers cannot be steered to another place.
 */
export function objectUrl(target: Target, allowInsecureHttp = false): string {
  let domain = target.domain.trim();
  let scheme: 'https' | 'http' | undefined;
  const schemeMatch = /^(https?):\/\//i.exec(domain);
  if (schemeMatch) {
    scheme = (schemeMatch[1] as string).toLowerCase() as 'https' | 'http';
    domain = domain.slice(schemeMatch[0].length).replace(/\/$/, '');
  }
  let host: URL;
  try {
    host = new URL(`https://${domain}`);
  } catch {
    host = new URL('https://invalid.invalid');
    domain = '';
  }
  if (domain === '' || host.host !== domain.toLowerCase() || host.pathname !== '/' || host.username !== '') {
    throw new UploadError(
      `SMH named the upload host ${JSON.stringify(target.domain)}, which is not a plain host name; no bytes or signed headers were sent.`,
      'InsecureUrl',
    );
  }
  const loopback = isLoopbackHost(host.hostname);
  if (scheme === 'http' && !(allowInsecureHttp && loopback)) {
    throw new UploadError(
      `SMH named a plain-http upload address (${host.host}); signed headers are sent over https only (allowInsecureHttp is for a loopback emulator).`,
      'InsecureUrl',
    );
  }
  const useHttp = allowInsecureHttp && loopback && scheme !== 'https';
  // A '#' can only belong to the object key (a fragment is never sent): escaped, or it would push
  // partNumber and uploadId into the fragment and turn a part PUT into a whole-object PUT.
  const raw = target.path.replaceAll('#', '%23');
  const path = raw.startsWith('/') ? raw : `/${raw}`;
  return `${useHttp ? 'http' : 'https'}://${host.host}${path}`;
}

/** `https://{domain}{path}?partNumber=N&uploadId=…` (docs/smh-protocol.md §5; query order does not matter to COS). */
export function partUrl(info: Target & { uploadId: string }, partNumber: number, allowInsecureHttp = false): string {
  const base = objectUrl(info, allowInsecureHttp);
  const separator = base.includes('?') ? '&' : '?';
  return `${base}${separator}partNumber=${partNumber}&uploadId=${encodeURIComponent(info.uploadId)}`;
}

function parseDate(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `ETag`, `Date` and `x-cos-hash-crc64ecma` of a 2xx part reply, those the page may read. */
function readReplyHeaders(response: PartResponse, header: (lowerCaseName: string) => string | null | undefined): void {
  const etag = header('etag');
  const date = parseDate(header('date'));
  const crc64 = header('x-cos-hash-crc64ecma');
  if (etag) response.etag = etag;
  if (date !== undefined) response.date = date;
  if (crc64) response.crc64 = crc64;
}

function headerRecord(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of raw.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return out;
}

/**
 * 30 s without an upload progress event (or without a reply once the whole body is sent), as
 * Uppy's `@uppy/aws-s3` and `@uppy/xhr-upload` (`timeout: 30 * 1000`, their ProgressTimeout) and
 * R-FLUTTER's `connectTimeout = 30000`. A browser sends progress events every ~50 ms while bytes
 * move, so 30 s of silence is a dead connection, not a slow one (docs/networks.md).
 */
export const DEFAULT_STALL_TIMEOUT_MS = 30_000;

/**
 * fetch shows no upload progress, so its watchdog allows the body at this floor speed on top of
 * `stallTimeoutMs`; a part slower than this is better sent again than waited on.
 */
const FETCH_FLOOR_BYTES_PER_SECOND = 16 * 1024;

export interface TransportOptions {
  /**
   * Abort a part PUT that made no upload progress for this many ms (or got no reply this long after
   * its last byte), failing with a retryable `SmhNetworkError` of kind `stalled`. Default 30 000;
   * `Infinity` for none.
   */
  stallTimeoutMs?: number;
  /** The timers, for tests (default the global ones). */
  timers?: TimerLike;
}

function stallTimeout(options: TransportOptions): number {
  const ms = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  if (!isTimeoutOption(ms)) {
    throw new SmhError(`The option "stallTimeoutMs" must be a number of milliseconds > 0 (or Infinity); got ${String(ms)}.`, 'InvalidOptions');
  }
  return ms;
}

/** A timer that fires `onStall` unless `kick`ed within `ms`. */
function watchdog(ms: number, timers: TimerLike, onStall: () => void) {
  let handle: unknown;
  const stop = () => {
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = undefined;
  };
  return {
    kick(after = ms) {
      stop();
      if (Number.isFinite(after)) handle = timers.setTimeout(onStall, after);
    },
    stop,
  };
}

function stalledError(request: PartRequest, ms: number): SmhNetworkError {
  return new SmhNetworkError(
    `The part upload to COS stalled: no progress for ${ms} ms (the transport's stallTimeoutMs), so it was aborted; trying again may succeed.`,
    { method: request.method, url: request.url, kind: 'stalled' },
  );
}

function networkError(request: PartRequest, cause?: unknown): SmhNetworkError {
  const url = new URL(request.url);
  if (url.protocol === 'https:' && isLoopbackHost(url.hostname)) {
    // objectUrl upgrades a loopback host to https unless allowInsecureHttp is on; an http-only
    // emulator then never answers, and "could not be reached" would hide why.
    return new SmhNetworkError(
      `The part upload to ${url.host} got no response over https. SMH named a loopback upload host, which is reached ` +
        'over https unless allowInsecureHttp is on; if this is the local emulator on plain http, pass allowInsecureHttp: true.',
      { method: request.method, url: request.url, cause, kind: 'insecureUpgrade' },
    );
  }
  const { kind, summary, detail } = describeNoResponse(cause);
  return new SmhNetworkError(`COS ${summary} for the part upload (${request.method} ${request.url}): ${detail}.`, {
    method: request.method,
    url: request.url,
    cause,
    kind,
  });
}

/**
 * The browser default: XMLHttpRequest, for upload progress events (fetch has none). Resolves on 2xx
 * with `ETag` and `Date` when COS exposes them; rejects with `CosError`, `SmhNetworkError` or the
 * signal's abort reason.
 *
 * Chromium sends no upload progress for a request that a service worker answers itself (msw's
 * worker does so for every request it lets through): a part's bytes then show only once COS stores
 * it. A worker that leaves the part PUTs alone (no `respondWith`) costs nothing.
 */
export function createXhrTransport(options: TransportOptions = {}): PartTransport {
  const stallMs = stallTimeout(options);
  const timers = options.timers ?? globalTimers;
  return {
    send(request: PartRequest): Promise<PartResponse> {
      return new Promise((resolve, reject) => {
        const { signal } = request;
        if (signal.aborted) {
          reject(abortError(signal));
          return;
        }
        const xhr = new XMLHttpRequest();
        let stalled = false;
        const dog = watchdog(stallMs, timers, () => {
          stalled = true;
          xhr.abort();
        });
        const onAbort = () => xhr.abort();
        const done = () => {
          dog.stop();
          signal.removeEventListener('abort', onAbort);
        };
        xhr.open(request.method, request.url, true);
        for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value);
        const report = request.onProgress;
        xhr.upload.addEventListener('progress', (event) => {
          dog.kick();
          report?.(event.loaded);
        });
        // The whole body is out: from now on the watchdog waits for COS's reply.
        xhr.upload.addEventListener('load', () => dog.kick());
        xhr.addEventListener('load', () => {
          done();
          const headers = headerRecord(xhr.getAllResponseHeaders());
          if (xhr.status >= 200 && xhr.status < 300) {
            request.onProgress?.(request.body.size);
            const response: PartResponse = { status: xhr.status };
            readReplyHeaders(response, (name) => headers[name]);
            resolve(response);
          } else if (xhr.status === 0) {
            reject(networkError(request));
          } else {
            reject(
              cosErrorFromResponse(xhr.status, typeof xhr.responseText === 'string' ? xhr.responseText : '', headers, {
                method: request.method,
                url: request.url,
              }),
            );
          }
        });
        const onFailure = () => {
          done();
          reject(networkError(request));
        };
        xhr.addEventListener('error', onFailure);
        xhr.addEventListener('timeout', onFailure);
        xhr.addEventListener('abort', () => {
          done();
          reject(stalled && !signal.aborted ? stalledError(request, stallMs) : abortError(signal));
        });
        signal.addEventListener('abort', onAbort, { once: true });
        xhr.send(request.body);
        dog.kick();
      });
    },
  };
}

/**
 * A fetch-based transport for Node, SSR and tests (no upload progress: `onProgress` is called once
 * with the whole body when COS answers).
 */
export function createFetchTransport(fetchImpl?: typeof fetch, options: TransportOptions = {}): PartTransport {
  const stallMs = stallTimeout(options);
  const timers = options.timers ?? globalTimers;
  return {
    async send(request: PartRequest): Promise<PartResponse> {
      const doFetch = fetchImpl ?? globalThis.fetch;
      if (request.signal.aborted) throw abortError(request.signal);
      const controller = new AbortController();
      let stalled = false;
      const dog = watchdog(stallMs, timers, () => {
        stalled = true;
        controller.abort(new DOMException('stalled', 'TimeoutError'));
      });
      const onAbort = () => controller.abort(request.signal.reason);
      request.signal.addEventListener('abort', onAbort, { once: true });
      dog.kick(stallMs + (request.body.size / FETCH_FLOOR_BYTES_PER_SECOND) * 1000);
      try {
        let response: Response;
        try {
          response = await doFetch(request.url, {
            method: request.method,
            headers: request.headers,
            body: request.body,
            signal: controller.signal,
          });
        } catch (error) {
          throw networkError(request, error);
        }
        dog.kick();
        if (!response.ok) {
          let text = '';
          try {
            text = await response.text();
          } catch {
            // A body that cannot be read still leaves the status to report.
          }
          throw cosErrorFromResponse(response.status, text, response.headers, {
            method: request.method,
            url: request.url,
          });
        }
        // Drain so the connection can be reused.
        await response.arrayBuffer().catch(() => undefined);
        request.onProgress?.(request.body.size);
        const result: PartResponse = { status: response.status };
        readReplyHeaders(result, (name) => response.headers.get(name));
        return result;
      } catch (error) {
        if (request.signal.aborted) throw abortError(request.signal);
        if (stalled) throw stalledError(request, stallMs);
        throw error;
      } finally {
        dog.stop();
        request.signal.removeEventListener('abort', onAbort);
      }
    },
  };
}

/** XHR where it exists (browsers), else fetch. Decided at call time so SSR imports touch nothing. */
export function defaultTransport(options: TransportOptions = {}): PartTransport {
  return typeof XMLHttpRequest === 'function' ? createXhrTransport(options) : createFetchTransport(undefined, options);
}
