// README.md's "Quick start", run as written: its code block (read from README.md, not copied)
// becomes src/App.tsx of a fresh Vite react-ts app built against the packed package, the packed
// `smh-emulator` bin serves it, and Chromium uploads a file through it. The one substitution is
// the one the README documents: the emulator's port, since this emulator takes any free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { chromiumArgs, chromiumPath } from '../../vitest.config';
import { buildApp, serve, viteAppShell, writeApp } from './viteApp';

const { dir, packageDir } = inject('consumer');
const app = path.join(dir, 'quickstart');
const repo = path.resolve(import.meta.dirname, '../..');
/** The emulator origin the Quick start is written for (`npx smh-emulator`'s default port). */
const DOCUMENTED_EMULATOR = 'http://127.0.0.1:8787';

/** The first ```tsx block under the "## Quick start" heading of README.md. */
export function quickStartCode(readme: string): string {
  const section = /^## Quick start\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  if (section === undefined) throw new Error('README.md has no "## Quick start" section');
  const code = /^```tsx\n([\s\S]*?)^```$/m.exec(section)?.[1];
  if (code === undefined) throw new Error('README.md\'s Quick start has no ```tsx block');
  return code;
}

// Vite's react-ts template's src/main.tsx, less its stylesheet.
const main = `import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
`;

/** Starts the packed package's `smh-emulator` bin (what `npx smh-emulator` runs) on free ports. */
async function startEmulatorBin(): Promise<{ url: string; child: ChildProcess }> {
  // The bin as the installed package.json names it (an install with --no-save links no .bin/).
  const { bin } = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const cli = path.join(packageDir, bin['smh-emulator']!);
  const args = [cli, '--port', '0', '--data', path.join(dir, 'quickstart-data')];
  const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /SMH API\s+(http:\/\/\S+)/.exec(output);
      if (found) resolve(found[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`smh-emulator exited (${code}) before it was ready:\n${output}`)));
  });
  return { url, child };
}

describe("README.md's Quick start in a fresh Vite React app, against `npx smh-emulator`", () => {
  let emulator: { url: string; child: ChildProcess };
  let server: Server;
  let browser: Awaited<ReturnType<typeof chromium.launch>>;

  beforeAll(async () => {
    emulator = await startEmulatorBin();
    const code = quickStartCode(await readFile(path.join(repo, 'README.md'), 'utf8'));
    // The README says: "If the emulator runs on another port, change 8787 in the smh line".
    if (!code.includes(DOCUMENTED_EMULATOR)) throw new Error(`the Quick start no longer points at ${DOCUMENTED_EMULATOR}`);
    await writeApp(app, { ...viteAppShell(main), 'src/App.tsx': code.replaceAll(DOCUMENTED_EMULATOR, emulator.url) });
    await buildApp(app);
    server = await serve(path.join(app, 'dist'));
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (emulator && emulator.child.exitCode === null) {
      emulator.child.kill('SIGTERM');
      await once(emulator.child, 'exit');
    }
  });

  test('uploads a dropped file that the emulator stores byte for byte, with no library secret in the page', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);

    const bytes = randomBytes(300_000);
    await page.locator('input[type="file"]').setInputFiles({ name: 'quick-start.bin', mimeType: 'application/octet-stream', buffer: bytes });
    const status = page.locator('article.smh-status', { hasText: 'quick-start.bin' });
    await status.locator('.smh-status__state[data-state="done"]').waitFor({ timeout: 30_000 }).catch(async (error: Error) => {
      // Say what the page shows instead, so a broken Quick start names its own failure.
      const shown = await page.locator('#root').innerText().catch(() => '(no page)');
      throw new Error(`${error.message}\nthe page shows:\n${shown}\npage errors: ${errors.join('\n') || 'none'}`);
    });

    const stored = await fetch(`${emulator.url}/__emulator/file/quick-start.bin`);
    expect(stored.status).toBe(200);
    expect(Buffer.from(await stored.arrayBuffer()).equals(bytes)).toBe(true);
    // The token came from the emulator's browser route, never from SMH's token API with the secret.
    expect(requests.filter((url) => url.startsWith(`${emulator.url}/__emulator/token`))).not.toEqual([]);
    expect(requests.filter((url) => url.includes('library_secret') || url.includes('/api/v1/token'))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
