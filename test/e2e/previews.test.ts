// The portal shows a thumbnail on each upload card of a dropped photo (an icon for a PDF), and
// frees every thumbnail when the cards are cleared: an init script counts the ImageBitmaps the
// page makes and closes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, waitUntil, waitForState, type Harness } from './harness';

interface BitmapCounts {
  made: number;
  closed: number;
}

// Counts every ImageBitmap createImageBitmap hands out, and each one closed (once, however often close() is called).
const countBitmaps = () => {
  const counts = { made: 0, closed: 0 };
  const closed = new WeakSet<ImageBitmap>();
  (window as unknown as { bitmapCounts: typeof counts }).bitmapCounts = counts;
  const create = window.createImageBitmap.bind(window) as (...args: unknown[]) => Promise<ImageBitmap>;
  window.createImageBitmap = (async (...args: unknown[]) => {
    const bitmap = await create(...args);
    counts.made++;
    return bitmap;
  }) as typeof window.createImageBitmap;
  const close = ImageBitmap.prototype.close;
  ImageBitmap.prototype.close = function (this: ImageBitmap) {
    if (!closed.has(this)) {
      closed.add(this);
      counts.closed++;
    }
    close.call(this);
  };
};

describe('Previews in the portal', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('shows thumbnails for dropped photos and an icon for a PDF, and frees the thumbnails when the cards are cleared', async () => {
    const portal = await harness.newPortal();
    const { page } = portal;
    await portal.context.addInitScript(countBitmaps);
    await portal.open();
    await page.getByLabel('Folder').fill('claims/previews');

    // Two photos made in the page and a PDF, dropped on the zone as a person would.
    await page.evaluate(async () => {
      // oxlint-disable-next-line unicorn/consistent-function-scoping -- runs in the page: page.evaluate sends this function alone
      const photo = async (name: string, colour: string) => {
        const canvas = new OffscreenCanvas(640, 480);
        const context = canvas.getContext('2d')!;
        context.fillStyle = colour;
        context.fillRect(0, 0, 640, 480);
        return new File([await canvas.convertToBlob({ type: 'image/jpeg' })], name, { type: 'image/jpeg' });
      };
      const transfer = new DataTransfer();
      transfer.items.add(await photo('dent-front.jpg', 'rgb(200 30 30)'));
      transfer.items.add(await photo('dent-side.jpg', 'rgb(30 30 200)'));
      transfer.items.add(new File(['%PDF-1.7\n'], 'estimate.pdf', { type: 'application/pdf' }));
      const zone = document.querySelector('.smh-dropzone__zone')!;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    });

    const previews = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('article.smh-status')].map((card) => {
          const preview = card.querySelector<HTMLElement>('.smh-preview');
          const canvas = preview?.querySelector('canvas');
          return {
            name: card.querySelector('.smh-status__name')?.textContent ?? '',
            status: preview?.dataset.status,
            kind: preview?.dataset.kind,
            drawn: canvas !== null && canvas !== undefined && !canvas.hidden && canvas.width > 0,
          };
        }),
      );
    // Previews are made only near the viewport (lazy): look at the cards, as the person would.
    await page.locator('article.smh-status').last().scrollIntoViewIfNeeded();
    const shown = await waitUntil('two thumbnails drawn', async () => {
      const all = await previews();
      return all.filter((p) => p.drawn).length === 2 && all;
    });
    expect(shown).toEqual([
      { name: 'dent-front.jpg', status: 'ready', kind: 'image', drawn: true },
      { name: 'dent-side.jpg', status: 'ready', kind: 'image', drawn: true },
      { name: 'estimate.pdf', status: 'unsupported', kind: 'document', drawn: false },
    ]);

    for (const name of ['dent-front.jpg', 'dent-side.jpg', 'estimate.pdf']) await waitForState(page, name, ['done']);
    const before = await page.evaluate(() => (window as unknown as { bitmapCounts: BitmapCounts }).bitmapCounts);
    expect(before.made).toBe(2);
    expect(before.closed).toBe(0);

    await page.getByRole('button', { name: 'Clear finished' }).click();
    await waitUntil('the cards to go', async () => (await previews()).length === 0);
    const after = await page.evaluate(() => (window as unknown as { bitmapCounts: BitmapCounts }).bitmapCounts);
    expect(after).toEqual({ made: 2, closed: 2 });
    // The browser logs SMH's 404/409 answers (a folder not there yet, or made by a parallel upload) as resource errors.
    expect(portal.errors.filter((error) => !error.startsWith('Failed to load resource'))).toEqual([]);
  });
});
