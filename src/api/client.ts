// `createSmhClient`: checks the options once, then composes the request plumbing (request.ts) with
// the upload endpoints (uploads.ts) and the folder and file endpoints (folders.ts). Every reply is
// checked with the zod/mini schemas; every failure becomes a typed error without a secret in it.
import { isLoopbackHost, isTimeoutOption } from './network';
import { createRequester } from './request';
import { folderEndpoints } from './folders';
import type { SmhClient, SmhClientOptions, SmhFolderApi } from './types';
import { encodeKeySegment, invalid, uploadEndpoints } from './uploads';

/**
 * 30 s, as R-FLUTTER's `connectTimeout = 30000` and Uppy's 30 s request timeout: long enough for
 * a confirm that completes a large multipart upload on SMH's side, short enough that a dead
 * connection is retried instead of waited on (docs/networks.md).
 */
export const DEFAULT_TIMEOUT_MS = 30_000;

function checkBaseUrl(options: SmhClientOptions): string {
  const { baseUrl } = options;
  let url: URL | undefined;
  try {
    if (typeof baseUrl === 'string' && /^https?:\/\/[^/]/i.test(baseUrl)) url = new URL(baseUrl);
  } catch {
    // Not a URL after all (a space in the host, say): refused below like any other.
  }
  if (!url) {
    throw invalid(`The SMH baseUrl must be an http(s) URL such as "https://<LibraryId>.api.tencentsmh.cn"; got ${JSON.stringify(baseUrl)}.`, 'InvalidOptions');
  }
  // The token travels in the query string (docs/smh-protocol.md §2): over plain http anyone on the path reads it.
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && options.allowInsecureHttp !== true) {
    throw invalid(
      `The SMH baseUrl ${JSON.stringify(url.origin)} is plain http, which would send the access token in clear text; ` +
        'use https (SMH itself answers only https), a loopback emulator, or pass allowInsecureHttp: true to accept the risk.',
      'InsecureUrl',
    );
  }
  return baseUrl.replace(/\/+$/, '');
}

export function createSmhClient(options: SmhClientOptions): SmhClient & SmhFolderApi {
  const baseUrl = checkBaseUrl(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!isTimeoutOption(timeoutMs)) {
    throw invalid(`The option "timeoutMs" must be a number of milliseconds > 0 (or Infinity for none); got ${String(timeoutMs)}.`, 'InvalidOptions');
  }
  const { libraryId } = options;
  const spaceId = options.spaceId ?? '-';
  const requester = createRequester({
    baseUrl,
    scope: `${encodeKeySegment(libraryId, 'libraryId')}/${encodeKeySegment(spaceId, 'spaceId')}`,
    accessToken: options.accessToken,
    userId: options.userId,
    fetch: options.fetch,
    timeoutMs,
  });
  return {
    baseUrl,
    libraryId,
    spaceId,
    ...uploadEndpoints(requester),
    ...folderEndpoints(requester),
    serverTimeOffset: requester.serverTimeOffset,
  };
}
