// The packed, installed package in a plain Node process (no jsdom, no Vite): what a server, an
// SSR framework or a test setup gets from `react-smh-upload` and `react-smh-upload/emulator`.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, test } from 'vitest';
import { runModule } from './consumer.js';

const run = promisify(execFile);
const { dir, packageDir } = inject('consumer');

// Globals a browser has and Node has not (navigator exists in Node ≥ 21, so it is wrapped too).
// Each access is attributed to the file of the code that made it.
const trapBrowserGlobals = `
const touched = [];
const names = ['window', 'document', 'self', 'navigator', 'location', 'localStorage', 'sessionStorage',
  'indexedDB', 'XMLHttpRequest', 'requestAnimationFrame', 'matchMedia', 'HTMLElement', 'customElements'];
for (const name of names) {
  const original = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get: function trap() {
      const holder = {};
      Error.captureStackTrace(holder, trap);
      const caller = holder.stack.split('\\n').find((line) => line.includes(' at ')) ?? '';
      if (caller.includes('/node_modules/react-smh-upload/')) touched.push(name + ' <- ' + caller.trim());
      return original?.get ? original.get.call(globalThis) : original?.value;
    },
  });
}
`;

const first = async (file: string) => (await readFile(path.join(packageDir, 'dist', file), 'utf8')).split('\n')[0];

