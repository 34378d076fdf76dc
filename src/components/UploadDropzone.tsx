import {
  forwardRef,
  useContext,
  useState,
  useSyncExternalStore,
  type ComponentPropsWithoutRef,
  type ForwardedRef,
  type ReactNode,
} from 'react';
import type { SmhPath } from '../api/types';
import type { UploadTask } from '../core/types';
import { useSmhI18n } from '../i18n/I18nProvider';
import { SmhUploadContext } from '../react/context';
import type { UploadFileOptions } from '../react/uploadOptions';
import { useUploads } from '../react/useUploads';
import { skippedText } from './dropzoneText';
import { cx, isolate } from './shared';
import { useUploadDropzone, type UploadDropzoneOptions } from './useUploadDropzone';

export interface UploadDropzoneRenderState {
  isDragActive: boolean;
  open: () => void;
}

export interface UploadDropzoneProps
  extends UploadDropzoneOptions,
    Omit<ComponentPropsWithoutRef<'div'>, 'children' | 'onDrop'> {
  /** Accessible name of the zone, when its visible text is not enough. */
  label?: string | undefined;
  /** The zone's content; a function receives the drag state. Default: a short prompt. */
  children?: ReactNode | ((state: UploadDropzoneRenderState) => ReactNode);
  /**
   * Inside `SmhUploadProvider`, accepted files start uploading through `useUploads().add`
   * (default true); set false to only receive them in `onFiles`.
   */
  autoUpload?: boolean | undefined;
  /** The folder the files go into (default: the provider's `defaults.folder`). */
  folder?: SmhPath | undefined;
  /**
   * Options for each upload started here (conflict strategy, labels, category…), or a function
   * that gives each file its own.
   */
  uploadOptions?: UploadFileOptions | ((file: File) => UploadFileOptions | undefined) | undefined;
  /** The tasks started for the accepted files. */
  onUpload?: ((tasks: UploadTask[]) => void) | undefined;
  /** A "Choose a folder" button beside the zone (folders can always be dropped). */
  folderPicker?: boolean | undefined;
}

const uploadIcon = (
  <svg className="smh-dropzone__icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
    <path
      d="M12 16V4m0 0-4.5 4.5M12 4l4.5 4.5M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  </svg>
);

// A touch screen (no hover, a coarse pointer) has no Enter key to press and usually nothing to drop.
const TOUCH_QUERY = '(hover: none) and (pointer: coarse)';

