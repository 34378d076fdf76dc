// Fake FileSystemEntry trees, as a browser hands them out: readEntries gives at most `perCall`
// entries a call (Chromium: 100) and an empty batch at the end.
export type Tree = { [name: string]: Tree | string | Error };

export function entryOf(name: string, node: Tree | string | Error, perCall: number, calls: { readEntries: number }): FileSystemEntry {
  if (typeof node === 'string' || node instanceof Error) {
    return {
      name,
      isFile: true,
      isDirectory: false,
      file: (ok: (file: File) => void, fail: (error: Error) => void) =>
        node instanceof Error ? queueMicrotask(() => fail(node)) : queueMicrotask(() => ok(new File([node], name))),
    } as unknown as FileSystemFileEntry;
  }
  const children = Object.entries(node);
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok: (entries: FileSystemEntry[]) => void, fail: (error: Error) => void) => {
          calls.readEntries += 1;
          const broken = children.find(([key]) => key === '!error');
          if (broken) return queueMicrotask(() => fail(broken[1] as Error));
          const batch = children.slice(at, at + perCall).map(([key, child]) => entryOf(key, child, perCall, calls));
          at += batch.length;
          queueMicrotask(() => ok(batch));
        },
      };
    },
  } as unknown as FileSystemDirectoryEntry;
}

/** A DataTransfer as a drop of `tree` hands it out: file items, folders through webkitGetAsEntry. */
export function dataTransferOf(tree: Tree, perCall = 100): DataTransfer {
  const calls = { readEntries: 0 };
  const items = Object.entries(tree).map(([name, node]) => {
    const entry = entryOf(name, node, perCall, calls);
    const file = typeof node === 'string' ? new File([node], name) : null;
    return { kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => file };
  });
  return { items, files: items.flatMap((item) => item.getAsFile() ?? []), types: ['Files'], dropEffect: 'none' } as unknown as DataTransfer;
}
