import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/core/abort';
import { backoffDelay } from '../../src/core/retry';
import { FakeClock } from './support/fakeClock';

const top = () => 0.999_999;

describe('backoffDelay (full jitter)', () => {
  it('doubles the ceiling per retry from 500 ms, capped at 20 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((retry) => backoffDelay(retry, top))).toEqual([
      499, 999, 1999, 3999, 7999, 15_999, 19_999, 19_999,
    ]);
  });

  it('picks uniformly under the ceiling with the injected random', () => {
    expect([1, 2, 3].map((retry) => backoffDelay(retry, () => 0.5))).toEqual([250, 500, 1000]);
    expect(backoffDelay(3, () => 0)).toBe(0);
  });

  it('takes its own base and cap', () => {
    expect(backoffDelay(4, () => 0.5, { baseMs: 100, capMs: 300 })).toBe(150);
  });
});

describe('sleep', () => {
  it('resolves after the delay on the injected clock', async () => {
    const clock = new FakeClock();
    let done = false;
    void sleep(clock, 1000, new AbortController().signal).then(() => (done = true));
    await clock.advance(999);
    expect(done).toBe(false);
    await clock.advance(1);
    expect(done).toBe(true);
  });

  it('rejects at once with the abort reason and clears its timer', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const waiting = sleep(clock, 60_000, controller.signal);
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.pendingTimers).toBe(0);
  });
});
