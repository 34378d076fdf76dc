// The name-clash part of an upload's card: its place in the page-wide line of clashes, the dialog
// when its turn comes, and, after Escape closed the dialog, a button that opens it again.
import { useEffect, useRef } from 'react';
import type { ConflictResolution } from '../core/types';
import { useSmhI18n } from '../i18n/I18nProvider';
import { ConflictPrompt } from './ConflictPrompt';
import { useConflictTurn } from './conflictTurns';

interface StatusConflictProps {
  /** The task is in `conflict` and this card can answer for it. */
  waiting: boolean;
  fileName: string;
  folder: readonly string[] | undefined;
  allowOverwrite: boolean;
  onResolve: (resolution: ConflictResolution) => void;
  locale: string | undefined;
}

export function StatusConflict({ waiting, fileName, folder, allowOverwrite, onResolve, locale }: StatusConflictProps) {
  const { t } = useSmhI18n(locale);
  const turn = useConflictTurn(waiting, onResolve, allowOverwrite);
  const reopen = useRef<HTMLButtonElement | null>(null);
  const dismissedHere = useRef(false);
  // Escape closed this card's dialog: focus goes to the button that opens it again (after the
  // dialog's own cleanup returned focus to where it was before it opened).
  useEffect(() => {
    if (!turn.closed || !dismissedHere.current) return;
    dismissedHere.current = false;
    reopen.current?.focus();
  }, [turn.closed]);
  if (!waiting) return null;

  return (
    <>
      {!turn.mine && !turn.closed && <p className="smh-status__note">{t('prompt.waiting')}</p>}
      {turn.closed && (
        <>
          <p className="smh-status__note" data-part="clash-closed">
            {t('prompt.closed')}
          </p>
          <div className="smh-status__actions">
            <button ref={reopen} type="button" className="smh-button" data-action="answer" data-variant="primary" onClick={turn.reopen}>
              {t('prompt.open')}
            </button>
          </div>
        </>
      )}
      <ConflictPrompt
        open={turn.mine}
        fileName={fileName}
        folder={folder}
        allowOverwrite={allowOverwrite}
        onResolve={(resolution, { applyToAll }) => turn.answer(resolution, applyToAll)}
        onDismiss={() => {
          dismissedHere.current = true;
          turn.dismiss();
        }}
        othersWaiting={turn.others}
        position={turn.count > 1 ? { index: turn.position, count: turn.count } : undefined}
        locale={locale}
      />
    </>
  );
}
