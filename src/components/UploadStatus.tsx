// One upload's card: where it stands (from a live task, a polled confirmKey or a status reply),
// the actions that fit, and the name-clash dialog. The model it shows is built in statusModel.ts.
import {
  forwardRef,
  useContext,
  useId,
  useMemo,
  useRef,
  type ComponentPropsWithoutRef,
  type ForwardedRef,
  type ReactNode,
} from 'react';
import type { SmhPath, UploadTaskStatus } from '../api/types';
import type { ConflictResolution, UploadTask } from '../core/types';
import { useSmhI18n } from '../i18n/I18nProvider';
import { currentQueue, SmhUploadContext } from '../react/context';
import { useUploadStatus, type UseUploadStatusOptions } from '../react/useUploadStatus';
import { useUploadSnapshot } from '../react/useUploadTask';
import { ConflictStrategyInfo } from './ConflictStrategyInfo';
import { ErrorNotice } from './ErrorNotice';
import { isGoneError } from './errorMessage';
import { FileName } from './FileName';
import { PartMap } from './PartMap';
import { cx, formatPath, mergeRefs, useHydrated } from './shared';
import { ENDED, expiryLine, SERVER_DATE_TIME, useKeepFocus, useNow } from './statusHooks';
import { StatusConflict } from './StatusConflict';
import { actionsFor, baseModel, fromSnapshot, fromStatus, samePath, type Action, type StatusModel } from './statusModel';
import type { DisplayState } from './UploadProgress';
import { UploadProgress } from './UploadProgress';

export interface UploadStatusProps extends Omit<ComponentPropsWithoutRef<'article'>, 'children'> {
  /** A live task: its snapshot is shown and the buttons call it. */
  task?: UploadTask | undefined;
  /** Polls SMH's status endpoint for this task (inside `SmhUploadProvider`, or with `queryOptions.client`). */
  confirmKey?: string | undefined;
  /** A status reply to render as is (no fetching). */
  status?: UploadTaskStatus | undefined;
  /** Options for the status query, with `confirmKey`. */
  queryOptions?: UseUploadStatusOptions | undefined;
  /** With `confirmKey`/`status`: the file's name, size and the path asked for, when the caller knows them. */
  fileName?: string | undefined;
  totalBytes?: number | undefined;
  requestedPath?: SmhPath | undefined;
  /** With `confirmKey`/`status`: the part size, when known (otherwise read from the stored parts). */
  partSize?: number | undefined;
  /** Offer "Replace" in the conflict prompt (default false). */
  allowOverwrite?: boolean | undefined;
  showParts?: boolean | undefined;
  /**
   * Explain the name-clash strategy in force (default false: most cards need not say it; turn it
   * on where people chose the strategy and want to see it applied).
   */
  showStrategy?: boolean | undefined;
  /**
   * A wrong pick (a resume refused because the file is not the one the upload started with):
   * offers "Pick again", and passes the newly picked file here to resume with.
   */
  onPickAgain?: ((file: File) => void) | undefined;
  /**
   * A wrong pick: "Dismiss" drops this failed attempt only; the stored upload is kept. Default:
   * removes the task from the `SmhUploadProvider` queue it is in.
   */
  onDismiss?: (() => void) | undefined;
  /** Show the credentials' expiry when it is this close, or past (default 600 s). */
  expiryWarningSeconds?: number | undefined;
  /**
   * The time to compare `expiration` with (ms); default `Date.now()`, read only once hydrated (the
   * server renders no expiry line, so the reader's clock cannot cause a mismatch).
   */
  now?: number | undefined;
  /**
   * Speak progress, the end and a failure to screen readers as they happen (default true). Set it
   * to false on the rows of a list under an `UploadBatchSummary`, which speaks once when the whole
   * batch ends instead of once per file. A name clash still asks.
   */
  announce?: boolean | undefined;
  locale?: string | undefined;
  /**
   * Shown before the file name, e.g. `<FilePreview file={file} alt="" />`. A slot rather than a
   * file, so the preview code is only in apps that import it.
   */
  preview?: ReactNode;
}

const NO_PROGRESS = new Set<DisplayState>(['loading', 'gone', 'error', 'pathDeleted', 'cancelled']);

/** The outer component's ref, passed on under a name React 18 does not strip. */
type WithRef = { forwardedRef?: ForwardedRef<HTMLElement> | undefined };

interface ViewProps extends Omit<UploadStatusProps, 'task' | 'confirmKey' | 'status' | 'queryOptions'>, WithRef {
  model: StatusModel;
  onAction?: ((action: Action) => void) | undefined;
  onResolve?: ((resolution: ConflictResolution) => void) | undefined;
  busy?: boolean;
  extra?: ReactNode;
  /** A wrong pick can be dismissed (there is a queue to drop it from, or `onDismiss`). */
  canDismiss?: boolean;
}

function PathRow({ label, path }: { label: string; path: readonly string[] }) {
  return (
    <div className="smh-status__path">
      <dt>{label}</dt>
      <dd>
        <bdi dir="auto">{formatPath(path)}</bdi>
      </dd>
    </div>
  );
}

