// The portal's "Finished files" is SMH's own listing of the folder being uploaded to
// (client.listFolder, page by page), not the emulator's admin list: files stored before the page
// opened show up, past the first page, without the page asking `/__emulator/files`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmhClient } from '../../src/api/client';
import { finishedNames, startHarness, waitUntil, type Harness } from './harness';

const FOLDER = 'claims/listing';
/** More than one listing page (the portal asks for 50 at a time). */
const COUNT = 53;

/** Stores a small file through SMH's upload API (begin, one PUT to COS, confirm), as another client would. */
async function storeFile(harness: Harness, name: string, body: string): Promise<void> {
  const { accessToken } = await harness.emulator.issueToken({ grant: 'admin' });
  const client = createSmhClient({ baseUrl: harness.emulator.url, libraryId: harness.emulator.libraryId, accessToken });
  const begun = await client.beginSimpleUpload(`${FOLDER}/${name}`, { size: body.length });
  if (begun.status !== 'created') throw new Error(`${name}: begin finished without a task`);
  const { domain, path, headers, confirmKey } = begun.upload;
  const put = await fetch(`http://${domain}${path}`, { method: 'PUT', headers, body });
  if (!put.ok) throw new Error(`${name}: COS answered ${put.status}`);
  await client.confirmUpload(confirmKey);
}

describe('Finished files', () => {
  let harness: Harness;
  const names = Array.from({ length: COUNT }, (_, i) => `earlier-${String(i).padStart(2, '0')}.txt`);

  beforeAll(async () => {
    harness = await startHarness();
    await harness.emulator.createFolder(FOLDER);
    for (const name of names) await storeFile(harness, name, `stored before the page opened: ${name}`);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("lists the folder's files from SMH's listing, page by page, not from the emulator's admin routes", async () => {
    const portal = await harness.newPortal();
    const { page } = portal;
    const adminListings: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/__emulator/files')) adminListings.push(request.url());
    });
    await portal.open();
    await page.getByLabel('Folder').fill(FOLDER);
    const section = page.locator('[data-section="finished"]');
    // The first page: 50 of the 53, then "Show more" brings the rest.
    await waitUntil('the first listing page', async () => (await finishedNames(page)).length === 50);
    await section.getByRole('button', { name: 'Show more' }).click();
    const listed = await waitUntil('every stored file', async () => {
      const shown = await finishedNames(page);
      return shown.length === COUNT && shown;
    });
    expect(listed).toEqual(names);
    await expect(section.getByRole('button', { name: 'Show more' }).count()).resolves.toBe(0);
    expect(adminListings).toEqual([]);
    // The default folder did not exist before: its listing is a 404 the browser logs, shown as "no files".
    expect(portal.errors.filter((error) => !error.includes('404'))).toEqual([]);
  });
});
