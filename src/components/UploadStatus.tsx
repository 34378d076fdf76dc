import { useEffect, useId, useMemo, useRef, useState, type ComponentPropsWithRef, type FocusEvent, type ReactNode } from 'react';
import type { ConflictResolutionStrategy, SmhPath, UploadPart, UploadTaskStatus } from '../api/types';
import type { PartSnapshot, UploadSnapshot, UploadTask } from '../core/types';
import { useSmhI18n } from '../i18n/I18nProvider';
import type { SmhI18n } from '../i18n/types';
import { useUploadStatus, type UseUploadStatusOptions } from '../react/useUploadStatus';
import { useUploadTask } from '../react/useUploadTask';
import { ConflictPrompt } from './ConflictPrompt';
import { useConflictTurn } from './conflictTurns';
import { ConflictStrategyInfo } from './ConflictStrategyInfo';
import { ErrorNotice } from './ErrorNotice';
import { canRetry, isGoneError } from './errorMessage';
import { PartMap } from './PartMap';
import { cx, formatPath, mergeRefs, pathSegments, useHydrated } from './shared';
import { UploadProgress, type DisplayState } from './UploadProgress';

export interface UploadStatusProps extends Omit<ComponentPropsWithRef<'article'>, 'children'> {
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
  showStrategy?: boolean | undefined;
  /** Show the credentials' expiry when it is this close, or past (default 600 s). */
  expiryWarningSeconds?: number | undefined;
  /**
   * The time to compare `expiration` with (ms); default `Date.now()`, read only once hydrated (the
   * server renders no expiry line, so the reader's clock cannot cause a mismatch).
   */
  now?: number | undefined;
  locale?: string | undefined;
}

/** Everything the view shows, whichever source it came from. */
interface StatusModel {
  state: DisplayState;
  name: string | undefined;
  requestedPath: readonly string[] | undefined;
  finalPath?: readonly string[] | null | undefined;
  strategy?: ConflictResolutionStrategy | undefined;
  force?: boolean | undefined;
  value: number;
  total?: number | undefined;
  bytesPerSecond?: number | undefined;
  etaSeconds?: number | undefined;
  parts?: readonly PartSnapshot[] | readonly UploadPart[] | undefined;
  totalParts?: number | undefined;
  partSize?: number | undefined;
  /** With only a status reply: what is stored, without a total. */
  stored?: { bytes: number; count: number } | undefined;
  expiration?: string | undefined;
  createdAt?: string | undefined;
  /** Waiting to try an SMH call again (429, 5xx, the network). */
  retrying?: { attempt: number; of: number } | undefined;
  /** The person chose to replace the file of the same name. */
  replaced?: boolean | undefined;
  /** One request (a simple upload): pausing throws its bytes away, so no Pause is offered. */
  single?: boolean | undefined;
  error: unknown;
}

type Action = 'pause' | 'resume' | 'cancel' | 'retry';

const ACTIONS: Partial<Record<DisplayState, readonly Action[]>> = {
  idle: ['cancel'],
  hashing: ['cancel'],
  beginning: ['cancel'],
  uploading: ['pause', 'cancel'],
  renewing: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  failed: ['retry', 'cancel'],
};

/** Before hydration a date is written in UTC, named as such: the server's zone is not the reader's. */
const SERVER_DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'long', timeZone: 'UTC' };

const NO_PROGRESS = new Set<DisplayState>(['loading', 'gone', 'error', 'pathDeleted', 'cancelled']);

const ENDED = new Set<DisplayState>(['done', 'confirmed', 'cancelled', 'failed', 'gone', 'pathDeleted', 'error', 'loading']);

/** The actions that fit: no Pause for a single request, no Retry that can only fail again. */
function actionsFor(model: StatusModel): readonly Action[] {
  const actions = ACTIONS[model.state] ?? [];
  return actions.filter(
    (action) => !(action === 'pause' && model.single) && !(action === 'retry' && !canRetry(model.error)),
  );
}

