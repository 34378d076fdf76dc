// The card's time-keeping and focus-keeping: a clock for relative wording that never breaks
// hydration, the credentials' expiry line, and focus that does not fall to <body> when the
// action buttons go away.
import { useEffect, useRef, useState, type FocusEvent, type ReactNode } from 'react';
import type { SmhI18n } from '../i18n/types';
import { useHydrated } from './shared';
import type { StatusModel } from './statusModel';
import type { DisplayState } from './UploadProgress';

/** Before hydration a date is written in UTC, named as such: the server's zone is not the reader's. */
export const SERVER_DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'long', timeZone: 'UTC' };

export const ENDED = new Set<DisplayState>(['done', 'confirmed', 'cancelled', 'failed', 'gone', 'pathDeleted', 'error', 'loading']);

/**
 * The current time for relative wording, refreshed every 15 s while `active`, so "expires in
 * 4 minutes" keeps up without a new snapshot. `override` pins it (tests, stories). Undefined on
 * the server and during hydration: the two clocks differ, so the text would not match.
 */
export function useNow(override: number | undefined, active: boolean): number | undefined {
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
export function useKeepFocus(actionsKey: string) {
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

export function expiryLine(i18n: SmhI18n, model: StatusModel, warnSeconds: number, now: number | undefined): ReactNode {
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