function subscribeTouch(onChange: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => {};
  const query = matchMedia(TOUCH_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Whether the main pointer is a finger; false on the server and while hydrating, so the text matches. */
function useTouchScreen(): boolean {
  return useSyncExternalStore(
    subscribeTouch,
    () => typeof matchMedia === 'function' && matchMedia(TOUCH_QUERY).matches,
    () => false,
  );
}

/**
 * A zone to pick (click, Enter, Space) or drop files, with `accept`, size and count rules.
 * Accepted files go to `onFiles` and, inside `SmhUploadProvider`, start uploading; rejected
 * ones are listed with the reason.
 */
export const UploadDropzone = forwardRef<HTMLDivElement, UploadDropzoneProps>(function UploadDropzone(
  { autoUpload = true, ...props },
  ref,
) {
  // The provider is optional: without one (or with autoUpload off) the zone only picks files.
  const uploading = useContext(SmhUploadContext) !== null && autoUpload;
  return uploading ? <UploadingDropzone {...props} forwardedRef={ref} /> : <DropzoneView {...props} forwardedRef={ref} />;
});

/** The outer component's ref, passed on under a name React 18 does not strip. */
type WithRef = { forwardedRef: ForwardedRef<HTMLDivElement> };

function UploadingDropzone({ folder, uploadOptions, onUpload, onFiles, onEmptyFolders, ...props }: UploadDropzoneProps & WithRef) {
  const { add } = useUploads();
  // Present: this part renders only inside the provider.
  const { client, defaults } = useContext(SmhUploadContext)!;
  const { t } = useSmhI18n(props.locale);
  const [notCreated, setNotCreated] = useState<readonly string[]>([]);
  const start = (files: File[]) => {
    onFiles?.(files);
    // Not `onUpload?.(add(…))`: an optional call skips its arguments when onUpload is absent.
    const tasks = add(files, (file) => {
      const own = typeof uploadOptions === 'function' ? uploadOptions(file as File) : uploadOptions;
      return folder === undefined ? own : { ...own, folder };
    });
    onUpload?.(tasks);
  };
  // Kept empty folders (keepEmptyFolders) are made in SMH; one that exists already is fine.
  const createEmpty = (paths: string[]) => {
    onEmptyFolders?.(paths);
    setNotCreated([]);
    const base = folderSegments(folder ?? defaults.folder);
    for (const path of paths) {
      void client.createFolder?.([...base, ...path.split('/')], { conflictResolutionStrategy: 'ask' }).catch((error: unknown) => {
        if ((error as { code?: unknown }).code === 'SameNameDirectoryOrFileExists') return;
        const message = t('dropzone.folderNotCreated', { name: isolate(path), reason: error instanceof Error ? error.message : String(error) });
        setNotCreated((earlier) => [...earlier, message]);
      });
    }
  };
  return <DropzoneView {...props} onFiles={start} onEmptyFolders={createEmpty} notes={notCreated} />;
}

function folderSegments(folder: SmhPath | undefined): string[] {
  if (folder === undefined) return [];
  return (typeof folder === 'string' ? folder.split('/') : [...folder]).filter((segment) => segment !== '');
}

function promptKey(isDragActive: boolean, touch: boolean, several: boolean, directory: boolean) {
  if (isDragActive) return 'dropzone.active';
  if (directory) return 'dropzone.promptFolder';
  if (touch) return several ? 'dropzone.touch' : 'dropzone.touchOne';
  return several ? 'dropzone.prompt' : 'dropzone.promptOne';
}

function DropzoneView({
  accept,
  maxSize,
  minSize,
  maxFiles,
  multiple = true,
  disabled = false,
  onFiles,
  onReject,
  onSkip,
  directory = false,
  keepEmptyFolders = false,
  onEmptyFolders,
  acceptPaste,
  folderPicker = false,
  locale,
  label,
  children,
  className,
  folder: _folder,
  uploadOptions: _uploadOptions,
  onUpload: _onUpload,
  notes = [],
  forwardedRef,
  ...rest
}: Omit<UploadDropzoneProps, 'autoUpload'> & WithRef & { notes?: readonly string[] }) {
  const i18n = useSmhI18n(locale);
  const { t } = i18n;
  const touch = useTouchScreen();
  const { isDragActive, isReading, readCount, rejections, skipped, open, openFolder, getRootProps, getInputProps, getFolderInputProps } =
    useUploadDropzone({
      accept,
      maxSize,
      minSize,
      maxFiles,
      multiple,
      disabled,
      onFiles,
      onReject,
      onSkip,
      directory,
      keepEmptyFolders,
      onEmptyFolders,
      acceptPaste,
      locale,
    });
  const summary = [
    ...(isReading ? [t('dropzone.reading', { count: readCount })] : []),
    ...(skipped === undefined ? [] : skippedText(i18n, skipped, keepEmptyFolders)),
    ...notes,
  ];
  const state = disabled ? 'disabled' : isDragActive ? 'active' : 'idle';
  const content =
    typeof children === 'function'
      ? children({ isDragActive, open })
      : (children ?? (
          <span className="smh-dropzone__prompt">
            {t(promptKey(isDragActive, touch, multiple && maxFiles !== 1, directory))}
          </span>
        ));

  return (
    <div {...rest} ref={forwardedRef} className={cx('smh-dropzone', className)} data-state={state}>
      <div {...getRootProps({ className: 'smh-dropzone__zone', 'aria-label': label })} data-state={state}>
        <input {...getInputProps()} />
        {uploadIcon}
        {content}
      </div>
      {/* Beside the zone, not inside it: a button within a role="button" zone is nested interaction. */}
      {folderPicker && !directory && (
        <div className="smh-dropzone__actions">
          <input {...getFolderInputProps()} />
          <button type="button" className="smh-button" onClick={openFolder} disabled={disabled}>
            {t('dropzone.chooseFolder')}
          </button>
        </div>
      )}
      {/* Always present, so the rejections are announced when they appear. */}
      <div
        className="smh-dropzone__rejections"
        // oxlint-disable-next-line jsx-a11y/prefer-tag-over-role -- a plain live region; <output> means a computed result
        role="status"
        aria-live="polite"
      >
        {summary.length > 0 && (
          <ul className="smh-dropzone__summary">
            {summary.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
        )}
        {rejections.length > 0 && (
          <ul>
            {rejections.map(({ reason, message }, index) => (
              <li key={index} data-reason={reason}>
                {message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
