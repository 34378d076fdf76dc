// Many small files through the demo portal in Chromium: the batch summary above the list counts
// them, speaks once when they are all over (not once per file), and after a burst of 429s that
// outlasts every retry, "Retry all failed" sends the failed ones.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, waitUntil, writeSourceFile, type Harness } from './harness';

const FOLDER = 'claims/batch';
const COUNT = 40;

/**
 * Records every non-empty text a live region or alert takes, in order, by where it is: in the
 * batch summary, in an upload card, or elsewhere on the page (the other cards of the portal).
 */
async function recordAnnouncements(page: Page): Promise<() => Promise<Record<'batch' | 'card', string[]>>> {
  await page.evaluate(() => {
    const spoken: Array<{ where: string; text: string }> = [];
    (window as unknown as { spoken: typeof spoken }).spoken = spoken;
    // Inside the page function: it runs in the browser, so it cannot live at module scope.
    // oxlint-disable-next-line unicorn/consistent-function-scoping
    const regionOf = (node: Node | null) =>
      (node instanceof Element ? node : node?.parentElement)?.closest('[aria-live], [role="alert"], [role="status"]') ?? null;
    new MutationObserver((records) => {
      const regions = new Set<Element>();
      for (const record of records) {
        const region = regionOf(record.target);
        if (region !== null) regions.add(region);
        for (const node of record.addedNodes) {
          if (node instanceof Element && node.matches('[aria-live], [role="alert"], [role="status"]')) regions.add(node);
        }
      }
      for (const region of regions) {
        const text = region.textContent?.trim() ?? '';
        const where = region.closest('.smh-batch') ? 'batch' : region.closest('.smh-status') ? 'card' : 'other';
        if (text !== '') spoken.push({ where, text });
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return async () => {
    const spoken = await page.evaluate(() => (window as unknown as { spoken: Array<{ where: string; text: string }> }).spoken.slice());
    const from = (where: string) => spoken.filter((entry) => entry.where === where).map((entry) => entry.text);
    return { batch: from('batch'), card: from('card') };
  };
}

async function summaryText(page: Page): Promise<{ files: string; counts: string[]; live: string }> {
  const summary = page.getByRole('region', { name: 'All uploads' });
  return {
    files: (await summary.locator('.smh-batch__files').textContent()) ?? '',
    counts: await summary.locator('.smh-batch__counts li').allTextContents(),
    live: ((await summary.getByRole('status').textContent()) ?? '').trim(),
  };
}

describe('the batch summary', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('counts many small files, speaks once when they are done, and retries the failed ones after a fault', async () => {
    const sources = [];
    for (let i = 0; i < COUNT + 2; i++) {
      sources.push(await writeSourceFile(harness.workDir, `receipt-${String(i).padStart(2, '0')}.jpg`, 2_000 + i * 997, 100 + i));
    }
    const portal = await harness.newPortal();
    const { page } = portal;
    await portal.open();
    await page.getByLabel('Folder').fill(FOLDER);
    const announcements = await recordAnnouncements(page);
    const input = page.locator('.smh-dropzone__zone input[type="file"]');

    await input.setInputFiles(sources.slice(0, COUNT).map((s) => s.path));
    const bar = page.getByRole('progressbar', { name: 'Progress of all uploads' });
    await bar.waitFor();
    await waitUntil('the batch to end', async () => (await summaryText(page)).live === `${COUNT} files uploaded`, { timeoutMs: 120_000 });
    expect(await summaryText(page)).toEqual({
      files: `${COUNT} of ${COUNT} files uploaded`,
      counts: [`${COUNT} uploaded`],
      live: `${COUNT} files uploaded`,
    });
    const total = sources.slice(0, COUNT).reduce((sum, s) => sum + s.size, 0);
    expect(await bar.getAttribute('aria-valuenow')).toBe(String(total));
    expect(await bar.getAttribute('aria-valuemax')).toBe(String(total));
    // One announcement for the forty files; no card spoke for its own.
    expect(await announcements()).toEqual({ batch: [`${COUNT} files uploaded`], card: [] });

    // Every SMH call is refused for longer than the engine retries: the next two files fail.
    await harness.admin.setFaults({ rateLimitNext: 100_000 });
    await input.setInputFiles(sources.slice(COUNT).map((s) => s.path));
    await waitUntil('the two new files to fail', async () => (await summaryText(page)).live === `${COUNT} files uploaded, 2 failed`, {
      timeoutMs: 180_000,
    });
    expect((await summaryText(page)).counts).toEqual(['2 failed', `${COUNT} uploaded`]);
    expect(await page.locator('article.smh-status [role="alert"]').count()).toBe(0);

    // The fault is over: one click sends both again.
    await harness.admin.setFaults({ rateLimitNext: 0 });
    await page.getByRole('button', { name: 'Retry all failed' }).click();
    await waitUntil('the retried files to land', async () => (await summaryText(page)).live === `${COUNT + 2} files uploaded`, {
      timeoutMs: 120_000,
    });
    expect(await announcements()).toEqual({
      batch: [`${COUNT} files uploaded`, `${COUNT} files uploaded, 2 failed`, `${COUNT + 2} files uploaded`],
      card: [],
    });

    const stored = await harness.admin.files();
    for (const source of sources) {
      const name = source.path.slice(source.path.lastIndexOf('/') + 1);
      const entry = stored.find((f) => f.path === `${FOLDER}/${name}`);
      expect({ name, sha256: entry?.sha256 }).toEqual({ name, sha256: source.sha256 });
    }
    expect(portal.dialogs).toEqual([]);
  });
});
