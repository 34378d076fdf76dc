// The api layer: the SMH/COS wire contract. Imports nothing from core, react or components.
export * from './types';
export * from './errors';
export * from './schemas';
export { createSmhClient, DEFAULT_TIMEOUT_MS } from './client';
export { createAccessTokenCache } from './tokenCache';
export type { AccessTokenCache, AccessTokenCacheOptions, AccessTokenFetchContext } from './tokenCache';
export { isLoopbackHost } from './network';
export { encodeSmhPath, splitSmhPath } from './path';
export { parseCosErrorXml, cosErrorFromResponse, headerValue } from './cosXml';
export type { CosErrorXml, ResponseHeadersLike } from './cosXml';
