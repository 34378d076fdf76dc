import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ComponentPropsWithRef,
  type KeyboardEvent,
  type SyntheticEvent,
} from 'react';
import type { ConflictResolution } from '../core/types';
import { useSmhI18n } from '../i18n/I18nProvider';
import { cx, formatPath, isolate, mergeRefs } from './shared';

export interface ConflictPromptProps extends Omit<ComponentPropsWithRef<'dialog'>, 'children' | 'open'> {
  /** The name that is taken. */
  fileName: string;
  /** The folder it is in, when known. */
  folder?: readonly string[] | string | undefined;
  /** Offer "Replace" only where the person may overwrite files (default false). */
  allowOverwrite?: boolean | undefined;
  /** The answer; `applyToAll` is true when the person ticked "the same for the others waiting". */
  onResolve: (resolution: ConflictResolution, options: { applyToAll: boolean }) => void;
  /**
   * Escape (or the browser's own close request): the dialog should close with nothing answered,
   * so the upload keeps waiting. Escape never cancels an upload: that has no undo.
   */
  onDismiss?: (() => void) | undefined;
  /** How many other name clashes wait; above 0, a checkbox offers to give them the same answer. */
  othersWaiting?: number | undefined;
  /** Default true; while false nothing is rendered. */
  open?: boolean | undefined;
  /** With several clashes waiting: which one this is ("1 of 3"), shown in the title. */
  position?: { index: number; count: number } | undefined;
  locale?: string | undefined;
}

const FOCUSABLE = 'button:not(:disabled), [href], input:not(:disabled), [tabindex]:not([tabindex="-1"])';

/**
 * The `conflict` state as a modal dialog: keep both, replace (when allowed) or cancel. Escape only
 * closes it (`onDismiss`); with other clashes waiting it offers to answer them all at once.
 */
export function ConflictPrompt({ open = true, ...props }: ConflictPromptProps) {
  return open ? <ConflictDialog {...props} /> : null;
}

function ConflictDialog({
  fileName,
  folder,
  allowOverwrite = false,
  onResolve,
  onDismiss,
  othersWaiting = 0,
  position,
  locale,
  className,
  ref,
  onKeyDown,
  onCancel,
  ...rest
}: Omit<ConflictPromptProps, 'open'>) {
  const { t } = useSmhI18n(locale);
  const id = useId();
  const dialog = useRef<HTMLDialogElement | null>(null);
  const firstAction = useRef<HTMLButtonElement | null>(null);
  const dialogRef = useMemo(() => mergeRefs(ref, dialog), [ref]);
  const [applyToAll, setApplyToAll] = useState(false);
  const settled = useRef(false);
  const resolve = (resolution: ConflictResolution) => {
    // One answer per prompt, even if a click and Escape both arrive.
    if (settled.current) return;
    settled.current = true;
    onResolve(resolution, { applyToAll: applyToAll && othersWaiting > 0 });
  };
  // Closing is the caller's to do (and to do once, if both Escape's keydown and the cancel event arrive).
  const dismiss = () => {
    if (!settled.current) onDismiss?.();
  };

  // Focus moves in on open and back to where it was on close (WAI-ARIA dialog pattern).
  // showModal() makes the rest of the page inert; where it is missing, `open` shows it in place.
  useEffect(() => {
    const element = dialog.current;
    const previous = document.activeElement;
    if (element && !element.open) {
      if (typeof element.showModal === 'function') element.showModal();
      else element.setAttribute('open', '');
    }
    firstAction.current?.focus();
    return () => {
      if (element?.open) {
        if (typeof element.close === 'function') element.close();
        else element.removeAttribute('open');
      }
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    };
  }, []);

  const handleCancel = (event: SyntheticEvent<HTMLDialogElement>) => {
    onCancel?.(event);
    // The browser would close the dialog itself; the caller closes it, through onDismiss.
    event.preventDefault();
    dismiss();
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    onKeyDown?.(event);
    if (event.defaultPrevented) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      dismiss();
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    const active = document.activeElement;
    if (event.shiftKey && (active === first || !dialog.current.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !dialog.current.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  };

  const folderText = folder === undefined ? '' : formatPath(folder);
  const body =
    folderText === '' || folderText === '/'
      ? t('prompt.body', { name: isolate(fileName) })
      : t('prompt.bodyIn', { name: isolate(fileName), folder: isolate(folderText) });

  return (
    <dialog
      {...rest}
      ref={dialogRef}
      className={cx('smh-dialog', className)}
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      data-state="open"
      onKeyDown={handleKeyDown}
      onCancel={handleCancel}
    >
      <h2 className="smh-dialog__title" id={`${id}-title`}>
        {t('prompt.title')}
        {position !== undefined && (
          <>
            {' '}
            <span className="smh-dialog__position">{t('prompt.position', { index: position.index, count: position.count })}</span>
          </>
        )}
      </h2>
      <p className="smh-dialog__body" id={`${id}-body`}>
        {body}
      </p>
      {/* Before the buttons, so it is ticked (in reading and tab order) before the answer is chosen. */}
      {othersWaiting > 0 && (
        <label className="smh-dialog__all">
          <input type="checkbox" checked={applyToAll} onChange={(event) => setApplyToAll(event.target.checked)} />
          {t('prompt.applyToAll', { count: othersWaiting })}
        </label>
      )}
      <div className="smh-dialog__actions">
        <button
          ref={firstAction}
          type="button"
          className="smh-button"
          data-action="rename"
          data-variant="primary"
          aria-describedby={`${id}-rename`}
          onClick={() => resolve('rename')}
        >
          {t('prompt.rename')}
        </button>
        <p className="smh-dialog__hint" id={`${id}-rename`}>
          {t('prompt.renameHint')}
        </p>
        {allowOverwrite && (
          <>
            <button
              type="button"
              className="smh-button"
              data-action="overwrite"
              data-variant="danger"
              aria-describedby={`${id}-overwrite`}
              onClick={() => resolve('overwrite')}
            >
              {t('prompt.overwrite')}
            </button>
            <p className="smh-dialog__hint" id={`${id}-overwrite`}>
              {t('prompt.overwriteHint')}
            </p>
          </>
        )}
        <button type="button" className="smh-button" data-action="cancel" onClick={() => resolve('cancel')}>
          {t('prompt.cancel')}
        </button>
      </div>
    </dialog>
  );
}
