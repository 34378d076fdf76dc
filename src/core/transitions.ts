// The upload state machine as pure functions (reducer style). The engine feeds events in and
// does its effects around them; an event that is not allowed in the current state returns the
// same object, so callers detect "illegal, nothing changed" by identity and do nothing.
import type { UploadState } from './types';

export interface MachineState {
  readonly state: UploadState;
  /** The state before `paused`, `failed` or `conflict` (where to go back to). */
  readonly previousState?: UploadState | undefined;
  readonly error?: Error | undefined;
}

/** A step of the work itself; allowed only while the task is running. */
export type PhaseEvent =
  | { type: 'HASH' }
  | { type: 'BEGIN' }
  | { type: 'UPLOAD' }
  | { type: 'RENEW' }
  | { type: 'CONFIRM' };

export type UploadEvent =
  | PhaseEvent
  | { type: 'START' }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'CONFLICT'; error: Error }
  | { type: 'RESOLVE' }
  | { type: 'WAIT' }
  | { type: 'DONE' }
  | { type: 'FAIL'; error: Error }
  | { type: 'CANCEL' };

const PHASE_STATE: Record<PhaseEvent['type'], UploadState> = {
  HASH: 'hashing',
  BEGIN: 'beginning',
  UPLOAD: 'uploading',
  RENEW: 'renewing',
  CONFIRM: 'confirming',
};

const ACTIVE: ReadonlySet<UploadState> = new Set<UploadState>([
  'hashing',
  'beginning',
  'uploading',
  'renewing',
  'confirming',
]);

/** Work is under way (a request, a hash or a wait may be pending). */
export function isActive(state: UploadState): boolean {
  return ACTIVE.has(state);
}

/** Nothing more will happen without a call (`failed` can still be started again). */
export function isSettled(state: UploadState): boolean {
  return state === 'done' || state === 'failed' || state === 'cancelled';
}

export const initialMachine: MachineState = { state: 'idle' };

/**
 * The next machine state for `event`, or `current` itself when the event is not allowed:
 * - START: `idle` or `failed` → `beginning` (after a failure the task picks up from what is stored).
 * - HASH / BEGIN / UPLOAD / RENEW / CONFIRM: any running state → that phase.
 * - PAUSE: a running state → `paused` (remembering it). RESUME: `paused` → the remembered state.
 * - CONFLICT: `beginning` or `confirming` → `conflict`. RESOLVE: `conflict` → the state it came from.
 * - WAIT: `failed` or `conflict` → `idle`: retried or answered, it waits for a queue slot.
 * - DONE: a running state → `done`. FAIL: a running state → `failed`.
 * - CANCEL: anything but `done` and `cancelled` → `cancelled`.
 */
export function transition(current: MachineState, event: UploadEvent): MachineState {
  const { state } = current;
  switch (event.type) {
    case 'START':
      return state === 'idle' || state === 'failed' ? { state: 'beginning' } : current;
    case 'HASH':
    case 'BEGIN':
    case 'UPLOAD':
    case 'RENEW':
    case 'CONFIRM': {
      const next = PHASE_STATE[event.type];
      return isActive(state) && state !== next ? { state: next } : current;
    }
    case 'PAUSE':
      return isActive(state) ? { state: 'paused', previousState: state } : current;
    case 'RESUME':
      return state === 'paused' ? { state: current.previousState ?? 'uploading' } : current;
    case 'CONFLICT':
      return state === 'beginning' || state === 'confirming'
        ? { state: 'conflict', previousState: state, error: event.error }
        : current;
    case 'RESOLVE':
      return state === 'conflict' ? { state: current.previousState ?? 'beginning' } : current;
    case 'WAIT':
      return state === 'failed' || state === 'conflict' ? { state: 'idle' } : current;
    case 'DONE':
      return isActive(state) ? { state: 'done' } : current;
    case 'FAIL':
      return isActive(state) ? { state: 'failed', previousState: state, error: event.error } : current;
    case 'CANCEL':
      return state === 'done' || state === 'cancelled'
        ? current
        : { state: 'cancelled', previousState: state };
  }
}
