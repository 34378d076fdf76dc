// Where a file sits inside a dropped or picked folder (`trip/day 1/photo.jpg`). A File read from a
// dropped folder's entries has an empty, read-only `webkitRelativePath`, so the folder reader
// records the path here; files from `<input webkitdirectory>` carry their own. The hooks place each
// file under the target folder by it, also when an app's `onFiles` calls `useUploads().add` itself.
const recorded = new WeakMap<Blob, string>();

/** Records `relativePath` (folders and the file's name, `/`-separated) for `file`; returns `file`. */
export function withRelativePath<T extends Blob>(file: T, relativePath: string): T {
  if (typeof relativePath !== 'string') throw new TypeError(`withRelativePath takes a string path, got ${typeof relativePath}`);
  recorded.set(file, relativePath.replace(/^\/+/, ''));
  return file;
}

/**
 * The file's path inside the folder it came from, with its own name last (`trip/day 1/photo.jpg`),
 * or '' for a file picked or dropped on its own.
 */
export function relativePathOf(file: Blob): string {
  const path = recorded.get(file);
  if (path !== undefined) return path;
  const native = (file as { webkitRelativePath?: unknown }).webkitRelativePath;
  return typeof native === 'string' ? native.replace(/^\/+/, '') : '';
}

/** The folders of a relative path, outermost first (`['trip', 'day 1']`). */
export function relativeFolders(relativePath: string): string[] {
  return relativePath.split('/').slice(0, -1).filter((segment) => segment !== '');
}
