import { describe, expect, it } from 'vitest';
import { initialMachine, isActive, isSettled, transition, type MachineState, type UploadEvent } from '../../src/core/transitions';
import type { UploadState } from '../../src/core/types';

const ALL: UploadState[] = [
  'idle', 'hashing', 'beginning', 'uploading', 'paused', 'renewing', 'confirming', 'conflict', 'done', 'failed', 'cancelled',
];
const RUNNING: UploadState[] = ['hashing', 'beginning', 'uploading', 'renewing', 'confirming'];
const boom = new Error('boom');
const at = (state: UploadState, previousState?: UploadState): MachineState => ({ state, previousState });

/** Which states each event is allowed from, and where it leads. */
const table: Array<[UploadEvent, UploadState[], (from: UploadState) => UploadState]> = [
  [{ type: 'START' }, ['idle', 'failed'], () => 'beginning'],
  [{ type: 'HASH' }, RUNNING.filter((s) => s !== 'hashing'), () => 'hashing'],
  [{ type: 'BEGIN' }, RUNNING.filter((s) => s !== 'beginning'), () => 'beginning'],
  [{ type: 'UPLOAD' }, RUNNING.filter((s) => s !== 'uploading'), () => 'uploading'],
  [{ type: 'RENEW' }, RUNNING.filter((s) => s !== 'renewing'), () => 'renewing'],
  [{ type: 'CONFIRM' }, RUNNING.filter((s) => s !== 'confirming'), () => 'confirming'],
  [{ type: 'PAUSE' }, RUNNING, () => 'paused'],
  [{ type: 'CONFLICT', error: boom }, ['beginning', 'confirming'], () => 'conflict'],
  [{ type: 'WAIT' }, ['failed', 'conflict'], () => 'idle'],
  [{ type: 'DONE' }, RUNNING, () => 'done'],
  [{ type: 'FAIL', error: boom }, RUNNING, () => 'failed'],
  [{ type: 'CANCEL' }, ALL.filter((s) => s !== 'done' && s !== 'cancelled'), () => 'cancelled'],
];

describe('transition', () => {
  for (const [event, allowed, to] of table) {
    for (const from of ALL) {
      const ok = allowed.includes(from);
      it(`${event.type} from ${from} ${ok ? `goes to ${to(from)}` : 'is a no-op'}`, () => {
        const current = at(from);
        const next = transition(current, event);
        expect(next.state).toBe(ok ? to(from) : from);
        // Not allowed: the very same object comes back.
        expect(next === current).toBe(!ok);
      });
    }
  }

  it('RESUME returns to the state the task was paused in', () => {
    expect(transition(at('paused', 'renewing'), { type: 'RESUME' }).state).toBe('renewing');
    expect(transition(at('paused', 'confirming'), { type: 'RESUME' }).state).toBe('confirming');
  });

  it('RESUME is a no-op unless paused', () => {
    for (const state of ALL.filter((s) => s !== 'paused')) {
      const current = at(state);
      expect(transition(current, { type: 'RESUME' })).toBe(current);
    }
  });

  it('RESOLVE goes back to where the conflict came from, and is a no-op elsewhere', () => {
    expect(transition(at('conflict', 'confirming'), { type: 'RESOLVE' }).state).toBe('confirming');
    expect(transition(at('conflict', 'beginning'), { type: 'RESOLVE' }).state).toBe('beginning');
    for (const state of ALL.filter((s) => s !== 'conflict')) {
      const current = at(state);
      expect(transition(current, { type: 'RESOLVE' })).toBe(current);
    }
  });

  it('remembers the state before pause, failure and conflict, and keeps the error', () => {
    expect(transition(at('uploading'), { type: 'PAUSE' })).toEqual({ state: 'paused', previousState: 'uploading' });
    expect(transition(at('confirming'), { type: 'FAIL', error: boom })).toEqual({
      state: 'failed',
      previousState: 'confirming',
      error: boom,
    });
    expect(transition(at('beginning'), { type: 'CONFLICT', error: boom }).error).toBe(boom);
  });

  it('clears the error when a failed task starts again', () => {
    const failed = transition(at('uploading'), { type: 'FAIL', error: boom });
    expect(transition(failed, { type: 'START' })).toEqual({ state: 'beginning' });
  });

  it('WAIT clears the error of a retried failure or an answered conflict', () => {
    expect(transition(transition(at('uploading'), { type: 'FAIL', error: boom }), { type: 'WAIT' })).toEqual({ state: 'idle' });
    expect(transition(transition(at('confirming'), { type: 'CONFLICT', error: boom }), { type: 'WAIT' })).toEqual({ state: 'idle' });
  });

  it('starts idle, and names running and settled states', () => {
    expect(initialMachine.state).toBe('idle');
    expect(ALL.filter(isActive)).toEqual(RUNNING);
    expect(ALL.filter(isSettled)).toEqual(['done', 'failed', 'cancelled']);
  });
});