function segmentsOf(path: SmhPath | undefined): readonly string[] | undefined {
  if (path === undefined) return undefined;
  return pathSegments(path);
}

/** A model with nothing known yet; the builders below fill in what their source tells. */
function baseModel(
  state: DisplayState,
  props: Pick<UploadStatusProps, 'fileName' | 'requestedPath'>,
  error?: unknown,
): StatusModel {
  const requestedPath = segmentsOf(props.requestedPath);
  // Fields left out are undefined: nothing is known of them yet.
  return { state, name: props.fileName ?? requestedPath?.[requestedPath.length - 1], requestedPath, value: 0, error };
}

function fromSnapshot(snapshot: UploadSnapshot): StatusModel {
  const hashing = snapshot.state === 'hashing';
  // Speed and time left mean something only while bytes move.
  const moving = snapshot.state === 'uploading' || snapshot.state === 'renewing';
  return {
    ...baseModel(snapshot.state, {}),
    state: snapshot.state,
    name: snapshot.fileName,
    requestedPath: snapshot.requestedPath,
    finalPath: snapshot.finalPath ?? snapshot.result?.path,
    strategy: snapshot.conflictResolutionStrategy,
    // progressBytes is the engine's high-water mark: a retried part's dropped in-flight bytes
    // must not move the bar backwards (DESIGN.md "Progress never goes backwards").
    value: hashing
      ? (snapshot.hashedBytes ?? 0)
      : (snapshot.progressBytes ?? snapshot.confirmedBytes + snapshot.inflightBytes),
    total: snapshot.totalBytes > 0 ? snapshot.totalBytes : undefined,
    bytesPerSecond: moving ? snapshot.bytesPerSecond : undefined,
    etaSeconds: moving ? snapshot.etaSeconds : undefined,
    parts: snapshot.parts.length > 1 ? snapshot.parts : undefined,
    expiration: snapshot.expiration,
    single: snapshot.mode === 'simple',
    replaced: snapshot.conflictResolution === 'overwrite',
    retrying: snapshot.retrying,
    // A conflict's 409 is explained by the prompt, not as an error.
    error: snapshot.state === 'conflict' ? undefined : snapshot.error,
  };
}

function fromStatus(
  status: UploadTaskStatus,
  known: Pick<UploadStatusProps, 'fileName' | 'totalBytes' | 'requestedPath' | 'partSize'>,
): StatusModel {
  const parts = status.parts ?? [];
  let bytes = 0;
  let largest = 0;
  let highest = 0;
  for (const part of parts) {
    bytes += part.Size;
    largest = Math.max(largest, part.Size);
    highest = Math.max(highest, part.PartNumber);
  }
  const total = known.totalBytes !== undefined && known.totalBytes > 0 ? known.totalBytes : undefined;
  // INFERRED: every part but the last has the plan's size, so the largest stored part is it
  // (unless only the last part is stored, which the bound check below catches).
  const partSize = known.partSize ?? (largest > 0 ? largest : undefined);
  const planned = total !== undefined && partSize !== undefined ? Math.ceil(total / partSize) : undefined;
  const totalParts = planned !== undefined && planned >= highest && planned <= 10_000 ? planned : undefined;
  const state: DisplayState = status.confirmed ? 'confirmed' : status.path === null ? 'pathDeleted' : 'active';
  const path = status.path;
  const base = baseModel(state, known);
  return {
    ...base,
    name: base.name ?? path?.[path.length - 1],
    finalPath: path,
    strategy: status.conflictResolutionStrategy,
    force: status.force,
    value: status.confirmed && total !== undefined ? total : bytes,
    total,
    parts: parts.length > 0 && !status.confirmed ? parts : undefined,
    totalParts,
    partSize,
    stored: total === undefined && parts.length > 0 ? { bytes, count: parts.length } : undefined,
    expiration: status.confirmed ? undefined : status.uploadPartInfo?.expiration,
    createdAt: status.creationTime,
  };
}

