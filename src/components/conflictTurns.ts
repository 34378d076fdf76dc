// Name clashes are answered one at a time, oldest first: a modal dialog per task would stack,
// newest on top, with no sign that more are waiting. The order is page-wide (a modal is too).
import { useEffect, useState, useSyncExternalStore } from 'react';

const waiting: object[] = [];
const listeners = new Set<() => void>();
const NONE: readonly object[] = [];
let current: readonly object[] = NONE;

function changed(): void {
  current = waiting.slice();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface ConflictTurn {
  /** This one's dialog may open now. */
  mine: boolean;
  /** 1-based place in the line, 0 when not waiting. */
  position: number;
  /** How many clashes wait for an answer. */
  count: number;
}

/** Takes a place in the line while `waitingNow`, and says whose turn it is. */
export function useConflictTurn(waitingNow: boolean): ConflictTurn {
  const [owner] = useState(() => ({}));
  const line = useSyncExternalStore(subscribe, () => current, () => NONE);
  useEffect(() => {
    if (!waitingNow) return;
    waiting.push(owner);
    changed();
    return () => {
      const index = waiting.indexOf(owner);
      if (index !== -1) waiting.splice(index, 1);
      changed();
    };
  }, [owner, waitingNow]);
  const index = line.indexOf(owner);
  return { mine: index === 0, position: index + 1, count: line.length };
}
