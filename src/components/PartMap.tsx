import {
  forwardRef,
  memo,
  useId,
  useMemo,
  useState,
  type ComponentPropsWithoutRef,
  type CSSProperties,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import type { UploadPart } from '../api/types';
import type { PartSnapshot } from '../core/types';
import { useSmhI18n } from '../i18n/I18nProvider';
import type { SmhI18n } from '../i18n/types';
import {
  countParts,
  segmentAt,
  segmentParts,
  toPartViews,
  type PartCounts,
  type PartView,
  type Segment,
  type SegmentState,
} from './partSegments';
import { clamp, cx } from './shared';

export interface PartMapProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  /** The engine's parts, or the status reply's `parts` (stored ones only). */
  parts: readonly PartSnapshot[] | readonly UploadPart[];
  /** With the status reply: how many parts the upload has, when known. */
  totalParts?: number | undefined;
  /** With the status reply: the size of a part not stored yet, when known. */
  partSize?: number | undefined;
  /** At most this many elements are drawn (default 200); beyond, parts are grouped. */
  maxSegments?: number | undefined;
  label?: string | undefined;
  locale?: string | undefined;
}

function summaryText(i18n: SmhI18n, counts: PartCounts, knownTotal: boolean): string {
  const { t } = i18n;
  const pieces = [
    knownTotal
      ? t('parts.summary', { stored: counts.stored, count: counts.total })
      : t('parts.summaryNoTotal', { count: counts.stored }),
  ];
  if (counts.sending > 0) pieces.push(t('parts.sending', { count: counts.sending }));
  if (counts.failed > 0) pieces.push(t('parts.failed', { count: counts.failed }));
  return pieces.join(t('separator'));
}

function partDetail(i18n: SmhI18n, part: PartView): string {
  const { t } = i18n;
  const pieces = [t('parts.part', { number: part.number, state: t(`parts.state.${part.state}`) })];
  if (part.size !== undefined) pieces.push(i18n.formatBytes(part.size));
  if (part.etag) pieces.push(t('parts.etag', { etag: part.etag }));
  if (part.lastModified) {
    pieces.push(t('parts.time', { time: i18n.formatDateTime(part.lastModified, { dateStyle: 'short', timeStyle: 'medium' }) }));
  }
  return pieces.join(t('comma'));
}

interface SegmentProps {
  id: string;
  /** Index of the first part in the list. */
  start: number;
  state: SegmentState;
  first: number;
  last: number;
  count: number;
  stored: number;
  sending: number;
  failed: number;
  bytes: number;
  active: boolean;
  i18n: SmhI18n;
}

// Props are primitives (and the per-locale i18n object), so an update re-renders only the
// segments whose run changed.
const PartSegment = memo(function PartSegment({
  id,
  start,
  state,
  first,
  last,
  count,
  stored,
  sending,
  failed,
  bytes,
  active,
  i18n,
}: SegmentProps) {
  const { t } = i18n;
  const what =
    state === 'mixed'
      ? summaryText(i18n, { total: count, stored, sending, failed, storedBytes: 0 }, true)
      : t(`parts.state.${state}`);
  const head =
    count === 1 ? t('parts.part', { number: first, state: what }) : t('parts.range', { from: first, to: last, state: what });
  const label = bytes > 0 ? head + t('comma') + i18n.formatBytes(bytes) : head;
  return (
    <div
      id={id}
      className="smh-partmap__segment"
      // oxlint-disable-next-line jsx-a11y/prefer-tag-over-role -- a <select> cannot draw the map
      role="option"
      aria-selected={active}
      aria-label={label}
      data-state={state}
      data-active={active ? '' : undefined}
      data-start={start}
      data-count={count}
      style={
        state === 'mixed'
          ? ({ flexGrow: count, '--smh-fill': stored / count } as CSSProperties)
          : { flexGrow: count }
      }
    />
  );
});

