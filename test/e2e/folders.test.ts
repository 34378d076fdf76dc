// Folders and paste in the portal, in Chromium: a nested folder chosen with the keyboard through the
// real folder picker (`<input webkitdirectory>` given a directory on disk, the most real route a
// test can drive), a nested folder dropped (its entries built in the page: Chromium gives a
// synthetic DataTransfer no folder entries, so the drop carries entry objects shaped as Chromium's,
// over real Files), and a pasted screenshot. Every file lands at its relative path with its bytes,
// each folder is created once, hidden files stay behind, and axe still passes.
import { createRequire } from 'node:module';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, tabTo, waitUntil, type Harness } from './harness';

const require = createRequire(import.meta.url);
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: require.resolve('axe-core') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (d: Document) => Promise<{ violations: Array<{ id: string; help: string }> }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return violations.map((v) => `${v.id}: ${v.help}`);
}

// The picked folder on disk: relative path → content ('' marks a system file that must stay behind).
const PICKED: Record<string, string> = {
  'claim-1/photos/front.jpg': 'front bumper '.repeat(4000),
  'claim-1/photos/rear.jpg': 'rear bumper '.repeat(3000),
  'claim-1/photos/night/dash.jpg': 'dash cam '.repeat(2000),
  'claim-1/report.pdf': '%PDF-1.7 report',
  'claim-1/.DS_Store': '',
  'claim-1/photos/Thumbs.db': '',
};

// The dropped folder, built in the page.
const DROPPED: Record<string, string> = {
  'claim-2/a/one.txt': 'one',
  'claim-2/a/two.txt': 'two',
  'claim-2/a/b/three.txt': 'three',
  'claim-2/c/four.txt': 'four',
  'claim-2/._four.txt': '',
  'claim-2/desktop.ini': '',
};

/** Drops `files` (relative path → text) on the zone as Chromium hands a folder drop to the page. */
async function dropFolder(page: Page, files: Record<string, string>): Promise<void> {
  await page.evaluate((tree) => {
    type Node = { dirs: Map<string, Node>; files: Map<string, string> };
    const root: Node = { dirs: new Map(), files: new Map() };
    for (const [path, text] of Object.entries(tree)) {
      const parts = path.split('/');
      let node = root;
      for (const part of parts.slice(0, -1)) {
        if (!node.dirs.has(part)) node.dirs.set(part, { dirs: new Map(), files: new Map() });
        node = node.dirs.get(part)!;
      }
      node.files.set(parts.at(-1)!, text);
    }
    // Entries as Chromium's: callbacks on a later task, readEntries in batches until an empty one.
    // oxlint-disable-next-line unicorn/consistent-function-scoping -- runs in the page: it must live inside
    const later = (fn: () => void) => setTimeout(fn, 0);
    const fileEntry = (name: string, fullPath: string, text: string) => ({
      isFile: true, isDirectory: false, name, fullPath,
      file: (ok: (f: File) => void) => later(() => ok(new File([text], name, { type: 'text/plain', lastModified: 1_700_000_000_000 }))),
    });
    const dirEntry = (name: string, fullPath: string, node: Node): unknown => ({
      isFile: false, isDirectory: true, name, fullPath,
      createReader: () => {
        const all = [
          ...[...node.dirs].map(([n, child]) => dirEntry(n, `${fullPath}/${n}`, child)),
          ...[...node.files].map(([n, text]) => fileEntry(n, `${fullPath}/${n}`, text)),
        ];
        let at = 0;
        return { readEntries: (ok: (entries: unknown[]) => void) => later(() => ok(all.slice(at, (at += 2)))) };
      },
    });
    const [topName, top] = [...root.dirs][0]!;
    const entry = dirEntry(topName, `/${topName}`, top);
    const dataTransfer = {
      types: ['Files'],
      files: [],
      items: [{ kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => null }],
      dropEffect: 'none',
    };
    const zone = document.querySelector('.smh-dropzone__zone')!;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      const event = new Event(type, { bubbles: true, cancelable: true });
      Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
      zone.dispatchEvent(event);
    }
  }, files);
}