function StatusView({
  model,
  onAction,
  onResolve,
  busy = false,
  extra,
  canDismiss = false,
  onPickAgain,
  onDismiss: _onDismiss,
  allowOverwrite = false,
  showParts = true,
  showStrategy = false,
  expiryWarningSeconds = 600,
  now,
  announce = true,
  locale,
  className,
  fileName: _fileName,
  totalBytes: _totalBytes,
  requestedPath: _requestedPath,
  partSize: _partSize,
  preview,
  forwardedRef,
  ...articleProps
}: ViewProps) {
  const i18n = useSmhI18n(locale);
  const { t } = i18n;
  const nameId = useId();
  const { state } = model;
  const renamed = !samePath(model.requestedPath, model.finalPath);
  const done = state === 'done' || state === 'confirmed';
  const actions = onAction ? actionsFor(model, { pickAgain: onPickAgain !== undefined, dismiss: canDismiss }) : [];
  const picker = useRef<HTMLInputElement | null>(null);
  const currentTime = useNow(now, model.expiration !== undefined && !ENDED.has(state));
  const hydrated = useHydrated();
  const focus = useKeepFocus(actions.join());
  const articleRef = useMemo(() => mergeRefs(forwardedRef, focus.row), [forwardedRef, focus.row]);
  // A cancelled upload's bar would read as finished: it shows none.
  const showProgress = !NO_PROGRESS.has(state);

  return (
    <article
      // Focusable by script only: where focus lands when the action buttons go away.
      tabIndex={-1}
      {...articleProps}
      ref={articleRef}
      className={cx('smh-status', className)}
      aria-labelledby={model.name === undefined ? undefined : nameId}
      aria-label={model.name === undefined ? t('status.label') : undefined}
      aria-busy={busy || undefined}
      data-state={state}
      data-renamed={renamed ? '' : undefined}
    >
      <div className="smh-status__header">
        {preview != null && preview !== false && <div className="smh-status__preview">{preview}</div>}
        {model.name !== undefined && (
          <p className="smh-status__name" id={nameId}>
            <FileName name={model.name} />
          </p>
        )}
        <p className="smh-status__state" data-state={state}>
          {t(model.wrongFile ? 'state.wrongFile' : `state.${state}`)}
        </p>
      </div>

      {showProgress && (
        <UploadProgress
          value={model.value}
          max={model.total}
          state={state}
          bytesPerSecond={model.bytesPerSecond}
          etaSeconds={model.etaSeconds}
          announce={announce}
          locale={locale}
        />
      )}
      {model.stored !== undefined && (
        <p className="smh-status__stored">
          {t('status.stored', { bytes: i18n.formatBytes(model.stored.bytes), count: model.stored.count })}
        </p>
      )}

      {model.retrying !== undefined && (
        <p className="smh-status__note" data-part="retrying">
          {t('status.retrying', { attempt: model.retrying.attempt, of: model.retrying.of })}
        </p>
      )}
      {model.waitingForNetwork && (
        <p className="smh-status__note" data-part="offline">
          {t('status.waitingForNetwork')}
        </p>
      )}
      {state === 'pathDeleted' && <p className="smh-status__note">{t('status.pathDeleted')}</p>}
      {state === 'gone' && <p className="smh-status__note">{t('status.gone')}</p>}
      {state === 'confirmed' && <p className="smh-status__note">{t('status.confirmedText')}</p>}
      {model.instant && (state === 'done' || state === 'confirming') && (
        <p className="smh-status__note" data-part="instant">
          {t('status.instant')}
        </p>
      )}

      {(model.requestedPath !== undefined || model.finalPath) && (
        <dl className="smh-status__paths">
          {model.requestedPath !== undefined && (renamed || !model.finalPath) && (
            <PathRow label={t('status.requested')} path={model.requestedPath} />
          )}
          {model.finalPath && (renamed || done || model.requestedPath === undefined) && (
            <PathRow label={t(done || renamed ? 'status.final' : 'status.path')} path={model.finalPath} />
          )}
        </dl>
      )}
      {renamed && <p className="smh-status__note" data-part="renamed">{t('status.renamed')}</p>}
      {done && model.replaced && !renamed && (
        <p className="smh-status__note" data-part="replaced">
          {t('status.replaced')}
        </p>
      )}

      {expiryLine(i18n, model, expiryWarningSeconds, currentTime)}
      {model.createdAt !== undefined && !done && (
        <p className="smh-status__created">
          <time dateTime={model.createdAt}>{t('status.started', { time: i18n.formatDateTime(model.createdAt, hydrated ? undefined : SERVER_DATE_TIME) })}</time>
        </p>
      )}

      {model.error !== undefined && <ErrorNotice error={model.error} i18n={i18n} live={announce} />}
      {extra}

      {showParts && model.parts !== undefined && (
        <PartMap parts={model.parts} totalParts={model.totalParts} partSize={model.partSize} locale={locale} />
      )}
      {showStrategy && model.strategy !== undefined && !done && (
        <ConflictStrategyInfo strategy={model.strategy} force={model.force} variant="current" locale={locale} />
      )}

      {actions.length > 0 && (
        <div className="smh-status__actions" onFocus={focus.onFocus} onBlur={focus.onBlur}>
          {actions.map((action) => (
            <button
              // Keyed by role, not action: Pause becoming Resume (or Retry) stays the same button, so
              // keyboard focus stays on it; Cancel keeps its own, so focus never lands on another action.
              key={action === 'cancel' || action === 'dismiss' ? 'quiet' : 'primary'}
              type="button"
              className="smh-button"
              data-action={action}
              data-variant={action === 'cancel' || action === 'dismiss' ? 'quiet' : 'primary'}
              onClick={() => (action === 'pickAgain' ? picker.current?.click() : onAction?.(action))}
            >
              {t(`action.${action}`)}
            </button>
          ))}
          {actions.includes('pickAgain') && (
            <input
              ref={picker}
              type="file"
              hidden
              tabIndex={-1}
              aria-label={t('action.pickAgain')}
              onChange={(event) => {
                const file = event.target.files?.[0];
                // So picking the same file again fires change again.
                event.target.value = '';
                if (file !== undefined) onPickAgain?.(file);
              }}
            />
          )}
        </div>
      )}

      {onResolve !== undefined && (
        <StatusConflict
          waiting={state === 'conflict'}
          fileName={model.name ?? ''}
          folder={model.requestedPath?.slice(0, -1)}
          allowOverwrite={allowOverwrite}
          onResolve={onResolve}
          locale={locale}
        />
      )}
    </article>
  );
}

