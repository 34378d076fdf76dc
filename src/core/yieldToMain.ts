// Yielding to the event loop between pieces of long main-thread work (hashing a part), so input,
// rendering and network callbacks run in between and no task grows past a few milliseconds.
// `scheduler.yield()` (Chromium 129+, Firefox 142+) resumes ahead of other queued tasks; elsewhere a
// MessageChannel hop, which, unlike `setTimeout(0)`, is not clamped to 4 ms after a few nestings
// and is not frozen by test fake timers.

/** Resolves in a later task, after the browser has had the chance to handle what is waiting. */
export type YieldToMain = () => Promise<void>;

interface Scheduler {
  yield?: () => Promise<void>;
}

export const yieldToMain: YieldToMain = () => {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const { port1, port2 } = new MessageChannel();
      port1.addEventListener(
        'message',
        () => {
          port1.close();
          resolve();
        },
        { once: true },
      );
      port1.start();
      port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
};
