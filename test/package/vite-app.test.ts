// A fresh Vite React app, in the consumer project, that knows the package only by its public
// entry points: it must build, keep the stylesheet, and show an UploadProgress in Chromium.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { chromiumArgs, chromiumPath } from '../../vitest.config';
import { buildApp as buildIn, serve, viteAppShell, writeApp } from './viteApp';

const { dir } = inject('consumer');
const app = path.join(dir, 'app');

const files = viteAppShell(`import { StrictMode } from 'react';
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
`);

const buildApp = (entry?: string) => buildIn(app, entry);

describe('a fresh Vite React app using the published entry points', () => {
  let built: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    await writeApp(app, files);
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

  test('tree-shakes: a page that only watches tasks by confirm key gets no engine, queue or resume store', async () => {
    // The provider leaves the queue and the default store to the hooks that upload (useSmhUpload).
    await writeFile(
      path.join(app, 'src/statusOnly.ts'),
      "export { createSmhClient, SmhUploadProvider, useUploadStatus, UploadStatus } from 'react-smh-upload';\n",
    );
    const { output } = await buildApp('src/statusOnly.ts');
    const code = output.flatMap((item) => (item.type === 'chunk' ? [item.code] : [])).join('\n');
    expect(code).toContain('x-smh-request-id');
    expect(code).toContain('smh-status');
    // Messages of the queue, the engine's task and createUpload, and the IndexedDB store's upgrade event.
    expect(code).not.toMatch(/is in another queue|stages in one run|createUpload needs|upgradeneeded/);
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