function TaskStatus({ task, ...props }: Omit<UploadStatusProps, 'confirmKey' | 'status' | 'queryOptions'> & WithRef & { task: UploadTask }) {
  const snapshot = useUploadSnapshot(task) ?? task.getSnapshot();
  const scope = useContext(SmhUploadContext);
  // No queue yet means no task is in one: looking must not make it (and load the engine).
  const queue = scope === null ? undefined : currentQueue(scope);
  const inQueue = queue?.tasks().includes(task) === true;
  const dismiss = props.onDismiss ?? (inQueue ? () => queue?.remove(task.id) : undefined);
  const onAction = (action: Action) => {
    if (action === 'pause') task.pause();
    else if (action === 'resume') task.resume();
    else if (action === 'retry') task.start();
    // Drops the failed attempt only: task.cancel() would cancel the stored upload on SMH.
    else if (action === 'dismiss') dismiss?.();
    // The snapshot reports how the cancel went; the promise has nothing more to say here.
    else if (action === 'cancel') void task.cancel().catch(() => undefined);
  };
  return (
    <StatusView
      {...props}
      model={fromSnapshot(snapshot)}
      onAction={onAction}
      canDismiss={dismiss !== undefined}
      onResolve={(resolution) => task.resolveConflict(resolution)}
    />
  );
}

function PolledStatus({
  confirmKey,
  queryOptions,
  ...props
}: Omit<UploadStatusProps, 'task' | 'status'> & WithRef & { confirmKey: string }) {
  const i18n = useSmhI18n(props.locale);
  const query = useUploadStatus(confirmKey, queryOptions);
  if (query.data !== undefined) {
    // A failed refetch after a good reply: keep what is known, and say the latest check failed.
    const stale = query.error && !isGoneError(query.error) ? <ErrorNotice error={query.error} i18n={i18n} /> : null;
    const model = isGoneError(query.error) ? baseModel('gone', props) : fromStatus(query.data, props);
    return <StatusView {...props} model={model} extra={stale} busy={query.isFetching} />;
  }
  if (query.isError) {
    if (isGoneError(query.error)) return <StatusView {...props} model={baseModel('gone', props)} />;
    return (
      <StatusView
        {...props}
        model={baseModel('error', props, query.error)}
        extra={
          <div className="smh-status__actions">
            <button type="button" className="smh-button" data-action="retry" onClick={() => void query.refetch()}>
              {i18n.t('action.retry')}
            </button>
          </div>
        }
      />
    );
  }
  return <StatusView {...props} model={baseModel('loading', props)} busy />;
}

/**
 * Where one upload stands, as a card: from a live `task` (its `UploadSnapshot`), by polling a
 * `confirmKey` (`useUploadStatus`), or from a `status` reply (an `UploadTaskStatus`). Shows the state in words, progress, parts, the strategy, a renamed path, a near
 * credential expiry, the actions that fit, and the conflict prompt.
 */
export const UploadStatus = forwardRef<HTMLElement, UploadStatusProps>(function UploadStatus(
  { task, confirmKey, status, queryOptions, ...rest },
  forwardedRef,
) {
  const props = { ...rest, forwardedRef };
  if (task !== undefined) return <TaskStatus {...props} task={task} />;
  if (status !== undefined) return <StatusView {...props} model={fromStatus(status, rest)} />;
  if (confirmKey !== undefined) return <PolledStatus {...props} confirmKey={confirmKey} queryOptions={queryOptions} />;
  throw new TypeError('<UploadStatus> needs a `task`, a `confirmKey` or a `status` to show.');
});
