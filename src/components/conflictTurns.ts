// Name clashes are answered one at a time, oldest first: a modal dialog per task would stack,
// newest on top, with no sign that more are waiting. The order is page-wide (a modal is too).
// Escape closes the line's dialog without answering (the tasks keep waiting; a card reopens it),
// and one answer can go to every clash waiting ("apply to all").
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ConflictResolution } from '../core/types';

/** One waiting clash: how to answer it, and whether Replace is allowed for it. */
class Waiter {
  /** Set when an answer was given, so leaving the line counts as answered (not as unmounted). */
  answered = false;
  constructor(
    public respond: (resolution: ConflictResolution) => void,
    public allowOverwrite: boolean,
  ) {}
  follow(respond: (resolution: ConflictResolution) => void, allowOverwrite: boolean): void {
    this.respond = respond;
    this.allowOverwrite = allowOverwrite;
  }
  wait(): void {
    this.answered = false;
  }
  answer(resolution: ConflictResolution): void {
    this.answered = true;
    this.respond(resolution);
  }
}

interface Line {
  readonly waiting: readonly Waiter[];
  /** Answered since the line last emptied, so the next reads "2 of 3", not "1 of 2". */
  readonly answered: number;
  /** The person closed the dialog (Escape): none opens until a card asks for it again. */
  readonly closed: boolean;
}

const EMPTY: Line = { waiting: [], answered: 0, closed: false };
const listeners = new Set<() => void>();
let line: Line = EMPTY;

function update(next: Line): void {
  line = next.waiting.length === 0 ? EMPTY : next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface ConflictTurn {
  /** This one's dialog may open now. */
  mine: boolean;
  /** The dialog was closed without an answer; `reopen` brings this one's back. */
  closed: boolean;
  /** 1-based place among the clashes of this run (answered ones count), 0 when not waiting. */
  position: number;
  /** How many clashes this run has had: answered plus waiting. */
  count: number;
  /** How many other clashes wait, which "apply to all" would answer too. */
  others: number;
  /**
   * Gives the person's answer to this clash and, with `all`, to every other one waiting (except a
   * Replace where that card does not allow it: those keep waiting and ask in turn).
   */
  answer(resolution: ConflictResolution, all?: boolean): void;
  /** Closes the dialog without answering (Escape). */
  dismiss(): void;
  /** Opens this one's dialog again, first in line. */
  reopen(): void;
}

/** Takes a place in the line while `waitingNow`, and says whose turn it is. */
export function useConflictTurn(
  waitingNow: boolean,
  respond: (resolution: ConflictResolution) => void,
  allowOverwrite: boolean,
): ConflictTurn {
  const [waiter] = useState(() => new Waiter(respond, allowOverwrite));
  const current = useSyncExternalStore(subscribe, () => line, () => EMPTY);
  useEffect(() => waiter.follow(respond, allowOverwrite));
  useEffect(() => {
    if (!waitingNow) return;
    waiter.wait();
    update({ ...line, waiting: [...line.waiting, waiter] });
    return () => {
      if (!line.waiting.includes(waiter)) return;
      // Only an answer counts: an unmount (or StrictMode's rehearsal of one) does not.
      update({ ...line, waiting: line.waiting.filter((w) => w !== waiter), answered: line.answered + (waiter.answered ? 1 : 0) });
    };
  }, [waiter, waitingNow]);
  const index = current.waiting.indexOf(waiter);
  return {
    mine: index === 0 && !current.closed,
    closed: index !== -1 && current.closed,
    position: index === -1 ? 0 : current.answered + index + 1,
    count: current.answered + current.waiting.length,
    others: index === -1 ? 0 : current.waiting.length - 1,
    answer(resolution, all = false) {
      const also = all
        ? line.waiting.filter((w) => w !== waiter && (resolution !== 'overwrite' || w.allowOverwrite))
        : [];
      for (const w of [waiter, ...also]) w.answer(resolution);
    },
    dismiss() {
      if (line.waiting.includes(waiter)) update({ ...line, closed: true });
    },
    reopen() {
      if (!line.waiting.includes(waiter)) return;
      update({ ...line, waiting: [waiter, ...line.waiting.filter((w) => w !== waiter)], closed: false });
    },
  };
}
