import { afterEach, describe, expect, it, vi } from 'vitest';
import { yieldToMain } from '../../src/core/yieldToMain';

/** Whether `promise` settles only after the microtasks queued with it (a later task, not a microtask). */
async function settlesAfterMicrotasks(promise: Promise<void>): Promise<boolean> {
  const state = { settled: false };
  void promise.then(() => {
    state.settled = true;
  });
  for (let i = 0; i < 100; i += 1) await Promise.resolve();
  const early = state.settled;
  await promise;
  return !early;
}

describe('yieldToMain', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('uses scheduler.yield() where the browser has it', async () => {
    const yieldFn = vi.fn<() => Promise<void>>(() => Promise.resolve());
    vi.stubGlobal('scheduler', { yield: yieldFn });
    await yieldToMain();
    expect(yieldFn).toHaveBeenCalledTimes(1);
  });

  it('otherwise resumes in a later task through a MessageChannel, even under fake timers', async () => {
    vi.stubGlobal('scheduler', undefined);
    vi.useFakeTimers();
    try {
      expect(await settlesAfterMicrotasks(yieldToMain())).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('falls back to a timer where there is no MessageChannel', async () => {
    vi.stubGlobal('scheduler', undefined);
    vi.stubGlobal('MessageChannel', undefined);
    expect(await settlesAfterMicrotasks(yieldToMain())).toBe(true);
  });
});
