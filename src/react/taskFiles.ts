// Which file each task of the provider sends, so a list of tasks can show what is being sent (a
// preview) without the engine handing its file out.
import type { UploadTask } from '../core/types';

const taskFiles = new WeakMap<UploadTask, File | Blob>();

export function rememberFile<T extends UploadTask>(task: T, file: File | Blob): T {
  taskFiles.set(task, file);
  return task;
}

/**
 * The file or Blob a task sends, for tasks started by `useUpload`, `useUploads`, `useResumableUploads`
 * or `UploadDropzone`; undefined for others. E.g. `<FilePreview file={uploadFileOf(task)} />`.
 */
export function uploadFileOf(task: UploadTask): File | Blob | undefined {
  return taskFiles.get(task);
}
