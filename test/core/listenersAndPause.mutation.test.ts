// Behaviours the mutation run showed no test pinned: a listener that re-subscribes while it is told
// (what React's useSyncExternalStore does on a re-render), and pause during a simple upload's retry wait.
import { describe, expect, it } from 'vitest';
import type { UploadSnapshot } from '../../src/core/types';
import { harness } from './support/setup';
import { MiB, cosError, makeFile } from './support/fakeSmh';

describe('task listeners', () => {
  it('tells a listener that re-subscribes itself while being told each snapshot once', async () => {
    const h = harness();
    const task = h.upload();
    const told: UploadSnapshot[] = [];
    let resubscribes = 0;
    const subscribe = () => {
      const unsubscribe = task.subscribe((snapshot) => {
        told.push(snapshot);
        // Bounded, so a store that iterates its live set fails here instead of looping for ever.
        if (resubscribes++ > 500) return;
        unsubscribe();
        subscribe();
      });
    };
    subscribe();
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(told.length).toBeGreaterThan(2);
    expect(new Set(told).size).toBe(told.length);
    expect(told.at(-1)?.state).toBe('done');
  });

  it('stops telling a listener once it unsubscribed', async () => {
    const h = harness();
    const task = h.upload();
    const told: string[] = [];
    const unsubscribe = task.subscribe((snapshot) => {
      told.push(snapshot.state);
      if (snapshot.state === 'uploading') unsubscribe();
    });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(told.at(-1)).toBe('uploading');
    expect(told).not.toContain('done');
  });
});

describe('a simple upload waiting to try its PUT again', () => {
  it('pause ends the wait at once: nothing is sent while paused, and resume finishes the upload', async () => {
    const h = harness({ latencyMs: 0 });
    let failing = true;
    h.smh.partFault = () => (failing ? cosError(503, 'ServiceUnavailable') : undefined);
    const task = h.upload({ file: makeFile(MiB), path: 'docs/small.bin' });
    task.start();
    const waiting = await h.run(task, (s) => s.retrying !== undefined);
    expect(waiting.retrying).toEqual({ attempt: 2, of: 6 });
    const sent = h.smh.attempts.length;

    task.pause();
    expect(task.getSnapshot().state).toBe('paused');
    expect(task.getSnapshot().retrying).toBeUndefined();
    expect(h.clock.pendingTimers).toBe(0);
    // The retry timer went with the wait: however long the page stays paused, no PUT goes out.
    await h.clock.advance(10 * 60_000);
    expect(h.smh.attempts).toHaveLength(sent);
    expect(task.getSnapshot().state).toBe('paused');

    failing = false;
    task.resume();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.attempts.length).toBeGreaterThan(sent);
  });
});