describe('folders and paste', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('a picked and a dropped folder land at their relative paths with their bytes, each folder made once; a pasted image gets a name', async () => {
    const source = join(harness.workDir, 'source');
    for (const [path, text] of Object.entries(PICKED)) {
      await mkdir(join(source, path, '..'), { recursive: true });
      await writeFile(join(source, path), text);
    }
    const portal = await harness.newPortal();
    const { page } = portal;
    await portal.open();
    await page.getByLabel('Folder').fill('claims/folders');
    // SMH's own fields from the portal's form, sent with every file of the folders and the paste.
    await page.getByLabel('Category').selectOption('photo');
    await page.getByLabel('Labels').fill('claim-7, dented');
    const before = (await harness.admin.stats()).requests['smh:dir-create'] ?? 0;

    // Keyboard: "Choose a folder" is reached with Tab. Headless Chromium here raises no file chooser
    // for a webkitdirectory input, so the real directory is set on the zone's folder input itself.
    await tabTo(page, 'button', { text: 'Choose a folder' });
    await page.locator('.smh-dropzone input[webkitdirectory]').setInputFiles(join(source, 'claim-1'));
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'system files skipped' }).count()).toBeGreaterThan(0);

    await dropFolder(page, DROPPED);

    // A screenshot pasted on the page (not into a text field).
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await page.evaluate((bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, [...png]);

    const expected = new Map<string, string>();
    for (const [path, text] of Object.entries({ ...PICKED, ...DROPPED })) {
      if (text !== '') expected.set(`claims/folders/${path}`, sha256(text));
    }
    const files = await waitUntil(
      'every file stored',
      async () => {
        const stored = await harness.admin.files();
        const paths = new Set(stored.map((f) => f.path));
        return [...expected.keys()].every((p) => paths.has(p)) && stored.some((f) => /^claims\/folders\/Pasted image [\d -]+\.png$/.test(f.path)) && stored;
      },
      { timeoutMs: 120_000 },
    );
    expect(new Map([...expected.keys()].map((path) => [path, files.find((f) => f.path === path)?.sha256]))).toEqual(expected);
    const pasted = files.find((f) => f.path.startsWith('claims/folders/Pasted image'))!;
    expect(pasted.sha256).toBe(sha256(png));
    // Every file carries the labels and category, and its own modification time (the picked ones
    // the time on disk; the dropped and pasted ones were made in the page just now).
    for (const file of [...files.filter((f) => expected.has(f.path)), pasted]) {
      expect({ path: file.path, labels: file.labels, category: file.category }).toEqual({ path: file.path, labels: ['claim-7', 'dented'], category: 'photo' });
      expect(Number.isNaN(Date.parse(file.localModificationTime ?? '')), `${file.path} has a local modification time`).toBe(false);
    }
    for (const path of Object.keys(PICKED).filter((p) => PICKED[p] !== '')) {
      const onDisk = (await stat(join(source, path))).mtimeMs;
      const sent = Date.parse(files.find((f) => f.path === `claims/folders/${path}`)!.localModificationTime!);
      expect(Math.abs(sent - onDisk), `${path}: sent ${sent}, on disk ${onDisk}`).toBeLessThan(1000);
    }
    // Hidden files stayed behind.
    expect(files.filter((f) => /\.DS_Store|Thumbs\.db|desktop\.ini|\/\._/.test(f.path))).toEqual([]);

    // Each folder at most once: the distinct parent folders of every file, and no more calls than that.
    // (The pasted image's folder, claims/folders, counts too: it may be the first one made.)
    const folders = new Set([...expected.keys(), pasted.path].map((p) => p.split('/').slice(0, -1).join('/')));
    const created = ((await harness.admin.stats()).requests['smh:dir-create'] ?? 0) - before;
    expect(created).toBeGreaterThan(0);
    expect(created).toBeLessThanOrEqual(folders.size);

    expect(await axeViolations(page)).toEqual([]);
    expect(portal.dialogs).toEqual([]);
  });
});
