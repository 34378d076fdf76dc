// Issue 3: a page reload mid-upload, then resume. The stored object must be byte-exact and the
// resume must send again only the parts that were in flight when the page went away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  largestUpload,
  MiB,
  partPuts,
  resendReport,
  settledStats,
  startHarness,
  waitForStoredParts,
  waitForState,
  writeSourceFile,
  type Harness,
} from './harness';

// The engine adapts its parallel part uploads between 1 and this default ceiling.
const MAX_CONCURRENCY = 8;

describe('reload mid-upload', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('resumes after a reload from a re-picked file, re-sending only the parts in flight, and stores it byte-exact', async () => {
    const source = await writeSourceFile(harness.workDir, 'dashcam.mp4', 48 * MiB + 12_345, 11);
    await harness.admin.setFaults({ bandwidthBytesPerSecond: 12 * MiB });

    const portal = await harness.newPortal();
    const { page } = portal;
    await portal.open();
    await page.getByLabel('Folder').fill('claims/reload');
    // Keep only the record, so resuming takes the person picking the file again.
    await page.getByLabel('Keep files in this browser until they finish uploading').uncheck();
    await page.locator('.smh-dropzone__zone input[type="file"]').setInputFiles(source.path);
    // Some parts stored, the next ones in flight.
    await waitForStoredParts(harness, 3);
    await waitForState(page, 'dashcam.mp4', ['uploading']);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Send us your documents' }).waitFor();
    const before = await settledStats(harness);
    const uploadId = largestUpload(before)!;
    const beforeParts = partPuts(before, uploadId);
    const storedBefore = [...beforeParts.values()].filter((p) => p.stored > 0).length;
    expect(storedBefore).toBeGreaterThan(0);

    const unfinished = page.locator('[data-section="resumable"]');
    await unfinished.getByRole('heading', { name: 'Unfinished uploads' }).waitFor();
    // The status endpoint already shows what is stored before anything is resumed.
    await expect.poll(() => unfinished.locator('[role="progressbar"]').first().getAttribute('aria-valuenow'), { timeout: 15_000 }).not.toBe('0');
    await harness.admin.setFaults({ bandwidthBytesPerSecond: 0 });
    // A different file is turned away before anything is sent.
    const other = await writeSourceFile(harness.workDir, 'other.mp4', 1024, 12);
    const picker = unfinished.getByLabel('Choose dashcam.mp4 again to resume');
    await picker.setInputFiles(other.path);
    await unfinished.getByRole('alert').filter({ hasText: 'Choose “dashcam.mp4”' }).waitFor();
    await picker.setInputFiles(source.path);
    await waitForState(page, 'dashcam.mp4', ['done'], 120_000);

    const stored = (await harness.admin.files()).find((f) => f.path === 'claims/reload/dashcam.mp4');
    expect(stored?.size).toBe(source.size);
    expect(stored?.sha256).toBe(source.sha256);

    const after = partPuts(await harness.admin.stats(), uploadId);
    const report = resendReport(beforeParts, after);
    // The figure the closing notes and the README quote: what a reload cost.
    console.info(
      `reload resume: ${after.size} parts, ${storedBefore} stored before the reload, ` +
        `${report.resent.length} re-sent (the ${report.unfinished.length} cut off mid-body), 0 stored parts re-sent`,
    );
    // The reload cut parts off mid-body; exactly those went again, and no stored part did.
    expect(report.unfinished.length).toBeGreaterThan(0);
    expect(report.unfinished.length).toBeLessThanOrEqual(MAX_CONCURRENCY);
    expect(report.resent).toEqual(report.unfinished);
    expect(report.resentStored).toEqual([]);
    // Every part ends up stored exactly once.
    for (const [number, part] of after) expect(part.stored, `part ${number}`).toBe(1);
  });
});
