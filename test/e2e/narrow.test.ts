// Issue 10: at 375 px (a small phone) the portal's "Unfinished uploads" card, its status card and
// its path stay inside the section: nothing sticks out or makes the page scroll sideways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiB, startHarness, waitForStoredParts, waitForState, writeSourceFile, type Harness } from './harness';

const LONG_FOLDER = 'claims/2026/motor-claim-attachments-for-policy-PX-2026-000142-without-any-break';

describe('narrow screens', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('keeps the unfinished upload card and its path inside the section at 375 px', async () => {
    const source = await writeSourceFile(harness.workDir, 'dashcam-front-and-rear-2026-11-30.mp4', 20 * MiB, 21);
    await harness.admin.setFaults({ bandwidthBytesPerSecond: 6 * MiB });
    const portal = await harness.newPortal();
    const { page } = portal;
    await page.setViewportSize({ width: 375, height: 812 });
    await portal.open();
    await page.getByLabel('Folder').fill(LONG_FOLDER);
    await page.getByLabel('Keep files in this browser until they finish uploading').uncheck();
    await page.locator('.smh-dropzone input[type="file"]').setInputFiles(source.path);
    await waitForStoredParts(harness, 1);
    await waitForState(page, 'dashcam-front-and-rear-2026-11-30.mp4', ['uploading']);
    await page.reload();
    await harness.admin.setFaults({ bandwidthBytesPerSecond: 0 });
    const section = page.locator('[data-section="resumable"]');
    await section.getByRole('heading', { name: 'Unfinished uploads' }).waitFor();
    await section.locator('.smh-status [role="progressbar"]').first().waitFor();
    
    // Every element of the section ends within it, and the page does not scroll sideways.
    const overflow = await section.evaluate((root) => {
      const edge = root.getBoundingClientRect().right;
      return [...root.querySelectorAll('*')]
        // Visually hidden text (a button's accessible name) is clipped to 1 px: it shows nothing.
        .filter((element) => element.closest('.portal-visually-hidden') === null)
        .filter((element) => element.getBoundingClientRect().right > edge + 0.5)
        .map((element) => `${element.tagName.toLowerCase()}.${element.className} ends at ${element.getBoundingClientRect().right} > ${edge}`);
    });
    expect(overflow).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});
