// The whole queue at a glance, above a long list of uploads: one bar for every byte, speed and
// time left, how many files stand where, the actions for all of them, and one announcement for
// screen readers when the batch ends (the rows below stay quiet with `announce={false}`).
import { forwardRef, useMemo, useState, type ComponentPropsWithoutRef, type ForwardedRef } from 'react';
import { useSmhI18n } from '../i18n/I18nProvider';
import type { MessageKey, SmhI18n } from '../i18n/types';
import type { UploadBatchCounts } from '../react/batchStore';
import { useUploadBatch, type UseUploadBatchResult } from '../react/useUploadBatch';
import { PoliteAnnouncer } from './PoliteAnnouncer';
import { cx, mergeRefs } from './shared';
import { useKeepFocus } from './statusHooks';
import { UploadProgress, type DisplayState } from './UploadProgress';

export type UploadBatchAction = 'retryFailed' | 'pauseAll' | 'resumeAll' | 'cancelAll';

export interface UploadBatchSummaryProps extends Omit<ComponentPropsWithoutRef<'section'>, 'children'> {
  /**
   * The batch to show. Default: the `SmhUploadProvider` queue's, through `useUploadBatch()`. Pass
   * one to render plain data (a story, a test, a queue of your own).
   */
  batch?: UseUploadBatchResult | undefined;
  /** The buttons offered, in this order (default all four). Each shows only when it applies. */
  actions?: readonly UploadBatchAction[] | undefined;
  locale?: string | undefined;
}

const ALL_ACTIONS: readonly UploadBatchAction[] = ['retryFailed', 'pauseAll', 'resumeAll', 'cancelAll'];

/** The counts shown, in reading order, each with its words. */
const COUNT_KEYS: ReadonlyArray<[keyof UploadBatchCounts, MessageKey]> = [
  ['uploading', 'batch.uploading'],
  ['waiting', 'batch.waiting'],
  ['paused', 'batch.paused'],
  ['conflict', 'batch.conflict'],
  ['failed', 'batch.failed'],
  ['cancelled', 'batch.cancelled'],
  ['done', 'batch.done'],
];

/** The state the bar takes: what most needs a person's eye. */
function barState({ counts, finished }: UseUploadBatchResult): DisplayState {
  if (finished) return counts.failed > 0 ? 'failed' : counts.done > 0 ? 'done' : 'cancelled';
  if (counts.uploading > 0) return 'uploading';
  if (counts.paused > 0) return 'paused';
  if (counts.conflict > 0) return 'conflict';
  return 'idle';
}

/** "300 files uploaded, 2 failed": what the batch came to, said once. */
function endText({ t }: SmhI18n, { counts }: UseUploadBatchResult): string {
  const parts = [t('batch.endDone', { count: counts.done })];
  if (counts.failed > 0) parts.push(t('batch.endFailed', { count: counts.failed }));
  if (counts.cancelled > 0) parts.push(t('batch.endCancelled', { count: counts.cancelled }));
  return parts.join(t('comma'));
}

/** Which buttons apply now; "pause all" and "resume all" stay (aria-disabled) while uploads run. */
function shownActions(batch: UseUploadBatchResult, wanted: readonly UploadBatchAction[]): UploadBatchAction[] {
  const { finished, retryableFailed } = batch;
  return wanted.filter((action) => (action === 'retryFailed' ? retryableFailed > 0 : !finished));
}

function enabled(action: UploadBatchAction, { counts }: UseUploadBatchResult): boolean {
  if (action === 'pauseAll') return counts.uploading > 0;
  // Waiting with nothing running means held by "pause all": resuming lets them go.
  if (action === 'resumeAll') return counts.paused > 0 || (counts.waiting > 0 && counts.uploading === 0);
  return true;
}

interface ViewProps extends Omit<UploadBatchSummaryProps, 'batch'> {
  batch: UseUploadBatchResult;
  forwardedRef: ForwardedRef<HTMLElement>;
}