function samePath(a: readonly string[] | undefined, b: readonly string[] | null | undefined): boolean {
  return a === undefined || b == null || a.join('/') === b.join('/');
}

interface ViewProps extends Omit<UploadStatusProps, 'task' | 'confirmKey' | 'status' | 'queryOptions'> {
  model: StatusModel;
  onAction?: ((action: Action) => void) | undefined;
  onResolve?: ((resolution: 'rename' | 'overwrite' | 'cancel') => void) | undefined;
  busy?: boolean;
  extra?: ReactNode;
}

function PathRow({ label, path }: { label: string; path: readonly string[] }) {
  return (
    <div className="smh-status__path">
      <dt>{label}</dt>
      <dd>
        <bdi>{formatPath(path)}</bdi>
      </dd>
    </div>
  );
}

/**
 * The current time for relative wording, refreshed every 15 s while `active`, so "expires in
 * 4 minutes" keeps up without a new snapshot. `override` pins it (tests, stories). Undefined on
 * the server and during hydration: the two clocks differ, so the text would not match.
 */
function useNow(override: number | undefined, active: boolean): number | undefined {
  const hydrated = useHydrated();
  const [now, setNow] = useState(() => override ?? Date.now());
  useEffect(() => {
    if (override !== undefined || !active) return;
    const tick = () => setNow(Date.now());
    // First tick right after commit: the mount-time value may be old by now.
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 15_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [override, active]);
  return override ?? (hydrated ? now : undefined);
}

/**
 * When the button that had focus goes away (the upload ended, so no action is left), focus moves
 * to the row instead of falling to <body>, where a keyboard user would have to start over.
 */
function useKeepFocus(actionsKey: string) {
  const row = useRef<HTMLElement | null>(null);
  const inActions = useRef(false);
  const shown = useRef(actionsKey);
  useEffect(() => {
    if (shown.current === actionsKey) return;
    shown.current = actionsKey;
    if (!inActions.current) return;
    const active = document.activeElement;
    if (active === null || active === document.body) {
      inActions.current = false;
      row.current?.focus();
    }
  }, [actionsKey]);
  return {
    row,
    onFocus: () => {
      inActions.current = true;
    },
    // Focus moved on to something else (not lost because the button went away).
    onBlur: (event: FocusEvent) => {
      if (event.relatedTarget !== null) inActions.current = false;
    },
  };
}

function expiryLine(i18n: SmhI18n, model: StatusModel, warnSeconds: number, now: number | undefined): ReactNode {
  if (now === undefined || model.expiration === undefined || ENDED.has(model.state)) return null;
  const at = Date.parse(model.expiration);
  if (!Number.isFinite(at) || at - now > warnSeconds * 1000) return null;
  const time = i18n.formatRelativeTime(at, now);
  const expired = at <= now;
  return (
    <p className="smh-status__expiry" data-expired={expired ? '' : undefined}>
      <time dateTime={model.expiration}>{i18n.t(expired ? 'status.expired' : 'status.expires', { time })}</time>
    </p>
  );
}

function StatusView({
  model,
  onAction,
  onResolve,
  busy = false,
  extra,
  allowOverwrite = false,
  showParts = true,
  showStrategy = true,
  expiryWarningSeconds = 600,
  now,
  locale,
  className,
  fileName: _fileName,
  totalBytes: _totalBytes,
  requestedPath: _requestedPath,
  partSize: _partSize,
  ...rest
}: ViewProps) {
  const i18n = useSmhI18n(locale);
  const { t } = i18n;
  const nameId = useId();
  const { state } = model;
  const renamed = !samePath(model.requestedPath, model.finalPath);
  const done = state === 'done' || state === 'confirmed';
  const actions = onAction ? actionsFor(model) : [];
  const currentTime = useNow(now, model.expiration !== undefined && !ENDED.has(state));
  const hydrated = useHydrated();
  const asking = state === 'conflict' && onResolve !== undefined;
  const turn = useConflictTurn(asking);
  const focus = useKeepFocus(actions.join());
  const { ref, ...articleProps } = rest;
  const articleRef = useMemo(() => mergeRefs(ref, focus.row), [ref, focus.row]);
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
        {model.name !== undefined && (
          <p className="smh-status__name" id={nameId}>
            <bdi>{model.name}</bdi>
          </p>
        )}
        <p className="smh-status__state" data-state={state}>
          {t(`state.${state}`)}
        </p>
      </div>

      {showProgress && (
        <UploadProgress
          value={model.value}
          max={model.total}
          state={state}
          bytesPerSecond={model.bytesPerSecond}
          etaSeconds={model.etaSeconds}
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
      {state === 'pathDeleted' && <p className="smh-status__note">{t('status.pathDeleted')}</p>}
      {state === 'gone' && <p className="smh-status__note">{t('status.gone')}</p>}
      {state === 'confirmed' && <p className="smh-status__note">{t('status.confirmedText')}</p>}

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

      {model.error !== undefined && <ErrorNotice error={model.error} i18n={i18n} />}
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
              key={action === 'cancel' ? 'cancel' : 'primary'}
              type="button"
              className="smh-button"
              data-action={action}
              data-variant={action === 'cancel' ? 'quiet' : 'primary'}
              onClick={() => onAction?.(action)}
            >
              {t(`action.${action}`)}
            </button>
          ))}
        </div>
      )}

      {asking && !turn.mine && <p className="smh-status__note">{t('prompt.waiting')}</p>}
      {asking && onResolve && (
        <ConflictPrompt
          open={turn.mine}
          fileName={model.name ?? ''}
          folder={model.requestedPath?.slice(0, -1)}
          allowOverwrite={allowOverwrite}
          onResolve={(resolution) => {
            turn.answer();
            onResolve(resolution);
          }}
          position={turn.count > 1 ? { index: turn.position, count: turn.count } : undefined}
          locale={locale}
        />
      )}
    </article>
  );
}

