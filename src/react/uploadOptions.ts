// Turns a file plus the provider's defaults into the engine's UploadOptions, in one place for
// useUpload, useUploads and useResumableUploads.
import type { SmhClient, SmhPath } from '../api/types';
import { SmhError } from '../api/errors';
import { checkFileName } from '../api/names';
import { splitSmhPath } from '../api/path';
import { relativeFolders, relativePathOf } from '../core/relativePath';
import type { UploadOptions, UploadTask } from '../core/types';
import type { SmhUploadContextValue, UploadDefaults } from './context';

/** Per-upload options: the provider's defaults can be overridden, plus where the file goes. */
export interface UploadFileOptions extends UploadDefaults {
  /** The full target path (folder + name); wins over `folder` and `name`. */
  path?: SmhPath;
  /** The name to store the file under; default `file.name` (required for a plain Blob). */
  name?: string;
  /**
   * Where the file sat inside a dropped or picked folder (`trip/day 1/photo.jpg`): its folders go
   * under `folder`. Default: `relativePathOf(file)` (the drop zone's folder reader records it; files
   * from `<input webkitdirectory>` carry `webkitRelativePath`). `false` puts the file straight in `folder`.
   */
  relativePath?: string | false;
}

// Which client made each task, so the status cache it updates on `done` is that client's.
const taskClients = new WeakMap<UploadTask, SmhClient>();

export function rememberClient(task: UploadTask, client: SmhClient): UploadTask {
  taskClients.set(task, client);
  return task;
}

export function clientOf(task: UploadTask): SmhClient | undefined {
  return taskClients.get(task);
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (value === undefined) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A folder: undefined, '', '/' or [] is the space's root. */
function folderSegments(path: SmhPath | undefined): string[] {
  if (path === undefined || path === '' || path === '/' || path.length === 0) return [];
  return splitSmhPath(path);
}

function nameOf(file: File | Blob): string | undefined {
  const name = (file as { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

export function assertBlob(file: unknown, where: string): asserts file is Blob {
  if (
    typeof file !== 'object' ||
    file === null ||
    typeof (file as Blob).size !== 'number' ||
    typeof (file as Blob).slice !== 'function'
  ) {
    throw new TypeError(`${where} takes a File or Blob, got ${file === null ? 'null' : typeof file}`);
  }
}

export function buildUploadOptions(
  context: Pick<SmhUploadContextValue, 'client' | 'defaults' | 'store'>,
  file: File | Blob,
  options: UploadFileOptions | undefined,
  where: string,
): UploadOptions {
  assertBlob(file, where);
  const { path, name, folder, relativePath, ...engine } = {
    ...definedOnly(context.defaults),
    ...definedOnly(options),
  } as UploadFileOptions;
  const fileName = name ?? nameOf(file);
  if (path === undefined && fileName === undefined) {
    throw new TypeError(`${where}: a Blob has no name; pass { name } or { path }`);
  }
  const inside = relativePath === false ? [] : relativeFolders(relativePath ?? relativePathOf(file));
  const target = path === undefined ? [...folderSegments(folder), ...inside, fileName!] : splitSmhPath(path);
  assertNames(target, where);
  return {
    ...engine,
    client: context.client,
    file,
    store: context.store,
    path: target,
    ...(fileName === undefined ? {} : { name: fileName }),
  };
}

/** Every folder and file name of `target` as SMH takes it, or `SmhError('InvalidName')` before anything is queued. */
function assertNames(target: readonly string[], where: string): void {
  target.forEach((segment, index) => {
    const problem = checkFileName(segment);
    if (problem === undefined) return;
    const what = index === target.length - 1 ? 'file' : 'folder';
    const detail =
      problem.problem === 'nameCharacters'
        ? `contains ${problem.characters!.map((c) => JSON.stringify(c)).join(', ')}`
        : problem.problem === 'nameTooLong'
          ? `is ${problem.bytes} bytes long in UTF-8 (at most 255)`
          : 'is empty, "." or ".."';
    throw new SmhError(
      `${where}: the ${what} name ${JSON.stringify(segment)} in ${JSON.stringify(target.join('/'))} ${detail}, which SMH refuses; ` +
        'check names with checkFileName first (the drop zone does).',
      'InvalidName',
    );
  });
}
