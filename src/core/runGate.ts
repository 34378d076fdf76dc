// Who decides when a task may run. A queue puts its tasks behind itself, so start(), resume() and
// resolveConflict() called on a task directly (a Retry button, a conflict prompt) cannot run more
// tasks at once than the queue allows. A task behind no gate runs when asked. The gate also holds
// the queue's budgets of requests in flight, per host: SMH calls (begin, confirm) and COS PUTs.
import type { UploadTask } from './types';

/** Which host a request goes to: each has its own budget (browsers limit connections per host). */
export type RequestHost = 'smh' | 'cos';

export interface RunGate {
  /**
   * Asked when the task wants to leave a waiting state. True: it runs now (a slot is taken).
   * False: it waits, and the gate runs it later by calling `start()` or `resume()` again.
   */
  admit(task: UploadTask): boolean;
  /**
   * Runs one request of the task within the gate's budget for `host`; `urgent` ones (a confirm, a
   * small file's PUT) go first.
   */
  call<T>(host: RequestHost, urgent: boolean, signal: AbortSignal, work: () => Promise<T>): Promise<T>;
}

const gates = new WeakMap<UploadTask, RunGate>();
const small = new WeakSet<UploadTask>();

export function runGateOf(task: UploadTask): RunGate | undefined {
  return gates.get(task);
}

/** Puts `task` behind `gate`; undefined lifts it. */
export function setRunGate(task: UploadTask, gate: RunGate | undefined): void {
  if (gate === undefined) gates.delete(task);
  else gates.set(task, gate);
}

/** The engine marks a task that sends its file in one PUT, so a queue can run it in its small-file lane. */
export function markSmallFile(task: UploadTask): void {
  small.add(task);
}

/** Whether the task goes in a queue's small-file lane (tasks made elsewhere count as large). */
export function isSmallFile(task: UploadTask): boolean {
  return small.has(task);
}
