// Scenario folderRead in the page: a 10,000-file nested folder, built as entry objects shaped as
// Chromium's (readEntries hands out 100 a call on a later task), dropped on UploadDropzone inside
// SmhUploadProvider; timed from the drop to the first part PUT on the wire, with the longest
// main-thread task meanwhile. The naive baseline reads the whole tree first, then adds every file.
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import * as library from '../../src/index';
import type { SmhClient } from '../../src/api/types';
import type { UploadQueue } from '../../src/core';
import type { FolderReadArgs, FolderReadResult } from './protocol';

const later = (fn: () => void) => setTimeout(fn, 0);

const dir = (name: string, children: () => unknown[]) => ({
  isFile: false, isDirectory: true, name,
  createReader: () => {
    const all = children();
    let at = 0;
    return { readEntries: (ok: (entries: unknown[]) => void) => later(() => ok(all.slice(at, (at += 100)))) };
  },
});

function tree(files: number, top: string): FileSystemDirectoryEntry {
  // 10 folders of 10 folders of files: 100 leaf folders.
  const perLeaf = Math.ceil(files / 100);
  const fileEntry = (name: string) => ({
    isFile: true, isDirectory: false, name,
    file: (ok: (file: File) => void) => later(() => ok(new File([`${top}/${name}`], name, { type: 'text/plain' }))),
  });
  let made = 0;
  const leaf = (name: string) =>
    dir(name, () => {
      const list = [];
      for (let i = 0; i < perLeaf && made < files; i += 1, made += 1) list.push(fileEntry(`f${made}.txt`));
      return list;
    });
  const middle = (name: string) => dir(name, () => Array.from({ length: 10 }, (_, i) => leaf(`${name}-${i}`)));
  return dir(top, () => Array.from({ length: 10 }, (_, i) => middle(`d${i}`))) as unknown as FileSystemDirectoryEntry;
}

async function naiveRead(entry: FileSystemEntry, path: string): Promise<File[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail));
    return [library.withRelativePath(file, path)];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (batch.length === 0) break;
    all.push(...batch);
  }
  return (await Promise.all(all.map((child) => naiveRead(child, `${path}/${child.name}`)))).flat();
}

export async function folderRead(args: FolderReadArgs, client: SmhClient): Promise<FolderReadResult> {
  const { SmhUploadProvider, UploadDropzone, useUploads, createUploadQueue } = library;
  const queue: UploadQueue = createUploadQueue({ concurrency: 4 });
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  let add: ((files: File[], options: object) => void) | undefined;
  function NaiveAdd() {
    add = useUploads().add;
    return null;
  }
  const options = { folder: ['bench', args.name], allowInsecureHttp: true, store: null };
  root.render(
    <QueryClientProvider client={new QueryClient()}>
      <SmhUploadProvider client={client} queue={queue} store={null}>
        <UploadDropzone folder={['bench', args.name]} uploadOptions={{ allowInsecureHttp: true }} />
        <NaiveAdd />
      </SmhUploadProvider>
    </QueryClientProvider>,
  );
  await new Promise((resolve) => setTimeout(resolve, 100));

  // The first PUT to COS, seen where it leaves the page.
  let firstPut = -1;
  const send = XMLHttpRequest.prototype.send;
  const open = XMLHttpRequest.prototype.open;
  const puts = new WeakSet<XMLHttpRequest>();
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    if (method.toUpperCase() === 'PUT' && String(url).startsWith(args.target.cosUrl)) puts.add(this);
    return (open as (...a: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof open;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body) {
    if (firstPut < 0 && puts.has(this)) firstPut = performance.now();
    return send.call(this, body);
  };
  const originalFetch = window.fetch;
  window.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (firstPut < 0 && (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase() === 'PUT' && url.startsWith(args.target.cosUrl)) {
      firstPut = performance.now();
    }
    return originalFetch(input, init);
  };
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });

  const entry = tree(args.files, args.name);
  const started = performance.now();
  let readMs = -1;
  try {
    if (args.reader === 'ours') {
      const dataTransfer = { types: ['Files'], files: [], items: [{ kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => null }], dropEffect: 'none' };
      const zone = container.querySelector('.smh-dropzone__zone')!;
      const event = new Event('drop', { bubbles: true, cancelable: true });
      Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
      zone.dispatchEvent(event);
      // Read when every file is in the queue.
      while (queue.getSnapshot().length < args.files) await new Promise((resolve) => setTimeout(resolve, 5));
    } else {
      const files = await naiveRead(entry, entry.name);
      add!(files, { ...options, folder: ['bench', `${args.name}`] });
    }
    readMs = performance.now() - started;
    for (;;) {
      if (firstPut >= 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    observer.disconnect();
    XMLHttpRequest.prototype.send = send;
    XMLHttpRequest.prototype.open = open;
    window.fetch = originalFetch;
    await queue.cancelAll();
    root.unmount();
    container.remove();
  }
  return {
    firstPutMs: firstPut - started,
    readMs,
    longestTaskMs: longTasks.length === 0 ? 0 : Math.max(...longTasks),
    longTasks: longTasks.length,
  };
}
