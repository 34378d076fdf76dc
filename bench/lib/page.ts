// Builds the bench page with Vite's JS API and serves it on loopback.
//
// Why a production build rather than `createServer`: the dev server hands the page React's
// development build, which is several times slower than what users ship, and the render row
// would measure React's dev checks. Here react-dom/client is aliased to react-dom/profiling,
// React's production build with <Profiler> timings on.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile, copyFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { build, type InlineConfig } from 'vite';

const pageDir = resolve(import.meta.dirname, '../page');

export interface BenchPage {
  url: string;
  /** Why our bundle did not build, when it did not (the baselines still run). */
  oursBuildError?: string;
  close(): Promise<void>;
}

function config(outDir: string, entry: string, emptyOutDir: boolean): InlineConfig {
  return {
    configFile: false,
    root: pageDir,
    mode: 'production',
    logLevel: 'error',
    resolve: { alias: [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }] },
    build: {
      outDir,
      emptyOutDir,
      minify: true,
      target: 'es2022',
      modulePreload: false,
      reportCompressedSize: false,
      copyPublicDir: false,
      rolldownOptions: {
        input: { [entry]: join(pageDir, `${entry}.tsx`) },
        output: { entryFileNames: '[name].js', chunkFileNames: `${entry}-[name]-[hash].js` },
      },
    },
  };
}

const mime: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

function serve(root: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(root, path === sep || path === '/' ? 'index.html' : path);
    if (!file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    stat(file).then(
      (info) => {
        if (!info.isFile()) throw new Error('not a file');
        response.writeHead(200, { 'Content-Type': mime[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
        createReadStream(file).pipe(response);
      },
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolvePromise(server));
  });
}

export async function startBenchPage(): Promise<BenchPage> {
  const outDir = await mkdtemp(join(tmpdir(), 'smh-bench-page-'));
  let server: Server | undefined;
  try {
    await build(config(outDir, 'baseline', true));
    let oursBuildError: string | undefined;
    try {
      await build(config(outDir, 'ours', false));
    } catch (error) {
      oursBuildError = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
      await writeFile(join(outDir, 'ours.js'), `window.benchOursError = ${JSON.stringify(oursBuildError)};\n`);
    }
    await copyFile(join(pageDir, 'index.html'), join(outDir, 'index.html'));
    server = await serve(outDir);
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('page server has no port');
    const listening = server;
    return {
      url: `http://127.0.0.1:${address.port}/`,
      ...(oursBuildError ? { oursBuildError } : {}),
      async close() {
        listening.closeAllConnections();
        await new Promise<void>((done) => listening.close(() => done()));
        await rm(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    server?.close();
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }
}
