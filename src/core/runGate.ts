// Who decides when a task may run. A queue puts its tasks behind itself, so start(), resume() and
// resolveConflict() called on a task directly (a Retry button, a conflict prompt) cannot run more
// tasks at once than the queue allows. A task behind no gate runs when asked.
import type { UploadTask } from './types';

export interface RunGate {
  /**
   * Asked when the task wants to leave a waiting state. True: it runs now (a slot is taken).
   * False: it waits, and the gate runs it later by calling `start()` or `resume()` again.
   */
  admit(task: UploadTask): boolean;
}

const gates = new WeakMap<UploadTask, RunGate>();

export function runGateOf(task: UploadTask): RunGate | undefined {
  return gates.get(task);
}

/** Puts `task` behind `gate`; undefined lifts it. */
export function setRunGate(task: UploadTask, gate: RunGate | undefined): void {
  if (gate === undefined) gates.delete(task);
  else gates.set(task, gate);
}
