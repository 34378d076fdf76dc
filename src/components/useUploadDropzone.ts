import {
  useCallback,
  useRef,
  useState,
  type ChangeEvent,
  type DragEvent,
  type HTMLAttributes,
  type InputHTMLAttributes,
  type KeyboardEvent,
  type MouseEvent,
  type Ref,
} from 'react';
import { useSmhI18n } from '../i18n/I18nProvider';
import type { SmhI18n } from '../i18n/types';
import { acceptList, checkFiles, MAX_NAME_BYTES, type FileRules, type NameCheck, type RejectionReason } from './fileRules';
import { isolate, mergeRefs } from './shared';

export type { NameCheck, NameProblem, RejectionReason } from './fileRules';

export interface FileRejection {
  file: File;
  reason: RejectionReason;
  /** A sentence naming the file and why, in the dropzone's locale. */
  message: string;
}

export interface UploadDropzoneOptions extends FileRules {
  disabled?: boolean | undefined;
  /** Files that passed the rules. */
  onFiles?: ((files: File[]) => void) | undefined;
  onReject?: ((rejections: FileRejection[]) => void) | undefined;
  locale?: string | undefined;
}

export type DropzoneInputProps = InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> | undefined };

export interface UploadDropzoneState {
  isDragActive: boolean;
  /** The rejections of the latest pick or drop. */
  rejections: readonly FileRejection[];
  /** Opens the file picker. */
  open: () => void;
  clearRejections: () => void;
  /** Props for the zone element (react-dropzone style); your own handlers run first. */
  getRootProps: (props?: HTMLAttributes<HTMLElement>) => HTMLAttributes<HTMLElement>;
  /** Props for a file `<input>` (hidden; the zone opens it). */
  getInputProps: (props?: DropzoneInputProps) => DropzoneInputProps & { ref: Ref<HTMLInputElement> };
}

/** A refused character as people can read it: `“:”`, or its code for an invisible one. */
function shownCharacter(character: string): string {
  const code = character.charCodeAt(0);
  return code < 0x20 || code === 0x7f ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `“${character}”`;
}

function reasonText(i18n: SmhI18n, file: File, reason: RejectionReason, rules: FileRules, name?: NameCheck): string {
  const { t } = i18n;
  const size = i18n.formatBytes(file.size);
  switch (reason) {
    case 'nameEmpty':
      return t('dropzone.nameEmpty');
    case 'nameDots':
      return t('dropzone.nameDots');
    case 'nameCharacters':
      return t('dropzone.nameCharacters', { characters: (name?.characters ?? []).map(shownCharacter).join(t('comma')) });
    case 'nameTooLong':
      return t('dropzone.nameTooLong', { bytes: name?.bytes ?? 0, max: MAX_NAME_BYTES });
    case 'type':
      return t('dropzone.type', { accept: acceptList(rules.accept).join(', ') });
    case 'tooLarge':
      return t('dropzone.tooLarge', { size, max: i18n.formatBytes(rules.maxSize ?? 0) });
    case 'tooSmall':
      return t('dropzone.tooSmall', { size, min: i18n.formatBytes(rules.minSize ?? 0) });
    case 'tooMany': {
      const count = rules.multiple === false ? 1 : (rules.maxFiles ?? 1);
      return t('dropzone.tooMany', { count });
    }
  }
}

function hasFiles(event: DragEvent): boolean {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

/** Pick or drop files with rules; spread `getRootProps()` on the zone and `getInputProps()` on an input. */
export function useUploadDropzone(options: UploadDropzoneOptions = {}): UploadDropzoneState {
  const { accept, maxSize, minSize, maxFiles, multiple = true, disabled = false, onFiles, onReject, locale } = options;
  const i18n = useSmhI18n(locale);
  const input = useRef<HTMLInputElement | null>(null);
  const dragDepth = useRef(0);
  const [isDragActive, setDragActive] = useState(false);
  const [rejections, setRejections] = useState<readonly FileRejection[]>([]);

  const take = (files: readonly File[]) => {
    const rules = { accept, maxSize, minSize, maxFiles, multiple };
    const checked = checkFiles(files, rules);
    const rejected = checked.rejected.map(({ file, reason, name }) => ({
      file,
      reason,
      message: i18n.t('dropzone.rejected', { name: isolate(file.name), reason: reasonText(i18n, file, reason, rules, name) }),
    }));
    setRejections(rejected);
    if (rejected.length > 0) onReject?.(rejected);
    if (checked.accepted.length > 0) onFiles?.(checked.accepted);
  };

  const open = useCallback(() => {
    if (!disabled) input.current?.click();
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
      if (!disabled) take([...(event.dataTransfer?.files ?? [])]);
    },
  });

  const getInputProps: UploadDropzoneState['getInputProps'] = (props = {}) => ({
    type: 'file',
    multiple: multiple && maxFiles !== 1,
    accept: acceptList(accept).join(',') || undefined,
    disabled,
    tabIndex: -1,
    style: { display: 'none' },
    ...props,
    ref: mergeRefs(props.ref, input),
    // The zone opens the picker; a click reaching it from the input would open it twice.
    onClick: (event: MouseEvent<HTMLInputElement>) => {
      event.stopPropagation();
      props.onClick?.(event);
    },
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      props.onChange?.(event);
      take([...(event.target.files ?? [])]);
      // So picking the same file again fires change again.
      event.target.value = '';
    },
  });

  return { isDragActive, rejections, open, clearRejections, getRootProps, getInputProps };
}
