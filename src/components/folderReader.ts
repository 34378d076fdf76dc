// Reading what was dropped: files, and whole folders through `webkitGetAsEntry()`. The drop's
// items die with the event, so `takeDropped` reads them synchronously; `readDropped` then walks each
// folder asynchronously, calling `readEntries` until it returns an empty batch (Chromium hands out
// 100 entries a call), yielding to the page between batches so 10,000 entries never freeze it, and
// handing files on in growing batches so the first uploads start before the whole tree is read.
import { withRelativePath } from '../core/relativePath';
import { yieldToMain } from '../core/yieldToMain';

/** What a drop held, taken while its event lasts. */
export type Dropped = { readonly file: File } | { readonly entry: FileSystemDirectoryEntry };

/** A folder or file the browser could not read (moved, deleted, no permission). */
export class FolderReadError extends Error {
  override name = 'FolderReadError';
  /** The folder or file, relative to the drop (`trip/day 1`). */
  readonly path: string;
  constructor(path: string, cause: unknown) {
    const why = cause instanceof Error || cause instanceof DOMException ? `${cause.name}: ${cause.message}` : String(cause);
    super(`Could not read "${path}" from the dropped folder (${why}).`, { cause });
    this.path = path;
  }
}

/** What a read left out, for a word in the UI ("3 system files skipped"). */
export interface SkippedEntries {
  /** Files browsers and systems hide: `.DS_Store`, `Thumbs.db`, `desktop.ini`, `._*` (AppleDouble). */
  systemFiles: number;
  /** Folders with nothing to upload in them, as relative paths (kept only when asked). */
  emptyFolders: string[];
  /** Folders or files that could not be read; the rest of the drop was read all the same. */
  errors: FolderReadError[];
}

const SYSTEM_FILES = new Set(['.ds_store', 'thumbs.db', 'ehthumbs.db', 'desktop.ini', '.spotlight-v100', '.trashes', '.fseventsd']);

/** Whether `name` is a file an OS keeps for itself (Finder, Explorer), which people never mean to send. */
export function isSystemFile(name: string): boolean {
  return name.startsWith('._') || SYSTEM_FILES.has(name.toLowerCase());
}

/** The drop's files and folders; call it inside the `drop` event handler. */
export function takeDropped(dataTransfer: DataTransfer | null): Dropped[] {
  if (dataTransfer === null) return [];
  const items = [...(dataTransfer.items ?? [])].filter((item) => item.kind === 'file');
  if (items.length === 0 || typeof items[0]!.webkitGetAsEntry !== 'function') {
    return [...dataTransfer.files].map((file) => ({ file }));
  }
  const dropped: Dropped[] = [];
  for (const item of items) {
    const entry = item.webkitGetAsEntry();
    if (entry?.isDirectory) {
      dropped.push({ entry: entry as FileSystemDirectoryEntry });
      continue;
    }
    const file = item.getAsFile();
    if (file !== null) dropped.push({ file });
  }
  return dropped;
}

/** Whether a drop holds a folder (reading then takes a while). */
export const hasFolder = (dropped: readonly Dropped[]) => dropped.some((item) => 'entry' in item);

export interface ReadOptions {
  /** Receives the files read so far, in batches that at least double the total each time. */
  onFiles: (files: File[]) => void;
  /** Stop reading (the zone went away); what was read is kept. */
  signal?: AbortSignal | undefined;
  /** Waits between batches of entries; default `yieldToMain` (the page paints and takes input between batches). */
  pause?: (() => Promise<void>) | undefined;
}

const readBatch = (reader: FileSystemDirectoryReader) =>
  new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));

const fileOf = (entry: FileSystemFileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject));

/**
 * Reads dropped files and folder trees; every file from a folder gets its relative path recorded
 * (`relativePathOf`). Resolves with what was skipped once everything is read and handed on.
 */
export async function readDropped(dropped: readonly Dropped[], options: ReadOptions): Promise<SkippedEntries> {
  const { onFiles, signal, pause = yieldToMain } = options;
  const skipped: SkippedEntries = { systemFiles: 0, emptyFolders: [], errors: [] };
  let pending: File[] = [];
  let delivered = 0;
  const flush = (force: boolean) => {
    // The first files go at once; later batches wait until they at least double what was handed on.
    if (pending.length === 0 || (!force && delivered > 0 && pending.length < delivered)) return;
    delivered += pending.length;
    const batch = pending;
    pending = [];
    onFiles(batch);
  };
  const take = (file: File, relativePath?: string) => {
    if (isSystemFile(file.name)) skipped.systemFiles += 1;
    else pending.push(relativePath === undefined ? file : withRelativePath(file, relativePath));
  };

  for (const item of dropped) if ('file' in item) take(item.file);
  flush(true);

  // Depth first, one folder at a time, so a deep tree holds one reader per level at most.
  const folders: Array<{ entry: FileSystemDirectoryEntry; path: string }> = [];
  for (const item of dropped) if ('entry' in item) folders.push({ entry: item.entry, path: item.entry.name });
  folders.reverse(); // popped from the end: the first dropped is read first
  while (folders.length > 0) {
    if (signal?.aborted) break;
    const { entry, path } = folders.pop()!;
    const reader = entry.createReader();
    const inside: Array<{ entry: FileSystemDirectoryEntry; path: string }> = [];
    let kept = 0;
    for (;;) {
      let batch: FileSystemEntry[];
      try {
        batch = await readBatch(reader);
      } catch (error) {
        skipped.errors.push(new FolderReadError(path, error));
        kept += 1; // a folder that failed is not "empty"
        break;
      }
      if (batch.length === 0) break;
      const files: Array<Promise<void>> = [];
      for (const child of batch) {
        const childPath = `${path}/${child.name}`;
        if (child.isDirectory) {
          inside.push({ entry: child as FileSystemDirectoryEntry, path: childPath });
          kept += 1;
        } else if (isSystemFile(child.name)) {
          skipped.systemFiles += 1;
        } else {
          kept += 1;
          files.push(
            fileOf(child as FileSystemFileEntry).then(
              (file) => take(file, childPath),
              (error: unknown) => {
                skipped.errors.push(new FolderReadError(childPath, error));
              },
            ),
          );
        }
      }
      await Promise.all(files);
      flush(false);
      if (signal?.aborted) break;
      await pause();
    }
    if (kept === 0) skipped.emptyFolders.push(path);
    for (const child of inside.toReversed()) folders.push(child);
  }
  flush(true);
  return skipped;
}

/** Files from `<input webkitdirectory>` (which carry `webkitRelativePath`), without the system files. */
export function pickedFiles(files: readonly File[]): { files: File[]; systemFiles: number } {
  const kept = files.filter((file) => !isSystemFile(file.name));
  return { files: kept, systemFiles: files.length - kept.length };
}