function BatchView({ batch, actions = ALL_ACTIONS, locale, className, forwardedRef, ...sectionProps }: ViewProps) {
  const i18n = useSmhI18n(locale);
  const { t } = i18n;
  const { counts, files, finished } = batch;

  // The live region speaks only when the batch comes to an end (adjusting state during render,
  // as React documents): never per file, and not for a batch that had ended before this mounted.
  const [spoken, setSpoken] = useState({ finished, text: '' });
  if (spoken.finished !== finished) setSpoken({ finished, text: finished ? endText(i18n, batch) : '' });

  const buttons = shownActions(batch, actions);
  const focus = useKeepFocus(buttons.join());
  const sectionRef = useMemo(() => mergeRefs(forwardedRef, focus.row), [forwardedRef, focus.row]);
  const running = counts.uploading > 0;
  const unknownTime = running && batch.etaSeconds === undefined && batch.doneBytes < batch.totalBytes;
  const stuck = counts.failed - batch.retryableFailed;

  const run = (action: UploadBatchAction) => {
    if (!enabled(action, batch)) return;
    if (action === 'retryFailed') batch.retryAllFailed();
    else if (action === 'pauseAll') batch.pauseAll();
    else if (action === 'resumeAll') batch.resumeAll();
    // Each task reports how its cancel went; the promise has nothing more to say here.
    else void batch.cancelAll().catch(() => undefined);
  };

  return (
    <section
      // Focusable by script only: where focus lands when the buttons go away (the batch ended).
      tabIndex={-1}
      aria-label={t('batch.label')}
      {...sectionProps}
      ref={sectionRef}
      className={cx('smh-batch', className)}
      data-state={barState(batch)}
      data-finished={finished ? '' : undefined}
      data-empty={files === 0 ? '' : undefined}
    >
      {files > 0 && (
        <>
          <p className="smh-batch__files">{t('batch.files', { done: counts.done, count: files })}</p>
          <UploadProgress
            value={batch.doneBytes}
            max={batch.totalBytes}
            state={barState(batch)}
            bytesPerSecond={batch.bytesPerSecond}
            etaSeconds={batch.etaSeconds}
            label={t('batch.progress')}
            announce={false}
            locale={locale}
          />
          {unknownTime && (
            <p className="smh-batch__note" data-part={batch.stalled ? 'stalled' : 'eta-unknown'}>
              {t(batch.stalled ? 'batch.stalled' : 'batch.etaUnknown')}
            </p>
          )}
          <ul className="smh-batch__counts" aria-label={t('batch.counts')}>
            {COUNT_KEYS.filter(([key]) => counts[key] > 0).map(([key, message]) => (
              <li key={key} data-state={key}>
                {t(message, { count: counts[key] })}
              </li>
            ))}
          </ul>
          {stuck > 0 && (
            <p className="smh-batch__note" data-part="not-retryable">
              {t('batch.notRetryable', { count: stuck })}
            </p>
          )}
          {buttons.length > 0 && (
            <div className="smh-batch__actions" onFocus={focus.onFocus} onBlur={focus.onBlur}>
              {buttons.map((action) => (
                <button
                  key={action}
                  type="button"
                  className="smh-button"
                  data-action={action}
                  data-variant={action === 'retryFailed' ? 'primary' : 'quiet'}
                  // aria-disabled, not disabled: a button that turns itself off keeps keyboard focus.
                  aria-disabled={enabled(action, batch) ? undefined : true}
                  onClick={() => run(action)}
                >
                  {t(`batch.${action}`)}
                </button>
              ))}
            </div>
          )}
        </>
      )}
      <PoliteAnnouncer text={spoken.text} />
    </section>
  );
}

function LiveBatch(props: Omit<ViewProps, 'batch'>) {
  return <BatchView {...props} batch={useUploadBatch()} />;
}

/**
 * Every upload of the `SmhUploadProvider` queue at a glance (or the `batch` given): one progress
 * bar over all bytes, speed and time left, counts by state, "Retry all failed", "Pause all",
 * "Resume all", "Cancel all", and a single polite announcement when the batch ends ("300 files
 * uploaded, 2 failed"). Give the rows below it `announce={false}` so they do not speak per file.
 */
export const UploadBatchSummary = forwardRef<HTMLElement, UploadBatchSummaryProps>(function UploadBatchSummary(
  { batch, ...props },
  forwardedRef,
) {
  return batch === undefined ? (
    <LiveBatch {...props} forwardedRef={forwardedRef} />
  ) : (
    <BatchView {...props} batch={batch} forwardedRef={forwardedRef} />
  );
});
