// The demo's server routes, as a Vite plugin so the dev server serves them beside the app:
//   GET /demo-api/config  what the browser may know (no secret)
//   GET /demo-api/token   a fresh access token, asked of SMH with the library secret
// In a real app these live in your own backend, behind your own login.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import { issueToken, publicConfig, TokenError, type DemoBackend } from './backend';

function send(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  // A token is a credential: no cache may keep it.
  response.setHeader('cache-control', 'no-store');
  response.end(JSON.stringify(body));
}

export function demoApi(backend: DemoBackend): Plugin {
  const handle = async (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (!pathname.startsWith('/demo-api/')) return next();
    if (request.method !== 'GET') return send(response, 405, { code: 'MethodNotAllowed', message: 'use GET' });
    if (pathname === '/demo-api/config') return send(response, 200, publicConfig(backend));
    if (pathname === '/demo-api/token') {
      const abort = new AbortController();
      response.on('close', () => abort.abort());
      try {
        send(response, 200, await issueToken(backend, { signal: abort.signal }));
      } catch (error) {
        if (abort.signal.aborted) return;
        const failure =
          error instanceof TokenError ? error : new TokenError('the token could not be issued', 500, 'InternalError');
        // Never forward SMH's 4xx as is: the browser's request was fine, the backend's was not.
        send(response, failure.status === 429 ? 503 : 502, { code: failure.code, message: failure.message });
      }
      return;
    }
    send(response, 404, { code: 'RouteNotFound', message: `no demo route ${pathname}` });
  };

  return {
    name: 'react-smh-upload-demo-api',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        void handle(request, response, next);
      });
    },
    configurePreviewServer(server) {
      server.middlewares.use((request, response, next) => {
        void handle(request, response, next);
      });
    },
  };
}
