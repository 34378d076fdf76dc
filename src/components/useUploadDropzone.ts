// The drop zone's behaviour as prop getters (react-dropzone style): pick files or a folder, drop
// files and folders (read by folderReader.ts), paste when asked, and the file rules on each file.
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type ChangeEvent,
  type ClipboardEvent as ReactClipboardEvent,
  type DragEvent,
  type HTMLAttributes,
  type InputHTMLAttributes,
  type KeyboardEvent,
  type MouseEvent,
  type Ref,
} from 'react';
import { relativePathOf } from '../core/relativePath';
import { useSmhI18n } from '../i18n/I18nProvider';
import { reasonText } from './dropzoneText';
import { acceptList, checkFiles, type FileRules, type RejectionReason } from './fileRules';
import { hasFolder, pickedFiles, readDropped, takeDropped, type Dropped, type SkippedEntries } from './folderReader';
import { pastedFiles, pastedIntoText } from './paste';
import { isolate, mergeRefs } from './shared';

export type { NameCheck, NameProblem, RejectionReason } from './fileRules';
export type { SkippedEntries } from './folderReader';
export { FolderReadError } from './folderReader';

export interface FileRejection {
  file: File;
  reason: RejectionReason;
  /** A sentence naming the file and why, in the dropzone's locale. */
  message: string;
}

export interface UploadDropzoneOptions extends FileRules {
  disabled?: boolean | undefined;
  /**
   * Files that passed the rules. A dropped folder is handed on in growing batches while it is
   * read (the first at once), so this may run several times for one drop. Files from a folder
   * carry their path inside it (`relativePathOf(file)`), which `useUploads().add` keeps.
   */
  onFiles?: ((files: File[]) => void) | undefined;
  onReject?: ((rejections: FileRejection[]) => void) | undefined;
  /** What a folder drop or pick left out (system files, empty folders, unreadable entries), once read. */
  onSkip?: ((skipped: SkippedEntries) => void) | undefined;
  /** The zone's picker chooses a folder (`<input webkitdirectory>`) instead of files. */
  directory?: boolean | undefined;
  /**
   * Hand empty folders of a drop to `onEmptyFolders` (relative paths) instead of skipping them;
   * `UploadDropzone` creates them in SMH.
   */
  keepEmptyFolders?: boolean | undefined;
  onEmptyFolders?: ((paths: string[]) => void) | undefined;
  /**
   * Take pasted files: `true` while the zone has focus, `'document'` anywhere on the page (not into
   * a text field). Generic names (`image.png`) become `Pasted image 2026-11-30 15-04-05.png`.
   */
  acceptPaste?: boolean | 'document' | undefined;
  locale?: string | undefined;
}

export type DropzoneInputProps = InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> | undefined };

export interface UploadDropzoneState {
  isDragActive: boolean;
  /** A dropped folder is being read. */
  isReading: boolean;
  /** Files found so far by the folder read under way. */
  readCount: number;
  /** The rejections of the latest pick, drop or paste. */
  rejections: readonly FileRejection[];
  /** What the latest folder drop or pick left out. */
  skipped: SkippedEntries | undefined;
  /** Opens the picker (files, or a folder with `directory`). */
  open: () => void;
  /** Opens the folder picker (render `getFolderInputProps()` on an input). */
  openFolder: () => void;
  clearRejections: () => void;
  /** Props for the zone element (react-dropzone style); your own handlers run first. */
  getRootProps: (props?: HTMLAttributes<HTMLElement>) => HTMLAttributes<HTMLElement>;
  /** Props for a file `<input>` (hidden; the zone opens it). */
  getInputProps: (props?: DropzoneInputProps) => DropzoneInputProps & { ref: Ref<HTMLInputElement> };
  /** Props for a second, folder `<input webkitdirectory>` (hidden; `openFolder` opens it). */
  getFolderInputProps: (props?: DropzoneInputProps) => DropzoneInputProps & { ref: Ref<HTMLInputElement> };
}

