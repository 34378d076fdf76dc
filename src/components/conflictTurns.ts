// Name clashes are answered one at a time, oldest first: a modal dialog per task would stack,
// newest on top, with no sign that more are waiting. The order is page-wide (a modal is too).
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';

interface Line {
  readonly waiting: readonly object[];
  /** Answered since the line last emptied, so the next reads "2 of 3", not "1 of 2". */
  readonly answered: number;
}

const EMPTY: Line = { waiting: [], answered: 0 };
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
  /** 1-based place among the clashes of this run (answered ones count), 0 when not waiting. */
  position: number;
  /** How many clashes this run has had: answered plus waiting. */
  count: number;
  /** Call with the person's answer, so leaving the line counts as answered (not as unmounted). */
  answer(): void;
}

/** Takes a place in the line while `waitingNow`, and says whose turn it is. */
export function useConflictTurn(waitingNow: boolean): ConflictTurn {
  const [owner] = useState(() => ({}));
  const answered = useRef(false);
  const current = useSyncExternalStore(subscribe, () => line, () => EMPTY);
  useEffect(() => {
    if (!waitingNow) return;
    answered.current = false;
    update({ waiting: [...line.waiting, owner], answered: line.answered });
    return () => {
      if (!line.waiting.includes(owner)) return;
      // Only an answer counts: an unmount (or StrictMode's rehearsal of one) does not.
      update({ waiting: line.waiting.filter((o) => o !== owner), answered: line.answered + (answered.current ? 1 : 0) });
    };
  }, [owner, waitingNow]);
  const index = current.waiting.indexOf(owner);
  return {
    mine: index === 0,
    position: index === -1 ? 0 : current.answered + index + 1,
    count: current.answered + current.waiting.length,
    answer: () => {
      answered.current = true;
    },
  };
}
