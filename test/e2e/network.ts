// What the network tests share: one small multipart upload through the portal and the fault
// proxy, and the checks every one of them ends with (stored byte-exact, no stored part sent
// again, re-sent bytes within the parts the fault hit).
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Faults } from '../../emulator/src/types.js';
import type { FaultProxy, FaultRule, ProxiedRequest } from './faultProxy';
import {
  largestUpload,
  MiB,
  progressDips,
  settledStats,
  taskView,
  waitUntil,
  writeSourceFile,
  type Harness,
  type Portal,
  type TaskView,
} from './harness';

/**
 * 15 MiB and a bit: the portal plans 1 MiB parts for it (15 MiB over 4 connections × 2 rounds
 * down to 1 MiB), 16 in all with a short last one, so a fault can aim at one part.
 */
export const UPLOAD_SIZE = 15 * MiB + 4321;
export const PART_SIZE = MiB;
export const PART_COUNT = 16;
/** The engine adapts its parallel part uploads between 1 and this default ceiling. */
export const MAX_CONCURRENCY = 8;

const NO_FAULTS: Partial<Faults> = { partFailureRate: 0, latencyMs: 0, bandwidthBytesPerSecond: 0, rateLimitNext: 0 };

export interface Upload {
  portal: Portal;
  page: Page;
  name: string;
  folder: string;
  source: { path: string; sha256: string; size: number };
}

export function proxyOf(harness: Harness): FaultProxy {
  if (!harness.proxy) throw new Error('these tests need startHarness({ proxy: true })');
  return harness.proxy;
}

/**
 * Drops a fresh file on a fresh portal with the proxy's rules in force and the emulator's own
 * faults off (but `faults`): the folder exists unless `createFolder` is false, counters start at 0.
 */
export async function startUpload(
  harness: Harness,
  options: {
    folder: string;
    name: string;
    seed: number;
    rules?: readonly FaultRule[];
    faults?: Partial<Faults>;
    createFolder?: boolean;
    /** Runs on the new portal before the page loads (init scripts, routes). */
    beforeOpen?: (portal: Portal) => Promise<void>;
  },
): Promise<Upload> {
  const proxy = proxyOf(harness);
  proxy.reset();
  harness.emulator.resetStats();
  await harness.admin.setFaults({ ...NO_FAULTS, ...options.faults });
  if (options.createFolder !== false) await harness.emulator.createFolder(options.folder);
  const source = await writeSourceFile(harness.workDir, options.name, UPLOAD_SIZE, options.seed);
  const portal = await harness.newPortal();
  await options.beforeOpen?.(portal);
  await portal.open();
  await portal.page.getByLabel('Folder').fill(options.folder);
  for (const rule of options.rules ?? []) proxy.addRule(rule);
  await portal.page.locator('.smh-dropzone__zone input[type="file"]').setInputFiles(source.path);
  return { portal, page: portal.page, name: options.name, folder: options.folder, source };
}

/** The whole text of the newest upload card of `name` (state notes and error messages included). */
export function cardText(page: Page, name: string): Promise<string> {
  return page.evaluate((wanted) => {
    const cards = [...document.querySelectorAll('article.smh-status')].filter(
      (article) =>
        !article.closest('[data-section="resumable"]') &&
        article.querySelector('.smh-status__name')?.textContent === wanted,
    );
    return cards.at(-1)?.textContent ?? '';
  }, name);
}

/** Waits until the card of `name` has ended (done, failed or cancelled); its view and text. */
export async function settle(upload: Upload, timeoutMs = 120_000): Promise<TaskView & { text: string }> {
  const view = await waitUntil(
    `${upload.name} to end`,
    async () => {
      const current = await taskView(upload.page, upload.name);
      return current !== undefined && ['done', 'failed', 'cancelled'].includes(current.state) && current;
    },
    { timeoutMs, intervalMs: 250 },
  );
  return { ...view, text: await cardText(upload.page, upload.name) };
}

/** Ends done, with the stored object byte for byte the source, no progress dip and no dialog. */
export async function expectStoredExactly(harness: Harness, upload: Upload, timeoutMs?: number): Promise<void> {
  const end = await settle(upload, timeoutMs);
  expect(end.state, `${upload.name} ended ${end.state}: ${end.text}`).toBe('done');
  const stored = (await harness.admin.files()).find((file) => file.path === `${upload.folder}/${upload.name}`);
  expect(stored, `${upload.folder}/${upload.name} is stored`).toBeDefined();
  expect(stored!.size).toBe(upload.source.size);
  expect(stored!.sha256).toBe(upload.source.sha256);
  expect(progressDips(upload.portal.samples)).toEqual([]);
  expect(upload.portal.dialogs).toEqual([]);
}

/** The COS part PUTs the browser made, per part number, from the proxy's log. */
export function partAttempts(log: readonly ProxiedRequest[]): Map<number, ProxiedRequest[]> {
  const parts = new Map<number, ProxiedRequest[]>();
  for (const entry of log) {
    const number = Number(entry.query.partNumber);
    if (entry.origin !== 'cos' || entry.method !== 'PUT' || !Number.isInteger(number)) continue;
    parts.set(number, [...(parts.get(number) ?? []), entry]);
  }
  return parts;
}

/**
 * Every part stored exactly once at the emulator; only `allowed` parts went more than once, and
 * the bytes the browser sent beyond the file's size (what the proxy read, stalled bodies
 * included) stay within those parts.
 */
export async function expectResendsWithin(harness: Harness, upload: Upload, allowed: readonly number[]): Promise<void> {
  const stats = await settledStats(harness);
  const uploadId = largestUpload(stats);
  expect(uploadId, 'a multipart upload reached the emulator').toBeDefined();
  const stored = Object.entries(stats.partPuts[uploadId!] ?? {}).map(([number, stat]) => [Number(number), stat.stored] as const);
  expect(stored.toSorted((a, b) => a[0] - b[0])).toEqual(Array.from({ length: PART_COUNT }, (_, i) => [i + 1, 1]));

  const attempts = partAttempts(proxyOf(harness).log());
  const resent = [...attempts].filter(([, tries]) => tries.length > 1).map(([number]) => number);
  for (const number of resent) expect(allowed, `part ${number} was sent ${attempts.get(number)!.length} times`).toContain(number);
  const sent = [...attempts.values()].flat().reduce((sum, entry) => sum + entry.bytesIn, 0);
  expect(sent - upload.source.size).toBeGreaterThanOrEqual(0);
  expect(sent - upload.source.size).toBeLessThanOrEqual(allowed.length * PART_SIZE);
}

/** SMH file-route calls (begin, renew, status, confirm, cancel; no preflights) in the proxy's log. */
export function smhCalls(log: readonly ProxiedRequest[]): ProxiedRequest[] {
  return log.filter((entry) => entry.origin === 'smh' && entry.method !== 'OPTIONS' && entry.path.startsWith('/api/v1/'));
}