function hasFiles(event: DragEvent): boolean {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

const NOTHING_SKIPPED = (): SkippedEntries => ({ systemFiles: 0, emptyFolders: [], errors: [] });

/** Pick or drop files with rules; spread `getRootProps()` on the zone and `getInputProps()` on an input. */
export function useUploadDropzone(options: UploadDropzoneOptions = {}): UploadDropzoneState {
  const { accept, maxSize, minSize, maxFiles, multiple = true, disabled = false, directory = false, keepEmptyFolders = false } = options;
  const { onFiles, onReject, onSkip, onEmptyFolders, acceptPaste = false, locale } = options;
  const i18n = useSmhI18n(locale);
  const input = useRef<HTMLInputElement | null>(null);
  const folderInput = useRef<HTMLInputElement | null>(null);
  const dragDepth = useRef(0);
  const reads = useRef(new Set<AbortController>());
  const [isDragActive, setDragActive] = useState(false);
  const [reading, setReading] = useState({ active: 0, count: 0 });
  const [rejections, setRejections] = useState<readonly FileRejection[]>([]);
  const [skipped, setSkipped] = useState<SkippedEntries | undefined>(undefined);

  // A read still under way when the zone goes hands nothing more on.
  useEffect(() => {
    const running = reads.current;
    return () => {
      for (const read of running) read.abort();
    };
  }, []);

  const rules = { accept, maxSize, minSize, maxFiles, multiple };
  const limit = multiple === false ? 1 : maxFiles;

  /** One pick, drop or paste: checks files batch by batch, counting `maxFiles` across them. */
  const startTake = () => {
    let taken = 0;
    setRejections([]);
    return (files: readonly File[]) => {
      const room = limit === undefined ? undefined : Math.max(0, limit - taken);
      const checked = checkFiles(files, { ...rules, multiple: true, maxFiles: room });
      taken += checked.accepted.length;
      const rejected = checked.rejected.map(({ file, reason, name, folder }) => ({
        file,
        reason,
        message: i18n.t('dropzone.rejected', {
          name: isolate(relativePathOf(file) || file.name),
          reason: reasonText(i18n, file, reason, rules, name, folder),
        }),
      }));
      if (rejected.length > 0) {
        setRejections((earlier) => [...earlier, ...rejected]);
        onReject?.(rejected);
      }
      if (checked.accepted.length > 0) onFiles?.(checked.accepted);
    };
  };

  const finishSkipped = (result: SkippedEntries) => {
    const shown = keepEmptyFolders ? { ...result, emptyFolders: [] } : result;
    setSkipped(shown);
    if (keepEmptyFolders && result.emptyFolders.length > 0) onEmptyFolders?.(result.emptyFolders);
    if (shown.systemFiles > 0 || shown.emptyFolders.length > 0 || shown.errors.length > 0) onSkip?.(shown);
  };

  const takeDrop = (dropped: Dropped[]) => {
    const take = startTake();
    setSkipped(undefined);
    if (!hasFolder(dropped)) {
      const plain = dropped.flatMap((item) => ('file' in item ? [item.file] : []));
      const { files, systemFiles } = pickedFiles(plain);
      take(files);
      if (systemFiles > 0) finishSkipped({ ...NOTHING_SKIPPED(), systemFiles });
      return;
    }
    const read = new AbortController();
    reads.current.add(read);
    setReading((r) => ({ active: r.active + 1, count: r.active === 0 ? 0 : r.count }));
    void readDropped(dropped, {
      signal: read.signal,
      onFiles: (files) => {
        if (read.signal.aborted) return;
        setReading((r) => ({ ...r, count: r.count + files.length }));
        take(files);
      },
    }).then((result) => {
      reads.current.delete(read);
      if (read.signal.aborted) return;
      setReading((r) => ({ active: r.active - 1, count: r.count }));
      finishSkipped(result);
    });
  };

  const takePicked = (list: FileList | null) => {
    const { files, systemFiles } = pickedFiles([...(list ?? [])]);
    setSkipped(systemFiles > 0 ? { ...NOTHING_SKIPPED(), systemFiles } : undefined);
    startTake()(files);
    if (systemFiles > 0) onSkip?.({ ...NOTHING_SKIPPED(), systemFiles });
  };

  const takePaste = (data: DataTransfer | null): boolean => {
    const files = pastedFiles(data);
    if (files.length === 0) return false;
    setSkipped(undefined);
    startTake()(files);
    return true;
  };
  // The document listener reads the latest props through a ref, so it is added once.
  const pasteRef = useRef(takePaste);
  useEffect(() => {
    pasteRef.current = takePaste;
  });
  useEffect(() => {
    if (acceptPaste !== 'document' || disabled || typeof document === 'undefined') return;
    const onPaste = (event: ClipboardEvent) => {
      if (event.defaultPrevented || pastedIntoText(event.target)) return;
      if (pasteRef.current(event.clipboardData)) event.preventDefault();
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [acceptPaste, disabled]);

  const open = useCallback(() => {
    if (!disabled) input.current?.click();
  }, [disabled]);
  const openFolder = useCallback(() => {
    if (!disabled) folderInput.current?.click();
  }, [disabled]);
  const clearRejections = useCallback(() => setRejections([]), []);

  const getRootProps: UploadDropzoneState['getRootProps'] = (props = {}) => ({
    role: 'button',
    tabIndex: disabled ? -1 : 0,
    'aria-disabled': disabled || undefined,
    ...props,
    onClick: (event: MouseEvent<HTMLElement>) => {
      props.onClick?.(event);
      if (!event.defaultPrevented) open();
    },
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
      props.onKeyDown?.(event);
      // Only the zone itself: a button inside it keeps its own Enter and Space.
      if (event.defaultPrevented || event.target !== event.currentTarget) return;
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open();
      }
    },
    onPaste: (event: ReactClipboardEvent<HTMLElement>) => {
      props.onPaste?.(event);
      if (event.defaultPrevented || disabled || acceptPaste === false) return;
      if (takePaste(event.clipboardData)) event.preventDefault();
    },
    onDragEnter: (event: DragEvent<HTMLElement>) => {
      props.onDragEnter?.(event);
      if (disabled || !hasFiles(event)) return;
      event.preventDefault();
      dragDepth.current += 1;
      setDragActive(true);
    },
    onDragOver: (event: DragEvent<HTMLElement>) => {
      props.onDragOver?.(event);
      if (disabled || !hasFiles(event)) return;
      // Without preventDefault the browser refuses the drop (HTML drag and drop model).
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (event: DragEvent<HTMLElement>) => {
      props.onDragLeave?.(event);
      // Children fire enter/leave too; the zone is left when the count returns to zero.
      dragDepth.current = Math.max(0, dragDepth.current - 1);
      if (dragDepth.current === 0) setDragActive(false);
    },
    onDrop: (event: DragEvent<HTMLElement>) => {
      props.onDrop?.(event);
      event.preventDefault();
      dragDepth.current = 0;
      setDragActive(false);
      // The items die with the event: take them now, read folders afterwards.
      if (!disabled) takeDrop(takeDropped(event.dataTransfer ?? null));
    },
  });

  const inputProps = (props: DropzoneInputProps, ref: typeof input, folders: boolean) => ({
    type: 'file',
    multiple: folders || (multiple && maxFiles !== 1),
    accept: folders ? undefined : acceptList(accept).join(',') || undefined,
    disabled,
    tabIndex: -1,
    style: { display: 'none' },
    // React passes unknown lowercase attributes through; an empty string sets them.
    ...(folders ? { webkitdirectory: '', directory: '' } : {}),
    ...props,
    ref: mergeRefs(props.ref, ref),
    // The zone opens the picker; a click reaching it from the input would open it twice.
    onClick: (event: MouseEvent<HTMLInputElement>) => {
      event.stopPropagation();
      props.onClick?.(event);
    },
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      props.onChange?.(event);
      takePicked(event.target.files);
      // So picking the same file again fires change again.
      event.target.value = '';
    },
  });

  const getInputProps: UploadDropzoneState['getInputProps'] = (props = {}) => inputProps(props, input, directory);
  const getFolderInputProps: UploadDropzoneState['getFolderInputProps'] = (props = {}) => inputProps(props, folderInput, true);

  return {
    isDragActive,
    isReading: reading.active > 0,
    readCount: reading.count,
    rejections,
    skipped,
    open,
    openFolder,
    clearRejections,
    getRootProps,
    getInputProps,
    getFolderInputProps,
  };
}
