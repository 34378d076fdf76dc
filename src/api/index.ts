// The api layer: the SMH/COS wire contract. Imports nothing from core, react or components.
export * from './types';
export * from './errors';
export * from './schemas';
export { createSmhClient } from './client';
export { encodeSmhPath, splitSmhPath } from './path';
export { parseCosErrorXml, cosErrorFromResponse, headerValue } from './cosXml';
export type { CosErrorXml, ResponseHeadersLike } from './cosXml';
