// A 200 MiB file and three small ones through the demo portal in Chromium, while everything
// goes wrong: 10 % of part PUTs fail, the credentials expire midway during a 429 burst, the
// emulator restarts, and the page is reloaded mid-upload and the upload resumed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  finishedNames,
  largestUpload,
  MiB,
  partPuts,
  progressDips,
  resendReport,
  settledStats,
  startHarness,
  waitForProgress,
  waitForState,
  waitUntil,
  writeSourceFile,
  type Harness,
} from './harness';

const FOLDER = 'claims/faults';
const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
// The engine adapts its parallel part uploads between 1 and this default ceiling.
const MAX_CONCURRENCY = 8;

describe('the portal under faults', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('stores every file byte-exact through part failures, an expiry, a 429 burst, an emulator restart and a reload', async () => {
    const big = await writeSourceFile(harness.workDir, 'site-survey.bin', 200 * MiB, 1);
    const small = [
      await writeSourceFile(harness.workDir, 'claim-form.pdf', 48 * 1024, 2),
      await writeSourceFile(harness.workDir, 'photo-front.jpg', 900 * 1024, 3),
      await writeSourceFile(harness.workDir, 'photo-back.jpg', 3 * MiB + 17, 4),
    ];
    const sources = [big, ...small];

    // A cap keeps the big upload running long enough to break it at known points.
    await harness.admin.setFaults({ partFailureRate: 0.1, partFailureMode: 'mixed', bandwidthBytesPerSecond: 24 * MiB });

    const portal = await harness.newPortal();
    const { page } = portal;
    await portal.open();
    await page.getByLabel('Folder').fill(FOLDER);
    await page.locator('.smh-dropzone__zone input[type="file"]').setInputFiles(sources.map((s) => s.path));

    // Midway: the credentials die while the next SMH calls (the renewal among them) get 429s.
    await waitForProgress(page, 'site-survey.bin', 0.15);
    await harness.admin.setFaults({ rateLimitNext: 3 });
    const expired = await harness.admin.expireCredentials();
    expect(expired.credentials).toBeGreaterThan(0);

    // The faults really happened (the counters go with the emulator process, so read them now).
    await waitUntil('the 429 burst to be spent and the credentials renewed', async () => {
      const { faultsInjected, requests } = await harness.admin.stats();
      return faultsInjected['rate-limit'] === 3 && (requests['smh:renew'] ?? 0) >= 1;
    });
    const early = await harness.admin.stats();
    expect((early.faultsInjected['part-5xx'] ?? 0) + (early.faultsInjected['part-drop'] ?? 0)).toBeGreaterThan(0);

    // The emulator goes away and comes back on the same ports and data folder.
    await waitForProgress(page, 'site-survey.bin', 0.35);
    await harness.restartEmulator();

    // The page is reloaded while parts are in flight.
    await waitForProgress(page, 'site-survey.bin', 0.55);
    const progressBefore = await waitForState(page, 'site-survey.bin', ['uploading', 'renewing']);
    expect(progressBefore.value).toBeLessThan(progressBefore.max);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Send us your documents' }).waitFor();
    // Read once the old page's bodies have drained: its aborted PUTs are counted, nothing new is sent yet.
    const beforeStats = await settledStats(harness);
    const uploadId = largestUpload(beforeStats);
    expect(uploadId).toBeDefined();

    const unfinished = page.locator('[data-section="resumable"]');
    await unfinished.getByRole('heading', { name: 'Unfinished uploads' }).waitFor();
    // IndexedDB kept the file: one click, no re-pick.
    await unfinished.getByRole('button', { name: 'Resume site-survey.bin' }).click();
    await waitForState(page, 'site-survey.bin', ['done'], 180_000);

    // Every file is listed and stored exactly as its source.
    const names = sources.map((s) => nameOf(s.path));
    await waitUntil('all files to be listed as finished', async () => {
      const listed = await finishedNames(page);
      return names.every((name) => listed.includes(name));
    });
    const stored = await harness.admin.files();
    for (const source of sources) {
      const entry = stored.find((f) => f.path === `${FOLDER}/${nameOf(source.path)}`);
      expect(entry, `${nameOf(source.path)} is stored`).toBeDefined();
      expect(entry!.size).toBe(source.size);
      expect(entry!.sha256).toBe(source.sha256);
    }

    // After the reload only the parts that were in flight went again; no stored part did.
    const after = partPuts(await harness.admin.stats(), uploadId!);
    const report = resendReport(partPuts(beforeStats, uploadId!), after);
    expect(report.resentStored).toEqual([]);
    expect(report.resent.every((n) => report.unfinished.includes(n))).toBe(true);
    expect(report.unfinished.length).toBeLessThanOrEqual(MAX_CONCURRENCY);

    // The bars never went backwards within a page load.
    expect(portal.samples.length).toBeGreaterThan(10);
    expect(progressDips(portal.samples)).toEqual([]);
    expect(portal.dialogs).toEqual([]);
  });
});
