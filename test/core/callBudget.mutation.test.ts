// The shared budget of requests in flight, on its own: a call whose run has stopped never starts.
import { describe, expect, it, vi } from 'vitest';
import { CallBudget } from '../../src/core/callBudget';

describe('CallBudget', () => {
  it.each([false, true])('refuses with the abort reason, and never runs, a call (urgent: %s) whose run stopped already, even with free slots', async (urgent) => {
    const budget = new CallBudget(4);
    const controller = new AbortController();
    const reason = new Error('paused');
    controller.abort(reason);
    const work = vi.fn<() => Promise<string>>(async () => 'sent');
    await expect(budget.run(urgent, controller.signal, work)).rejects.toBe(reason);
    expect(work).not.toHaveBeenCalled();
    expect(budget.inFlight).toBe(0);
  });
});
