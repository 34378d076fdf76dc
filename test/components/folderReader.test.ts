import { describe, expect, it } from 'vitest';
import { FolderReadError, readDropped, takeDropped, type Dropped } from '../../src/components/folderReader';
import { relativePathOf } from '../../src/core/relativePath';
import { entryOf, type Tree } from './fakeEntries';

function drop(tree: Tree, perCall = 100) {
  const calls = { readEntries: 0 };
  const dropped: Dropped[] = Object.entries(tree).map(([name, node]) =>
    typeof node === 'string' ? { file: new File([node], name) } : { entry: entryOf(name, node, perCall, calls) as FileSystemDirectoryEntry },
  );
  return { dropped, calls };
}

async function readAll(tree: Tree, perCall = 100) {
  const { dropped, calls } = drop(tree, perCall);
  const batches: File[][] = [];
  let pauses = 0;
  const skipped = await readDropped(dropped, {
    onFiles: (files) => batches.push(files),
    pause: async () => {
      pauses += 1;
    },
  });
  const files = batches.flat();
  return { files, paths: files.map((file) => relativePathOf(file) || file.name), batches, skipped, calls, pauses };
}

describe('readDropped: folder trees', () => {
  it('reads nested folders and loose files, each file with its relative path and bytes', async () => {
    const { files, paths } = await readAll({
      'loose.txt': 'L',
      trip: { 'a.jpg': 'A', 'day 1': { 'b.jpg': 'B', deeper: { 'c.txt': 'C' } } },
    });
    expect(paths.toSorted()).toEqual(['loose.txt', 'trip/a.jpg', 'trip/day 1/b.jpg', 'trip/day 1/deeper/c.txt']);
    expect(await files.find((f) => f.name === 'c.txt')!.text()).toBe('C');
    // A loose file has no relative path: it goes straight into the target folder.
    expect(relativePathOf(files.find((f) => f.name === 'loose.txt')!)).toBe('');
  });

  it('calls readEntries until it returns an empty batch (250 entries at 100 a call), yielding between batches', async () => {
    const big: Tree = {};
    for (let i = 0; i < 250; i += 1) big[`f${String(i).padStart(3, '0')}.bin`] = String(i);
    const { files, calls, pauses } = await readAll({ big });
    expect(files).toHaveLength(250);
    expect(new Set(files.map((f) => f.name)).size).toBe(250);
    expect(calls.readEntries).toBe(4); // 100 + 100 + 50 + the empty one
    expect(pauses).toBe(3);
  });

  it('hands files on in batches that at least double, the first at once', async () => {
    const big: Tree = {};
    for (let i = 0; i < 1000; i += 1) big[`f${i}`] = 'x';
    const { batches } = await readAll({ big }, 100);
    expect(batches[0]).toHaveLength(100);
    let total = 0;
    for (const batch of batches.slice(0, -1)) {
      expect(batch.length).toBeGreaterThanOrEqual(total);
      total += batch.length;
    }
    expect(batches.flat()).toHaveLength(1000);
    expect(batches.length).toBeLessThan(10);
  });

  it('skips system files (.DS_Store, Thumbs.db, desktop.ini, ._ AppleDouble) and empty folders, and counts them', async () => {
    const { paths, skipped } = await readAll({
      '.DS_Store': 'x',
      photos: { '.DS_Store': 'x', 'Thumbs.db': 'x', 'desktop.ini': 'x', '._a.jpg': 'x', 'a.jpg': 'A', empty: {}, hidden: { '.DS_Store': 'x' } },
    });
    expect(paths).toEqual(['photos/a.jpg']);
    expect(skipped.systemFiles).toBe(6);
    expect(skipped.emptyFolders).toEqual(['photos/empty', 'photos/hidden']);
    expect(skipped.errors).toEqual([]);
  });

  it('a folder that cannot be read is a FolderReadError naming it; the rest of the drop is read', async () => {
    const { paths, skipped } = await readAll({
      docs: { 'ok.txt': 'ok', gone: { '!error': new DOMException('A requested file or directory could not be found', 'NotFoundError') }, 'late.txt': 'late' },
      other: { 'b.txt': 'b' },
    });
    expect(paths.toSorted()).toEqual(['docs/late.txt', 'docs/ok.txt', 'other/b.txt']);
    expect(skipped.errors).toHaveLength(1);
    expect(skipped.errors[0]).toBeInstanceOf(FolderReadError);
    expect(skipped.errors[0]).toMatchObject({ path: 'docs/gone', name: 'FolderReadError' });
    expect(skipped.errors[0]!.message).toMatch(/docs\/gone.*NotFoundError/);
    // A folder that failed is reported as unreadable, not as empty.
    expect(skipped.emptyFolders).toEqual([]);
  });

  it('a file that cannot be read is a FolderReadError too, and its siblings still arrive', async () => {
    const { paths, skipped } = await readAll({ docs: { 'a.txt': 'a', 'locked.txt': new Error('NotReadableError'), 'b.txt': 'b' } });
    expect(paths.toSorted()).toEqual(['docs/a.txt', 'docs/b.txt']);
    expect(skipped.errors.map((e) => e.path)).toEqual(['docs/locked.txt']);
  });

  it('stops handing files on once aborted', async () => {
    const big: Tree = {};
    for (let i = 0; i < 300; i += 1) big[`f${i}`] = 'x';
    const { dropped } = drop({ big });
    const abort = new AbortController();
    const got: File[] = [];
    await readDropped(dropped, {
      signal: abort.signal,
      onFiles: (files) => {
        got.push(...files);
        abort.abort();
      },
      pause: async () => {},
    });
    expect(got).toHaveLength(100);
  });
});

describe('takeDropped', () => {
  it('takes folders as entries and files as files, synchronously from the items', () => {
    const file = new File(['x'], 'x.txt');
    const folder = { isDirectory: true, isFile: false, name: 'trip' };
    const items = [
      { kind: 'file', webkitGetAsEntry: () => ({ isDirectory: false, isFile: true, name: 'x.txt' }), getAsFile: () => file },
      { kind: 'file', webkitGetAsEntry: () => folder, getAsFile: () => null },
      { kind: 'string', webkitGetAsEntry: () => null, getAsFile: () => null },
    ];
    const dropped = takeDropped({ items, files: [file] } as unknown as DataTransfer);
    expect(dropped).toEqual([{ file }, { entry: folder }]);
  });

  it('falls back to dataTransfer.files without webkitGetAsEntry', () => {
    const file = new File(['x'], 'x.txt');
    expect(takeDropped({ items: [], files: [file] } as unknown as DataTransfer)).toEqual([{ file }]);
    expect(takeDropped(null)).toEqual([]);
  });
});
