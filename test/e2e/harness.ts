// End-to-end harness: the emulator (temp data folder, free ports), the demo portal on Vite
// (demo/serve.ts's startDemo, free port) and Debian's Chromium through playwright-core.
// Each test file starts one harness in beforeAll and closes it in afterAll.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { emulatorBackend, startDemo, type DemoServer } from '../../demo/serve';
import { startEmulator } from '../../emulator/src/index.js';
import type { Emulator, EmulatorOptions, EmulatorStats, Faults, FileEntry } from '../../emulator/src/types.js';
import { chromiumArgs, chromiumPath } from '../../vitest.config';
import { startFaultProxy, type FaultProxy } from './faultProxy';

export const MiB = 1024 * 1024;

export interface Harness {
  readonly demo: DemoServer;
  /** The running emulator (a new object after `restartEmulator`). */
  readonly emulator: Emulator;
  readonly browser: Browser;
  /**
   * With `startHarness({ proxy: true })`: the fault proxy the page reaches SMH and COS through
   * (the emulator hands out its COS address; the demo's base URL is its SMH address).
   */
  readonly proxy: FaultProxy | undefined;
  /** A folder for source files, removed on close. */
  readonly workDir: string;
  /** Closes the emulator and starts it again on the same ports and data folder. */
  restartEmulator(): Promise<void>;
  /** The emulator's admin routes over HTTP, as the demo's fault panel uses them. */
  admin: {
    setFaults(faults: Partial<Faults>): Promise<Faults>;
    /** Every COS credential now, and with `accessTokens` every access token too. */
    expireCredentials(options?: { accessTokens?: boolean }): Promise<{ credentials: number; accessTokens: number }>;
    stats(): Promise<EmulatorStats>;
    files(): Promise<FileEntry[]>;
  };
  /** A fresh browser context (own IndexedDB) with the progress recorder installed. */
  newPortal(): Promise<Portal>;
  close(): Promise<void>;
}

export interface ProgressSample {
  /** Which page load recorded it (a reload starts a new one). */
  load: string;
  /** `task` (an upload in this page) or `resumable` (the status of an unfinished one). */
  section: string;
  name: string;
  state: string;
  value: number;
  max: number;
}

export interface Portal {
  context: BrowserContext;
  page: Page;
  /** Every aria-valuenow change of every progress bar, in order, across reloads. */
  samples: ProgressSample[];
  /** Dialogs (alert/confirm/prompt) the page opened: there should be none. */
  dialogs: string[];
  /** Console errors and uncaught page errors, for failure messages. */
  errors: string[];
  open(): Promise<void>;
}

async function json<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

// Records every progress bar change inside the page (a MutationObserver sees each one, where
// polling every 100 ms could miss a dip) and hands it to the test through a binding.
const recorderScript = () => {
  const load = `${performance.timeOrigin}`;
  const report = (bar: Element) => {
    const now = bar.getAttribute('aria-valuenow');
    const max = bar.getAttribute('aria-valuemax');
    if (now === null || max === null) return;
    const article = bar.closest('article');
    const name = article?.querySelector('.smh-status__name')?.textContent ?? '';
    const section = bar.closest('[data-section="resumable"]') ? 'resumable' : 'task';
    const send = (window as unknown as { e2eProgress?: (sample: unknown) => void }).e2eProgress;
    send?.({ load, section, name, state: bar.getAttribute('data-state') ?? '', value: Number(now), max: Number(max) });
  };
  const start = () => {
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'attributes') report(record.target as Element);
        for (const node of record.addedNodes) {
          if (!(node instanceof Element)) continue;
          if (node.matches('[role="progressbar"]')) report(node);
          for (const bar of node.querySelectorAll('[role="progressbar"]')) report(bar);
        }
      }
    }).observe(document.documentElement, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-valuenow'],
    });
  };
  if (document.documentElement) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
};

