// File names an attacker (or an unlucky customer) might pick are shown as text, everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishedNames, startHarness, waitForState, waitUntil, type Harness, type Portal } from './harness';

const MARKUP = '<img src=x onerror=alert(1)>.txt';
// U+202E (right-to-left override) makes "invoice_‮fdp.exe" read as "invoice_exe.pdf"; U+200F is a
// right-to-left mark. Neither may be dropped or reordered in storage.
const BIDI = "invoice_\u202Efdp.exe \u200F'onerror=alert(1)' ${x} {{7+7}} &amp;.pdf";
const CHINESE_EMOJI = '理赔照片 🚗💥 第1张 — 确认书.jpg';
const prefix = '长名\u202E🚀 onload=alert(1) ';
// 255 UTF-16 code units (SMH's limit is 255 characters; an emoji is two code units, so the name is
// at most 255 characters however they are counted).
const LONG = prefix + 'x'.repeat(255 - prefix.length - '.txt'.length) + '.txt';

async function injected(portal: Portal): Promise<number> {
  return portal.page.evaluate(() => document.querySelectorAll('img[src="x"], [onerror], [onload]').length);
}

describe('hostile file names', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('uploads names with bidi controls, Chinese, emoji and 255 characters, and lists them exactly', async () => {
    expect(LONG).toHaveLength(255);
    const names = [BIDI, CHINESE_EMOJI, LONG];
    const portal = await harness.newPortal();
    const { page } = portal;
    await portal.open();
    await page.getByLabel('Folder').fill('claims/names');
    await page.locator('.smh-dropzone input[type="file"]').setInputFiles(
      names.map((name, i) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(`file ${i}: ${name}`) })),
    );
    for (const name of names) await waitForState(page, name, ['done'], 30_000);

    const listed = await waitUntil('the three names in Finished files', async () => {
      const shown = await finishedNames(page);
      return names.every((name) => shown.includes(name)) && shown;
    });
    for (const name of names) expect(listed).toContain(name);
    const stored = (await harness.admin.files()).map((f) => f.path);
    for (const name of names) expect(stored).toContain(`claims/names/${name}`);

    expect(await injected(portal)).toBe(0);
    expect(portal.dialogs).toEqual([]);
  });

  it('shows a name with markup as text, and says why SMH refuses it', async () => {
    // SMH forbids \ / : * ? " < > | in names (smh-api.md §7.2 IllegalFileName), so this file cannot
    // be stored; what matters is that the name is never parsed as HTML on its way to the error.
    const portal = await harness.newPortal();
    const { page } = portal;
    await portal.open();
    await page.getByLabel('Folder').fill('claims/markup');
    await page.locator('.smh-dropzone input[type="file"]').setInputFiles({
      name: MARKUP,
      mimeType: 'text/plain',
      buffer: Buffer.from('not an image'),
    });

    const card = await waitForState(page, MARKUP, ['failed'], 30_000);
    expect(card.state).toBe('failed');
    const article = page.locator('article.smh-status', { has: page.locator('.smh-status__name', { hasText: MARKUP }) });
    await expect.poll(() => article.locator('.smh-status__name').textContent()).toBe(MARKUP);
    await expect.poll(() => article.textContent()).toMatch(/not allowed|illegal|invalid|cannot/i);

    expect(await injected(portal)).toBe(0);
    expect(portal.dialogs).toEqual([]);
  });
});
