// Shared by the package tests that build a fresh Vite React app in the consumer project: write
// its files, build it with Vite's JS API as `vite build` would, and serve the result on loopback.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { build, createLogger, type Rolldown } from 'vite';

/** The files a Vite app needs besides its own code: Vite's react-ts template, trimmed to what builds. */
export function viteAppShell(main: string): Record<string, string> {
  return {
    'index.html': `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>consumer</title></head>
<body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>`,
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'bundler',
        jsx: 'react-jsx',
        strict: true,
        allowImportingTsExtensions: true,
        noEmit: true,
      },
    }),
    'src/main.tsx': main,
  };
}

export async function writeApp(app: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(app, name)), { recursive: true });
    await writeFile(path.join(app, name), text);
  }
}

/** Builds `app` with Vite's JS API as `vite build` would; returns the emitted files and the warnings. */
export async function buildApp(app: string, entry?: string) {
  const warnings: string[] = [];
  const logger = createLogger('warn', { allowClearScreen: false });
  logger.warn = (message) => void warnings.push(message);
  logger.warnOnce = logger.warn;
  // A failed build rejects with the reason; its log line would only be noise here.
  logger.error = () => undefined;
  // Vitest sets NODE_ENV=test, which would give the app React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const result = await build({
    configFile: false,
    root: app,
    mode: 'production',
    logLevel: 'warn',
    customLogger: logger,
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      reportCompressedSize: false,
      ...(entry === undefined ? {} : { write: false, rolldownOptions: { input: path.join(app, entry), preserveEntrySignatures: 'strict' } }),
    },
  }).finally(() => {
    process.env.NODE_ENV = nodeEnv;
  });
  const outputs = [result].flat() as Rolldown.RolldownOutput[];
  return { output: outputs.flatMap((o) => o.output), warnings };
}

/** Serves a built app's `dist` folder on 127.0.0.1 (any free port). */
export function serve(root: string): Promise<Server> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const file = path.join(root, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