export async function startHarness(options: { emulator?: EmulatorOptions; proxy?: boolean } = {}): Promise<Harness> {
  const workDir = await mkdtemp(join(tmpdir(), 'smh-e2e-'));
  const dataDir = join(workDir, 'emulator-data');
  // Assigned once the emulator is up; until then the proxy has nowhere to send (and nothing asks).
  let emulator!: Emulator;
  const proxy = options.proxy
    ? await startFaultProxy({ upstream: { smh: () => emulator?.url, cos: () => emulator?.cosUrl } })
    : undefined;
  const emulatorOptions: EmulatorOptions = {
    host: '127.0.0.1', port: 0, cosPort: 0, dataDir, seed: 7,
    ...(proxy ? { publicCosDomain: proxy.cosHost } : {}),
    ...options.emulator,
  };
  try {
    emulator = await startEmulator(emulatorOptions);
  } catch (error) {
    await proxy?.close();
    throw error;
  }
  let demo: DemoServer | undefined;
  let browser: Browser | undefined;
  const contexts = new Set<BrowserContext>();
  try {
    // Through the proxy the page's SMH calls (and the demo server's token requests) go to its address.
    const backend = proxy ? { ...emulatorBackend(emulator), baseUrl: proxy.smhUrl } : emulator;
    demo = await startDemo({ port: 0, backend, logLevel: 'error' });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 60_000 });
  } catch (error) {
    await demo?.close();
    await emulator.close();
    await proxy?.close();
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
  const admin = () => `${emulator.url}/__emulator`;
  const post = (route: string, body: unknown) =>
    fetch(`${admin()}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  const harness: Harness = {
    demo,
    get emulator() {
      return emulator;
    },
    browser,
    proxy,
    workDir,
    async restartEmulator() {
      const port = Number(new URL(emulator.url).port);
      const cosPort = Number(new URL(emulator.cosUrl).port);
      const faults = emulator.faults();
      await emulator.close();
      emulator = await startEmulator({ ...emulatorOptions, port, cosPort, faults: { ...faults, seed: null } });
    },
    admin: {
      setFaults: async (faults) => json<Faults>(await post('faults', faults), 'set faults'),
      expireCredentials: async (body = {}) => json(await post('expire-credentials', body), 'expire credentials'),
      stats: async () => json<EmulatorStats>(await fetch(`${admin()}/stats`), 'stats'),
      files: async () => (await json<{ files: FileEntry[] }>(await fetch(`${admin()}/files`), 'files')).files,
    },
    async newPortal() {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
      contexts.add(context);
      const samples: ProgressSample[] = [];
      const dialogs: string[] = [];
      const errors: string[] = [];
      await context.exposeBinding('e2eProgress', (_source, sample: ProgressSample) => {
        samples.push(sample);
      });
      await context.addInitScript(recorderScript);
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      page.on('dialog', (dialog) => {
        dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
      return {
        context,
        page,
        samples,
        dialogs,
        errors,
        async open() {
          await page.goto(demo!.url);
          await page.getByRole('heading', { level: 1, name: 'Send us your documents' }).waitFor();
        },
      };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser!.close().catch(() => undefined);
      await demo!.close().catch(() => undefined);
      await emulator.close().catch(() => undefined);
      await proxy?.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
  return harness;
}

// ── files ───────────────────────────────────────────────────────────────────────────────────

/**
 * Writes `size` bytes of a seeded pattern (xorshift, so parts differ and nothing compresses or
 * deduplicates by accident) and returns the path and its SHA-256.
 */
export async function writeSourceFile(dir: string, name: string, size: number, seed: number): Promise<{ path: string; sha256: string; size: number }> {
  const chunk = 4 * MiB;
  const hash = createHash('sha256');
  const path = join(dir, name);
  const buffers: Buffer[] = [];
  let x = seed >>> 0 || 1;
  for (let offset = 0; offset < size; offset += chunk) {
    const length = Math.min(chunk, size - offset);
    const buffer = Buffer.allocUnsafe(length);
    const words = Math.floor(length / 4);
    for (let i = 0; i < words; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      buffer.writeUInt32LE(x >>> 0, i * 4);
    }
    for (let i = words * 4; i < length; i++) buffer[i] = i & 0xff;
    hash.update(buffer);
    buffers.push(buffer);
  }
  await writeFile(path, Buffer.concat(buffers, size));
  return { path, sha256: hash.digest('hex'), size };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// ── waiting and reading the page ────────────────────────────────────────────────────────────

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 60_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface TaskView {
  state: string;
  value: number;
  max: number;
}

/** The newest upload card of `name` in the Uploads list: its state and progress bar. */
export async function taskView(page: Page, name: string): Promise<TaskView | undefined> {
  return page.evaluate((wanted) => {
    const cards = [...document.querySelectorAll('article.smh-status')].filter(
      (article) =>
        !article.closest('[data-section="resumable"]') &&
        article.querySelector('.smh-status__name')?.textContent === wanted,
    );
    const article = cards.at(-1);
    if (article === undefined) return undefined;
    const bar = article.querySelector('[role="progressbar"]');
    return {
      state: article.getAttribute('data-state') ?? '',
      value: Number(bar?.getAttribute('aria-valuenow') ?? 0),
      max: Number(bar?.getAttribute('aria-valuemax') ?? 0),
    };
  }, name);
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches `selector` (and has `text`, when
 * given), as a keyboard user would; fails after `maxPresses`.
 */
export async function tabTo(page: Page, selector: string, { text, maxPresses = 80, backwards = false }: { text?: string; maxPresses?: number; backwards?: boolean } = {}): Promise<void> {
  const focused = () =>
    page.evaluate(
      ([sel, wanted]) => {
        const active = document.activeElement;
        return active instanceof Element && active.matches(sel!) && (wanted === undefined || (active.textContent ?? '').includes(wanted));
      },
      [selector, text] as const,
    );
  for (let i = 0; i < maxPresses; i++) {
    if (await focused()) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  if (await focused()) return;
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 160));
  throw new Error(`Tab never reached ${selector}${text ? ` "${text}"` : ''} in ${maxPresses} presses (focus is on ${at})`);
}

/** Waits until the upload card of `name` has reached `fraction` of its bytes (or is done). */
export function waitForProgress(page: Page, name: string, fraction: number, timeoutMs = 120_000): Promise<TaskView> {
  return waitUntil(
    `${name} to reach ${Math.round(fraction * 100)} %`,
    async () => {
      const view = await taskView(page, name);
      if (view?.state === 'failed') throw new Error(`${name} failed`);
      return view !== undefined && (view.state === 'done' || (view.max > 0 && view.value >= view.max * fraction)) && view;
    },
    { timeoutMs },
  );
}

export function waitForState(page: Page, name: string, states: readonly string[], timeoutMs = 120_000): Promise<TaskView> {
  return waitUntil(
    `${name} to be ${states.join(' or ')}`,
    async () => {
      const view = await taskView(page, name);
      return view !== undefined && states.includes(view.state) && view;
    },
    { timeoutMs },
  );
}

/** The names in the Finished files table, as the page shows them. */
export function finishedNames(page: Page): Promise<string[]> {
  return page.locator('td[data-column="name"]').allTextContents();
}

/**
 * The progress samples that went down: per page load, per bar (section + file name + phase:
 * hashing counts bytes read, not bytes sent, so it is its own series).
 */
export function progressDips(samples: readonly ProgressSample[]): string[] {
  const last = new Map<string, ProgressSample>();
  const dips: string[] = [];
  for (const sample of samples) {
    const phase = sample.state === 'hashing' ? 'hashing' : 'transfer';
    const key = `${sample.load}|${sample.section}|${sample.name}|${phase}`;
    const previous = last.get(key);
    if (previous !== undefined && sample.value < previous.value) {
      dips.push(
        `${sample.section} "${sample.name.slice(0, 40)}": ${previous.value} (${previous.state}) → ${sample.value} (${sample.state})`,
      );
    }
    last.set(key, sample);
  }
  return dips;
}

/** Part PUTs per part number for one multipart upload. */
export function partPuts(stats: EmulatorStats, uploadId: string): Map<number, { puts: number; stored: number }> {
  const parts = new Map<number, { puts: number; stored: number }>();
  for (const [number, stat] of Object.entries(stats.partPuts[uploadId] ?? {})) {
    parts.set(Number(number), { puts: stat.puts, stored: stat.stored });
  }
  return parts;
}

/** Waits until the largest multipart upload has at least `count` parts stored at the emulator. */
export function waitForStoredParts(harness: Harness, count: number, timeoutMs = 60_000): Promise<number> {
  return waitUntil(
    `${count} stored parts`,
    async () => {
      const stats = await harness.admin.stats();
      const uploadId = largestUpload(stats);
      if (uploadId === undefined) return false;
      const stored = [...partPuts(stats, uploadId).values()].filter((p) => p.stored > 0).length;
      return stored >= count && stored;
    },
    { timeoutMs, intervalMs: 50 },
  );
}

/**
 * The emulator's counters once no part body is still arriving. After a reload the old page's
 * bodies can sit in the OS buffers and still be stored; reading before they drain would count
 * a part as lost that the server ends up keeping.
 */
export function settledStats(harness: Harness, timeoutMs = 30_000): Promise<EmulatorStats> {
  return waitUntil(
    'part PUTs to settle at the emulator',
    async () => {
      const stats = await harness.admin.stats();
      const busy = Object.values(stats.partPuts).some((parts) => Object.values(parts).some((p) => p.active > 0));
      return !busy && stats;
    },
    { timeoutMs, intervalMs: 50 },
  );
}

/** The multipart upload with the most parts sent (the large file of a test). */
export function largestUpload(stats: EmulatorStats): string | undefined {
  let best: string | undefined;
  let most = -1;
  for (const [uploadId, parts] of Object.entries(stats.partPuts)) {
    const count = Object.keys(parts).length;
    if (count > most) {
      most = count;
      best = uploadId;
    }
  }
  return best;
}

/**
 * What a resume after a reload sent again, from the emulator's counters before (`before`, read
 * after the old page was gone) and after it finished: the parts that had been PUT before and
 * were PUT again. `unfinished` are the parts that had a PUT but were not stored at the reload
 * (the ones in flight then); `resentStored` must be empty.
 */
export function resendReport(
  before: Map<number, { puts: number; stored: number }>,
  after: Map<number, { puts: number; stored: number }>,
): { resent: number[]; unfinished: number[]; resentStored: number[] } {
  const resent: number[] = [];
  const unfinished: number[] = [];
  const resentStored: number[] = [];
  for (const [number, earlier] of before) {
    const later = after.get(number) ?? earlier;
    if (earlier.stored === 0) unfinished.push(number);
    if (later.puts > earlier.puts) {
      resent.push(number);
      if (earlier.stored > 0) resentStored.push(number);
    }
  }
  return { resent: resent.toSorted((a, b) => a - b), unfinished: unfinished.toSorted((a, b) => a - b), resentStored };
}