function TaskStatus({ task, ...props }: Omit<UploadStatusProps, 'confirmKey' | 'status' | 'queryOptions'> & { task: UploadTask }) {
  const snapshot = useUploadTask(task) ?? task.getSnapshot();
  const onAction = (action: Action) => {
    if (action === 'pause') task.pause();
    else if (action === 'resume') task.resume();
    else if (action === 'retry') task.start();
    // The snapshot reports how the cancel went; the promise has nothing more to say here.
    else void task.cancel().catch(() => undefined);
  };
  return (
    <StatusView
      {...props}
      model={fromSnapshot(snapshot)}
      onAction={onAction}
      onResolve={(resolution) => task.resolveConflict(resolution)}
    />
  );
}

function PolledStatus({
  confirmKey,
  queryOptions,
  ...props
}: Omit<UploadStatusProps, 'task' | 'status'> & { confirmKey: string }) {
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
 * Where one upload stands: from a live `task`, by polling a `confirmKey`, or from a `status`
 * reply. Shows the state in words, progress, parts, the strategy, a renamed path, a near
 * credential expiry, the actions that fit, and the conflict prompt.
 */
export function UploadStatus({ task, confirmKey, status, queryOptions, ...props }: UploadStatusProps) {
  if (task !== undefined) return <TaskStatus {...props} task={task} />;
  if (status !== undefined) return <StatusView {...props} model={fromStatus(status, props)} />;
  if (confirmKey !== undefined) return <PolledStatus {...props} confirmKey={confirmKey} queryOptions={queryOptions} />;
  throw new TypeError('<UploadStatus> needs a `task`, a `confirmKey` or a `status` to show.');
}
