// A fresh Vite React app, in the consumer project, that knows the package only by its public
// entry points: it must build, keep the stylesheet, and show an UploadProgress in Chromium.
import { readFile, readdir, mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build, createLogger, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { chromiumArgs, chromiumPath } from '../../vitest.config';

const { dir } = inject('consumer');
const app = path.join(dir, 'app');

const files: Record<string, string> = {
  'index.html': `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>consumer</title></head>
<body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>`,
  'tsconfig.json': JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', jsx: 'react-jsx', strict: true },
  }),
  'src/main.tsx': `import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createSmhClient, SmhUploadProvider, UploadProgress } from 'react-smh-upload';
import 'react-smh-upload/styles.css';

const client = createSmhClient({ baseUrl: 'https://lib.example.test', libraryId: 'lib', accessToken: 'token' });
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={new QueryClient()}>
      <SmhUploadProvider client={client} store={null}>
        <UploadProgress value={512} max={1024} label="report.pdf" />
      </SmhUploadProvider>
    </QueryClientProvider>
  </StrictMode>,
);
`,
};

/** Builds `app` with Vite's JS API as `vite build` would; returns the emitted files and the warnings. */
async function buildApp(entry?: string) {
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

function serve(root: string): Promise<Server> {
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

describe('a fresh Vite React app using the published entry points', () => {
  let built: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(app, name)), { recursive: true });
      await writeFile(path.join(app, name), text);
    }
    built = await buildApp();
  });

  test('builds with the stylesheet and no Node built-in in the browser bundle', async () => {
    const assets = await readdir(path.join(app, 'dist/assets'));
    const css = assets.filter((name) => name.endsWith('.css'));
    expect(css).toHaveLength(1);
    expect(await readFile(path.join(app, 'dist/assets', css[0]!), 'utf8')).toContain('.smh-progress__indicator');
    const js = built.output.filter((item): item is Rolldown.OutputChunk => item.type === 'chunk');
    expect(js.some((chunk) => chunk.code.includes('smh-progress'))).toBe(true);
    for (const chunk of js) expect(chunk.code).not.toMatch(/from\s*["']node:/);
    expect(built.warnings.filter((warning) => warning.includes('react-smh-upload') && !warning.includes('use client'))).toEqual([]);
  });

  test('tree-shakes: an app that takes only the client gets no component, hook or context', async () => {
    // Holds because package.json's sideEffects names only the CSS: React.createContext() at a
    // module's top level would otherwise keep that module, and what it imports, in every bundle.
    await writeFile(path.join(app, 'src/clientOnly.ts'), "export { createSmhClient } from 'react-smh-upload';\n");
    const { output } = await buildApp('src/clientOnly.ts');
    const code = output.flatMap((item) => (item.type === 'chunk' ? [item.code] : [])).join('\n');
    expect(code).toContain('x-smh-request-id');
    expect(code).not.toMatch(/smh-progress|createContext|useSyncExternalStore/);
  });

  test('react-smh-upload/emulator is Node-only: a browser build cannot resolve it', async () => {
    await writeFile(path.join(app, 'src/emulator.ts'), "export { startEmulator } from 'react-smh-upload/emulator';\n");
    const failure = await buildApp('src/emulator.ts').then(() => undefined, (error: Error) => error);
    expect(failure?.message).toMatch(/"\.\/emulator" is not exported under the conditions \[[^\]]*"browser"/);
  });

  describe('in Chromium', () => {
    let server: Server;
    let browser: Awaited<ReturnType<typeof chromium.launch>>;

    beforeAll(async () => {
      server = await serve(path.join(app, 'dist'));
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 30_000 });
    });

    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => server?.close(resolve));
    });

    test('shows the UploadProgress with its accessible values and the default look applied', async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const bar = page.getByRole('progressbar', { name: 'report.pdf' });
      await bar.waitFor({ timeout: 10_000 });
      expect(await bar.getAttribute('aria-valuenow')).toBe('512');
      expect(await bar.getAttribute('aria-valuemax')).toBe('1024');
      expect(await bar.getAttribute('aria-valuetext')).toMatch(/50\s?%/);
      // A custom property from styles.css resolves only if the stylesheet reached the page.
      const barHeight = await page.evaluate(() =>
        getComputedStyle(document.documentElement).getPropertyValue('--smh-bar-height').trim(),
      );
      expect(barHeight).toMatch(/^0?\.5rem$/);
      expect(errors).toEqual([]);
    });
  });
});
