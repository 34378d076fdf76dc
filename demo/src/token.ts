// The portal's `accessToken` getter: the library's own token cache over our backend's route, which
// holds the library secret and asks SMH for each token. When SMH refuses a token, the cache asks
// again with `refresh: true`, and the backend mints a fresh one (it keeps none).
import { createAccessTokenCache, type AccessTokenCache } from 'react-smh-upload';

export function createTokenGetter(url: string): AccessTokenCache {
  return createAccessTokenCache(async ({ signal }) => {
    const response = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store', signal });
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    if (!response.ok) throw new Error(`No access token: ${body.message ?? `the portal's server answered ${response.status}`}`);
    return body;
  });
}
