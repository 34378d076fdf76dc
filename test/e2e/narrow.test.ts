// Issue 10: at 375 px (a small phone) the portal's "Unfinished uploads" card, its status card and
// its path stay inside the section: nothing sticks out or makes the page scroll sideways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiB, startHarness, waitForStoredParts, waitForState, writeSourceFile, type Harness } from './harness';

// No space or hyphen anywhere: the browser finds no place to break these unless the CSS lets it.
const LONG_FOLDER = 'claims/2026/MotorClaimAttachmentsForPolicyPX2026000142WithoutAnyBreak';
const NAME = 'DashcamFrontAndRearRecording20261130.mp4';

describe('narrow screens', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('keeps the unfinished upload card and its path inside the section at 375 px', async () => {
    const source = await writeSourceFile(harness.workDir, NAME, 20 * MiB, 21);
    await harness.admin.setFaults({ bandwidthBytesPerSecond: 6 * MiB });
    const portal = await harness.newPortal();
    const { page } = portal;
    await page.setViewportSize({ width: 375, height: 812 });
    await portal.open();
    await page.getByLabel('Folder').fill(LONG_FOLDER);
    await page.getByLabel('Keep files in this browser until they finish uploading').uncheck();
    await page.locator('.smh-dropzone__zone input[type="file"]').setInputFiles(source.path);
    await waitForStoredParts(harness, 1);
    await waitForState(page, NAME, ['uploading']);
    await page.reload();
    await harness.admin.setFaults({ bandwidthBytesPerSecond: 0 });
    const section = page.locator('[data-section="resumable"]');
    await section.getByRole('heading', { name: 'Unfinished uploads' }).waitFor();
    await section.locator('.smh-status [role="progressbar"]').first().waitFor();
    // E2E_SHOTS=<folder> keeps a picture of the section to look at.
    const shots = process.env['E2E_SHOTS'];
    if (shots) await section.screenshot({ path: `${shots}/narrow-resumable.png` });
    
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
    // Nothing anywhere on the page ends past the viewport (named, so a failure says what sticks out).
    const wide = await page.evaluate(() =>
      [...document.body.querySelectorAll('*')]
        .filter((element) => element.closest('.portal-visually-hidden') === null)
        .filter((element) => element.getBoundingClientRect().right > 375.5)
        .map((element) => `${element.tagName.toLowerCase()}.${element.className} ends at ${element.getBoundingClientRect().right}`),
    );
    expect(wide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});
