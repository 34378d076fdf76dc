import { forwardRef, useState, type ComponentPropsWithoutRef } from 'react';
import type { UploadState } from '../core/types';
import { useSmhI18n } from '../i18n/I18nProvider';
import type { SmhI18n } from '../i18n/types';
import { PoliteAnnouncer } from './PoliteAnnouncer';
import { clamp, cx } from './shared';

/** What the status endpoint alone can say, beside the engine's states. */
export type StatusState = 'loading' | 'active' | 'confirmed' | 'pathDeleted' | 'gone' | 'error';
export type DisplayState = UploadState | StatusState;

export interface UploadProgressProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  /** Bytes done (stored plus in flight). */
  value: number;
  /** Total bytes; leave out when unknown for the indeterminate form. */
  max?: number | undefined;
  /** Drives `data-state` and the announcements. Default: `done` at 100 %, else `uploading`. */
  state?: DisplayState | undefined;
  bytesPerSecond?: number | undefined;
  etaSeconds?: number | undefined;
  /** Accessible name of the bar. Default "Upload progress". */
  label?: string | undefined;
  /**
   * Speak state changes and every 10 % through a polite live region (default true). Turn it off
   * for a row of a long list under a batch summary that speaks once for all (`UploadBatchSummary`).
   */
  announce?: boolean | undefined;
  locale?: string | undefined;
}

/** The decile reached, 0..10, so the live region speaks at most eleven times per state. */
function stepOf(ratio: number | undefined): number {
  return ratio === undefined ? -1 : Math.floor(ratio * 10);
}

function percentOf(i18n: SmhI18n, ratio: number): string {
  // Floor, so 99.6 % does not read "100 %" before the upload is done.
  return i18n.formatPercent(Math.floor(ratio * 100) / 100);
}

export const UploadProgress = forwardRef<HTMLDivElement, UploadProgressProps>(function UploadProgress(
  {
    value,
    max,
    state,
    bytesPerSecond,
    etaSeconds,
    label,
    announce = true,
    locale,
    className,
    ...rest
  },
  ref,
) {
  const i18n = useSmhI18n(locale);
  const { t } = i18n;
  const total = max !== undefined && Number.isFinite(max) && max > 0 ? max : undefined;
  const done = clamp(Number.isFinite(value) ? value : 0, 0, total ?? Number.MAX_SAFE_INTEGER);
  const ratio = total === undefined ? undefined : done / total;
  const shownState: DisplayState = state ?? (ratio === 1 ? 'done' : 'uploading');
  const stateText = t(`state.${shownState}`);

  // Every byte sent is not every byte stored: "100 %" waits until the upload is done.
  const finished = shownState === 'done' || shownState === 'confirmed';
  const percent = ratio === undefined ? undefined : percentOf(i18n, finished ? ratio : Math.min(ratio, 0.99));
  const doneText = i18n.formatBytes(done);
  const totalText = total === undefined ? undefined : i18n.formatBytes(total);
  const showEta = etaSeconds !== undefined && Number.isFinite(etaSeconds) && ratio !== undefined && ratio < 1;
  const etaText = showEta ? t('progress.eta', { duration: i18n.formatDuration(etaSeconds) }) : undefined;
  const rateText =
    bytesPerSecond !== undefined && bytesPerSecond > 0 ? i18n.formatRate(bytesPerSecond) : undefined;

  const amountText =
    percent === undefined || totalText === undefined
      ? t('progress.unknownTotal', { done: doneText })
      : t('progress.ofTotal', { percent, done: doneText, total: totalText });
  const valueText = etaText === undefined ? amountText : amountText + t('comma') + etaText;

  // The live region changes only on a state change or when a new 10 % step is reached
  // (adjusting state during render, as React documents, so no extra commit per byte).
  const step = stepOf(ratio);
  const [spoken, setSpoken] = useState({ state: shownState, step, text: '' });
  if (spoken.state !== shownState || step > spoken.step) {
    const text = percent === undefined ? stateText : t('progress.announce', { state: stateText, percent });
    setSpoken({ state: shownState, step, text });
  }

  return (
    <div
      {...rest}
      ref={ref}
      className={cx('smh-progress', className)}
      data-state={shownState}
      data-value={done}
      data-max={total}
      data-indeterminate={total === undefined ? '' : undefined}
    >
      <div
        className="smh-progress__track"
        // oxlint-disable-next-line jsx-a11y/prefer-tag-over-role -- <progress> cannot carry aria-valuetext styling hooks or an indeterminate byte count alike
        role="progressbar"
        aria-label={label ?? t('progress.label')}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={total === undefined ? undefined : done}
        aria-valuetext={valueText}
        data-state={shownState}
        data-value={done}
        data-max={total}
      >
        <div
          className="smh-progress__indicator"
          data-state={shownState}
          style={ratio === undefined ? undefined : { transform: `translateX(${(ratio - 1) * 100}%)` }}
        />
      </div>
      <div className="smh-progress__meta" aria-hidden="true">
        {percent !== undefined && <span data-part="percent">{percent}</span>}
        <span data-part="amount">{totalText === undefined ? doneText : `${doneText} / ${totalText}`}</span>
        {rateText !== undefined && <span data-part="rate">{rateText}</span>}
        {etaText !== undefined && <span data-part="eta">{etaText}</span>}
      </div>
      {announce && <PoliteAnnouncer text={spoken.text} />}
    </div>
  );
});
