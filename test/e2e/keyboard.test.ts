// The portal with a keyboard only: pick, upload, pause, resume and settle a name clash without a
// mouse, then axe-core checks the page in light and dark.
import { createRequire } from 'node:module';
import type { FileChooser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiB, startHarness, tabTo, waitForState, waitUntil, writeSourceFile, type Harness } from './harness';

const require = createRequire(import.meta.url);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

async function axeViolations(page: Page): Promise<string[]> {
  // Colours mid-transition (a theme switch) are not the ones a person reads.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: require.resolve('axe-core') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/**
 * Picks files with Enter on the drop zone. One `filechooser` listener lives as long as the page:
 * `waitForEvent` per pick turns Chromium's chooser interception on and off asynchronously, and on a
 * busy machine the next Enter could race a pending "off" and open an unintercepted chooser.
 */
function keyboardPicker(page: Page): (path: string) => Promise<void> {
  let waiting: ((chooser: FileChooser) => void) | undefined;
  page.on('filechooser', (chooser) => {
    waiting?.(chooser);
    waiting = undefined;
  });
  return async (path) => {
    await tabTo(page, '.smh-dropzone__zone');
    const opened = new Promise<FileChooser>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Enter on the drop zone opened no file chooser in 10 s')), 10_000);
      waiting = (chooser) => {
        clearTimeout(timer);
        resolve(chooser);
      };
    });
    await page.keyboard.press('Enter');
    await (await opened).setFiles(path);
  };
}

describe('keyboard only', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('picks, uploads, pauses, resumes and resolves a conflict without a mouse, and axe finds no violation', async () => {
    const source = await writeSourceFile(harness.workDir, 'statement.bin', 24 * MiB, 21);
    await harness.admin.setFaults({ bandwidthBytesPerSecond: 2 * MiB });
    const portal = await harness.newPortal();
    const { page } = portal;
    const chooseWithKeyboard = keyboardPicker(page);
    await portal.open();

    // The folder field, typed into.
    await tabTo(page, 'input[name="folder"]');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('claims/keys');

    // Enter on the dropzone opens the file chooser.
    await chooseWithKeyboard(source.path);
    await waitForState(page, 'statement.bin', ['uploading']);

    await tabTo(page, 'article.smh-status button[data-action="pause"]');
    await page.keyboard.press('Enter');
    await waitForState(page, 'statement.bin', ['paused']);

    await harness.admin.setFaults({ bandwidthBytesPerSecond: 0 });
    await tabTo(page, 'article.smh-status button[data-action="resume"]');
    await page.keyboard.press('Space');
    await waitForState(page, 'statement.bin', ['done'], 60_000);

    // The same name again, with "Ask": the prompt takes focus, and Enter keeps both.
    await expect.poll(() => page.getByRole('radio', { name: 'Ask', exact: true }).isChecked()).toBe(true);
    await chooseWithKeyboard(source.path);
    await waitForState(page, 'statement.bin', ['conflict'], 30_000);
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('dialog') !== null && document.activeElement?.textContent))
      .toBe('Keep both');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await waitForState(page, 'statement.bin', ['done'], 60_000);
    await waitUntil('the renamed copy in storage', async () =>
      (await harness.admin.files()).some((f) => f.path === 'claims/keys/statement (1).bin'),
    );

    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(page)).toEqual([]);
  });
});
