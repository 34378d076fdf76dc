// In-flight bytes under a bandwidth cap, in real Chromium against the emulator: the engine shows
// bytes as the browser reports them sent, long before COS stores the first part. A page whose
// service worker answers the part PUTs itself (msw's worker in Storybook does, for every request it
// lets through) gets no upload progress from Chromium at all: there only stored parts move the figure.
import { afterAll, afterEach, expect, inject, test } from 'vitest';
import { createSmhClient } from '../../src/api/client';
import { createUpload } from '../../src/core';
import type { UploadSnapshot } from '../../src/core/types';

const emu = inject('emulator');
const MiB = 1024 * 1024;

async function admin(route: string, body: unknown): Promise<void> {
  const response = await fetch(`${emu.url}/__emulator/${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
  await response.body?.cancel();
}

async function token(): Promise<string> {
  const query = new URLSearchParams({ library_id: emu.libraryId, library_secret: emu.librarySecret, grant: 'admin' });
  const response = await fetch(`${emu.url}/api/v1/token?${query.toString()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

interface Seen {
  /** The most bytes shown while COS stored no part yet. */
  shownBeforeFirstStored: number;
  end: UploadSnapshot;
}

/**
 * Uploads 4 MiB as four 1 MiB parts at once, the emulator capped at 2 MiB/s for all connections
 * together, so COS stores the first part about 2 s after it starts.
 */
async function uploadCapped(name: string): Promise<Seen> {
  const client = createSmhClient({ baseUrl: emu.url, libraryId: emu.libraryId, accessToken: await token() });
  const bytes = new Uint8Array(4 * MiB);
  for (let offset = 0; offset < bytes.length; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, offset + 65_536));
  await admin('faults', { bandwidthBytesPerSecond: 2 * MiB, bandwidthScope: 'total' });
  const task = createUpload({
    client,
    file: new File([bytes], `${name}.bin`),
    path: `browser/progress-${name}-${Date.now()}.bin`,
    partSize: MiB,
    concurrency: 4,
    maxConcurrency: 4,
    instantUpload: false,
    store: null,
    locks: null,
    allowInsecureHttp: true,
  });
  let shownBeforeFirstStored = 0;
  task.subscribe((snapshot) => {
    if (snapshot.storedBytes === 0) shownBeforeFirstStored = Math.max(shownBeforeFirstStored, snapshot.progressBytes);
  });
  task.start();
  const end = await task.settled;
  return { shownBeforeFirstStored, end };
}

const registrations: ServiceWorkerRegistration[] = [];
const frames: HTMLIFrameElement[] = [];
const realXhr = globalThis.XMLHttpRequest;

/**
 * Makes the engine's XHRs come from a page controlled by the fixture service worker: a frame in the
 * worker's own scope (so no other test's page is controlled), whose XMLHttpRequest the transport uses.
 */
async function underServiceWorker(answer: boolean): Promise<void> {
  const scope = `/test/fixtures/sw-${answer ? 'answers' : 'passes'}-${Date.now()}/`;
  const registration = await navigator.serviceWorker.register(`/test/fixtures/partServiceWorker.js${answer ? '?answer' : ''}`, { scope });
  registrations.push(registration);
  const worker = registration.installing ?? registration.waiting ?? registration.active;
  if (worker && worker.state !== 'activated') {
    await new Promise<void>((resolve) => {
      worker.addEventListener('statechange', () => {
        if (worker.state === 'activated') resolve();
      });
    });
  }
  const frame = document.createElement('iframe');
  frames.push(frame);
  await new Promise<void>((resolve) => {
    frame.addEventListener('load', () => resolve(), { once: true });
    frame.src = `${scope}page`;
    document.body.append(frame);
  });
  const view = frame.contentWindow as (Window & typeof globalThis) | null;
  expect(view?.navigator.serviceWorker.controller).toBeTruthy();
  globalThis.XMLHttpRequest = (view as Window & typeof globalThis).XMLHttpRequest;
}

afterEach(async () => {
  globalThis.XMLHttpRequest = realXhr;
  await admin('faults', { bandwidthBytesPerSecond: 0 });
});

afterAll(async () => {
  for (const frame of frames) frame.remove();
  await Promise.all(registrations.map((registration) => registration.unregister()));
});

test('in-flight bytes show long before COS stores the first part, under a shared bandwidth cap', async () => {
  const { shownBeforeFirstStored, end } = await uploadCapped('plain');
  expect(end.state).toBe('done');
  // At least a part's worth of bytes was shown moving while no part was stored yet.
  expect(shownBeforeFirstStored).toBeGreaterThanOrEqual(MiB);
});

test('a service worker that lets the part PUTs through keeps the in-flight bytes', async () => {
  await underServiceWorker(false);
  const { shownBeforeFirstStored, end } = await uploadCapped('sw-passes');
  expect(end.state).toBe('done');
  expect(shownBeforeFirstStored).toBeGreaterThanOrEqual(MiB);
});

test('a service worker that answers the part PUTs itself hides them: nothing moves until a part is stored', async () => {
  await underServiceWorker(true);
  const { shownBeforeFirstStored, end } = await uploadCapped('sw-answers');
  expect(end.state).toBe('done');
  expect(end.progressBytes).toBe(4 * MiB);
  expect(shownBeforeFirstStored).toBe(0);
});
