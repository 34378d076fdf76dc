// The public surface of react-smh-upload. Each export is named on purpose (STYLE.md §11).
export type * from './api/types';
export { SmhError, SmhApiError, SmhResponseError, CosError, SmhNetworkError } from './api/errors';
export type { SmhErrorDetails } from './api/errors';
export { isRetryable, redactSecrets } from './api/errors';
export { createSmhClient } from './api/client';
export {
  uploadPartSchema,
  uploadPartInfoSchema,
  uploadTaskStatusSchema,
  beginUploadResultSchema,
  confirmUploadResultSchema,
  smhErrorBodySchema,
  accessTokenResultSchema,
} from './api/schemas';
export type { AccessTokenResult } from './api/schemas';
export { parseCosErrorXml, cosErrorFromResponse } from './api/cosXml';
export type { CosErrorXml, ResponseHeadersLike } from './api/cosXml';
export type * from './core/types';
export { UploadError } from './core/errors';
export type { UploadErrorCode } from './core/errors';
