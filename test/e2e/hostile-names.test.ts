// File names an attacker (or an unlucky customer) might pick are shown as text, everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishedNames, startHarness, waitForState, waitUntil, type Harness, type Portal } from './harness';

const MARKUP = '<img src=x onerror=alert(1)>.txt';
// U+202E (right-to-left override) makes "invoice_‮fdp.exe" read as "invoice_exe.pdf"; U+200F is a
// right-to-left mark. Neither may be dropped or reordered in storage.
const BIDI = "invoice_\u202Efdp.exe \u200F'onerror=alert(1)' ${x} {{7+7}} &amp;.pdf";
const CHINESE_EMOJI = '理赔照片 🚗💥 第1张 — 确认书.jpg';
const prefix = '长名\u202E🚀 onload=alert(1) ';
const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
// 255 bytes in UTF-8, the most the drop zone lets through (SMH's limit is 255 characters; bytes are
// the stricter count, so the name is within it however SMH counts).
const LONG = prefix + 'x'.repeat(255 - utf8Bytes(prefix) - '.txt'.length) + '.txt';

/** A name as the components show it: bidi controls as their codes, so none can reorder the text. */
const shown = (name: string) =>
  name.replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);

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
    expect(utf8Bytes(LONG)).toBe(255);
    const names = [BIDI, CHINESE_EMOJI, LONG];
    const portal = await harness.newPortal();
    const { page } = portal;
    await portal.open();
    await page.getByLabel('Folder').fill('claims/names');
    await page.locator('.smh-dropzone__zone input[type="file"]').setInputFiles(
      names.map((name, i) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(`file ${i}: ${name}`) })),
    );
    for (const name of names) await waitForState(page, shown(name), ['done'], 30_000);

    const listed = await waitUntil('the three names in Finished files', async () => {
      const onScreen = await finishedNames(page);
      return names.every((name) => onScreen.includes(shown(name))) && onScreen;
    });
    for (const name of names) expect(listed).toContain(shown(name));
    const stored = (await harness.admin.files()).map((f) => f.path);
    for (const name of names) expect(stored).toContain(`claims/names/${name}`);

    expect(await injected(portal)).toBe(0);
    expect(portal.dialogs).toEqual([]);
  });

  it('shows a name with markup as text, and refuses it before upload, saying why', async () => {
    // SMH forbids \ / : * ? " < > | in names (docs/smh-protocol.md §7.2 IllegalFileName): the drop
    // zone refuses it before anything is sent, and the name is never parsed as HTML on the way.
    const portal = await harness.newPortal();
    const { page } = portal;
    await portal.open();
    await page.getByLabel('Folder').fill('claims/markup');
    await page.locator('.smh-dropzone__zone input[type="file"]').setInputFiles({
      name: MARKUP,
      mimeType: 'text/plain',
      buffer: Buffer.from('not an image'),
    });

    const refusal = page.locator('.smh-dropzone__rejections li');
    await expect.poll(() => refusal.textContent()).toContain(`\u2068${MARKUP}\u2069`);
    await expect.poll(() => refusal.textContent()).toContain('the name contains “<”, “>”, which the server does not allow in names');
    expect(await page.locator('article.smh-status').count()).toBe(0);
    expect((await harness.admin.files()).filter((f) => f.path.startsWith('claims/markup'))).toEqual([]);

    expect(await injected(portal)).toBe(0);
    expect(portal.dialogs).toEqual([]);
  });
});