export const PartMap = forwardRef<HTMLDivElement, PartMapProps>(function PartMap(
  {
    parts,
    totalParts,
    partSize,
    maxSegments = 200,
    label,
    locale,
    className,
    ...rest
  },
  ref,
) {
  const i18n = useSmhI18n(locale);
  const { t } = i18n;
  const id = useId();
  const views = useMemo(() => toPartViews(parts, totalParts, partSize), [parts, totalParts, partSize]);
  const segments = useMemo(() => segmentParts(views, Math.max(1, maxSegments)), [views, maxSegments]);
  const counts = useMemo(() => countParts(views), [views]);
  const first = parts[0];
  // A status reply lists only stored parts: without totalParts, the total is not known.
  const knownTotal = first === undefined || !('PartNumber' in first) || totalParts !== undefined;

  const [focused, setFocused] = useState<number | null>(null);
  const [hovered, setHovered] = useState<number | null>(null);
  const last = views.length - 1;
  const focusIndex = focused === null ? null : clamp(focused, 0, last);
  const shownIndex = hovered ?? focusIndex;
  const shownPart = shownIndex === null ? undefined : views[clamp(shownIndex, 0, last)];
  const activeSegment = focusIndex === null || last < 0 ? -1 : segmentAt(segments, focusIndex);

  const overall =
    counts.total === 0
      ? 'empty'
      : counts.failed > 0
        ? 'failed'
        : counts.sending > 0
          ? 'sending'
          : counts.stored === counts.total && knownTotal
            ? 'complete'
            : counts.stored === 0
              ? 'pending'
              : 'partial';

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (last < 0) return;
    const current = focusIndex ?? 0;
    const segment = segments[segmentAt(segments, current)] as Segment;
    let next: number;
    switch (event.key) {
      case 'ArrowRight':
        next = current + 1;
        break;
      case 'ArrowLeft':
        next = current - 1;
        break;
      case 'ArrowDown':
      case 'PageDown':
        next = segment.end;
        break;
      case 'ArrowUp':
      case 'PageUp':
        next = current > segment.start ? segment.start : (segments[segmentAt(segments, current - 1)]?.start ?? 0);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      default:
        return;
    }
    event.preventDefault();
    setHovered(null);
    setFocused(clamp(next, 0, last));
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const target = (event.target as Element).closest<HTMLElement>('.smh-partmap__segment');
    if (!target) return;
    const start = Number(target.dataset['start']);
    const count = Number(target.dataset['count']);
    const box = target.getBoundingClientRect();
    const within = box.width > 0 ? Math.floor(((event.clientX - box.left) / box.width) * count) : 0;
    setHovered(clamp(start + clamp(within, 0, count - 1), 0, last));
  };

  return (
    <div
      {...rest}
      ref={ref}
      className={cx('smh-partmap', className)}
      data-state={overall}
      data-total={counts.total}
      data-stored={counts.stored}
    >
      <p className="smh-partmap__summary" id={`${id}-summary`}>
        {summaryText(i18n, counts, knownTotal)}
      </p>
      {last >= 0 && (
        <div
          className="smh-partmap__bar"
          // oxlint-disable-next-line jsx-a11y/prefer-tag-over-role -- a <select> cannot draw the map
          role="listbox"
          tabIndex={0}
          aria-label={label ?? t('parts.label')}
          aria-describedby={`${id}-summary ${id}-hint`}
          aria-activedescendant={activeSegment >= 0 ? `${id}-s${segments[activeSegment]?.start}` : undefined}
          onKeyDown={onKeyDown}
          onFocus={() => setFocused((index) => index ?? 0)}
          onBlur={() => setFocused(null)}
          onPointerMove={onPointerMove}
          onPointerLeave={() => setHovered(null)}
        >
          {segments.map((segment, index) => (
            <PartSegment
              key={segment.start}
              id={`${id}-s${segment.start}`}
              start={segment.start}
              state={segment.state}
              first={(views[segment.start] as PartView).number}
              last={(views[segment.end - 1] as PartView).number}
              count={segment.end - segment.start}
              stored={segment.stored}
              sending={segment.sending}
              failed={segment.failed}
              bytes={segment.bytes}
              active={index === activeSegment}
              i18n={i18n}
            />
          ))}
        </div>
      )}
      <p className="smh-partmap__detail" aria-live="polite" data-empty={shownPart ? undefined : ''}>
        {shownPart ? partDetail(i18n, shownPart) : ''}
      </p>
      <p className="smh-visually-hidden" id={`${id}-hint`}>
        {t('parts.hint')}
      </p>
    </div>
  );
});
