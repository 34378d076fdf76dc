// The one msw service worker of the Storybook preview, and a way for the live stories to step
// around it. Chromium reports no XHR upload progress for a request a service worker answers, and
// msw's worker relays every request it lets through, so while it runs a live upload would show
// bytes only as each part is stored.
import type { SetupWorker } from 'msw/browser';
import { statusRouter } from './statusServer';

let worker: SetupWorker | undefined;

async function start(current: SetupWorker): Promise<void> {
  // Bypass: live stories talk to the real emulator, and assets pass through untouched.
  await current.start({ quiet: true, onUnhandledRequest: 'bypass' });
}

/** Creates and starts the worker once (msw-storybook-addon's loader calls this). */
export async function startMockWorker(): Promise<SetupWorker> {
  if (worker) return worker;
  const { setupWorker } = await import('msw/browser');
  // The status router is an initial handler, so it survives the reset between stories.
  worker = setupWorker(statusRouter);
  await start(worker);
  return worker;
}

/**
 * A `beforeEach` for stories that talk to a real server: stops the worker while the story is
 * shown (a stopped worker answers nothing) and starts it again when the story is left.
 */
export function withoutMockWorker(): () => Promise<void> {
  const current = worker;
  current?.stop();
  return async () => {
    if (current) await start(current);
  };
}