describe('the installed package in plain Node', () => {
  test('imports through its exports map and touches no browser global while importing or server-rendering', async () => {
    // A probe inside the installed package proves the trap sees the package's own accesses.
    const probe = path.join(packageDir, 'dist/__probe.js');
    await writeFile(probe, 'export const probe = () => typeof window;\n');
    try {
      const result = await runModule<{ resolved: string; exports: string[]; touched: string[]; probe: string[] }>(
        dir,
        `${trapBrowserGlobals}
        const lib = await import('react-smh-upload');
        const { renderToString } = await import('react-dom/server');
        const { createElement: h } = await import('react');
        const { QueryClient, QueryClientProvider } = await import('@tanstack/react-query');
        const client = lib.createSmhClient({ baseUrl: 'https://lib.example.test', libraryId: 'lib', accessToken: 't', fetch: () => { throw new Error('fetched'); } });
        renderToString(h(QueryClientProvider, { client: new QueryClient() },
          h(lib.SmhUploadProvider, { client, store: null }, h(lib.UploadProgress, { value: 1, max: 2 }))));
        const afterRender = [...touched];
        (await import(${JSON.stringify(`file://${probe}`)})).probe();
        console.log(JSON.stringify({
          resolved: import.meta.resolve('react-smh-upload'),
          exports: Object.keys(lib).sort(),
          touched: afterRender,
          probe: touched.slice(afterRender.length),
        }));`,
      );
      expect(result.resolved).toBe(`file://${packageDir}/dist/index.js`);
      expect(result.exports).toEqual(
        expect.arrayContaining(['createSmhClient', 'createUpload', 'UploadStatus', 'UploadProgress', 'SmhUploadProvider', 'SmhError']),
      );
      expect(result.touched).toEqual([]);
      expect(result.probe).toEqual([expect.stringContaining('window <- ')]);
    } finally {
      await rm(probe, { force: true });
    }
  });

  test('server-renders UploadProgress and UploadStatus inside the providers without fetching', async () => {
    const { html, fetches } = await runModule<{ html: string; fetches: number }>(
      dir,
      `import { renderToString } from 'react-dom/server';
      import { createElement as h } from 'react';
      import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
      import { createSmhClient, SmhUploadProvider, UploadProgress, UploadStatus } from 'react-smh-upload';
      let fetches = 0;
      const client = createSmhClient({ baseUrl: 'https://lib.example.test', libraryId: 'lib', accessToken: 'secret-token',
        fetch: async () => { fetches += 1; throw new Error('no network on the server'); } });
      const status = { confirmed: true, path: ['docs', 'report.pdf'], type: 'file', creationTime: '2026-11-24T10:00:00Z',
        conflictResolutionStrategy: 'rename', force: false, availableDomainNum: 1 };
      const html = renderToString(
        h(QueryClientProvider, { client: new QueryClient() },
          h(SmhUploadProvider, { client, store: null },
            h(UploadProgress, { value: 512, max: 1024, label: 'report.pdf' }),
            h(UploadStatus, { status, fileName: 'report.pdf', totalBytes: 1024 }),
            h(UploadStatus, { confirmKey: 'ck-server' }))));
      console.log(JSON.stringify({ html, fetches }));`,
    );
    expect(fetches).toBe(0);
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('aria-label="report.pdf"');
    expect(html).toContain('aria-valuenow="512"');
    expect(html).toContain('aria-valuemax="1024"');
    expect(html).toMatch(/class="smh-progress"[^>]*data-state="uploading"/);
    expect(html).toMatch(/<article[^>]*data-state="confirmed"/);
    expect(html).toContain('report.pdf');
    // The confirmKey form renders its loading state on the server and fetches on the client.
    expect(html).toMatch(/<article[^>]*data-state="loading"/);
    expect(html).not.toContain('secret-token');
  });

  test("marks only the modules that call React 'use client', so server components can use the rest", async () => {
    expect(await first('components/UploadStatus.js')).toBe('"use client";');
    expect(await first('components/UploadProgress.js')).toBe('"use client";');
    expect(await first('react/SmhUploadProvider.js')).toBe('"use client";');
    expect(await first('index.js')).not.toContain('use client');
    expect(await first('api/client.js')).not.toContain('use client');
    expect(await first('react/uploadStatusQuery.js')).not.toContain('use client');
    expect(await first('core/uploadTask.js')).not.toContain('use client');
  });

  test('react-smh-upload/emulator starts from the built JS and takes an upload from the built engine', async () => {
    const bytes = Buffer.from('hello from the packed package\n'.repeat(100));
    const result = await runModule<{ state: string; files: { path: string; size: number; md5: string }[]; afterClose: string }>(
      dir,
      `import { mkdtemp, rm } from 'node:fs/promises';
      import { tmpdir } from 'node:os';
      import { join } from 'node:path';
      import { startEmulator } from 'react-smh-upload/emulator';
      import { createSmhClient, createUpload, createFetchTransport } from 'react-smh-upload';
      const data = await mkdtemp(join(tmpdir(), 'smh-package-emu-'));
      const emu = await startEmulator({ port: 0, cosPort: 0, dataDir: data });
      let closed = false;
      try {
        const { accessToken } = await emu.issueToken({ grant: 'admin' });
        const client = createSmhClient({ baseUrl: emu.url, libraryId: emu.libraryId, accessToken });
        const task = createUpload({ client, file: new Blob([Buffer.from(${JSON.stringify(bytes.toString('base64'))}, 'base64')]),
          name: 'hello.txt', path: 'docs/hello.txt', transport: createFetchTransport(), store: null, allowInsecureHttp: true });
        const state = await new Promise((resolve) => {
          const settled = new Set(['done', 'failed', 'cancelled', 'conflict']);
          task.subscribe(() => { const s = task.getSnapshot(); if (settled.has(s.state)) resolve(s.state + (s.error ? ': ' + s.error.message : '')); });
          task.start();
        });
        const files = emu.files().map(({ path, size, md5 }) => ({ path, size, md5 }));
        await emu.close();
        closed = true;
        const afterClose = await fetch(emu.url).then(() => 'still open', () => 'closed');
        console.log(JSON.stringify({ state, files, afterClose }));
      } finally {
        if (!closed) await emu.close();
        await rm(data, { recursive: true, force: true });
      }`,
      30_000,
    );
    expect(result.state).toBe('done');
    expect(result.files).toEqual([
      { path: 'docs/hello.txt', size: bytes.length, md5: createHash('md5').update(bytes).digest('hex') },
    ]);
    expect(result.afterClose).toBe('closed');
  });

  test('the smh-emulator bin that npm linked runs --help', async () => {
    const { stdout } = await run(path.join(dir, 'node_modules/.bin/smh-emulator'), ['--help'], { timeout: 10_000 });
    expect(stdout).toContain('Usage: smh-emulator [options]');
    expect(stdout).toContain('--port <n>');
  });

  test('the smh-emulator bin rejects an unknown flag with exit code 2', async () => {
    const failure = await run(path.join(dir, 'node_modules/.bin/smh-emulator'), ['--no-such-flag'], { timeout: 10_000 }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('smh-emulator:');
  });
});
