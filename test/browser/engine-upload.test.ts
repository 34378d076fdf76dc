// The engine in real Chromium against the emulator: XHR part PUTs cross-origin to the COS side,
// 10 % of them failing (5xx or a dropped connection), and every credential expired midway.
import { afterEach, expect, inject, test } from 'vitest';
import { createSmhClient } from '../../src/api/client';
import { createUpload } from '../../src/core';
import type { UploadSnapshot } from '../../src/core/types';

const emu = inject('emulator');
const MiB = 1024 * 1024;

function randomBytes(size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  for (let offset = 0; offset < size; offset += 65_536) crypto.getRandomValues(out.subarray(offset, offset + 65_536));
  return out;
}

async function sha256(data: BufferSource): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function admin(route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${emu.url}/__emulator/${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok).toBe(true);
  const text = await response.text();
  return text === '' ? undefined : JSON.parse(text);
}

async function token(): Promise<string> {
  const query = new URLSearchParams({ library_id: emu.libraryId, library_secret: emu.librarySecret, grant: 'admin' });
  const response = await fetch(`${emu.url}/api/v1/token?${query.toString()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

afterEach(async () => {
  await admin('faults', { partFailureRate: 0 });
});

test('a 64 MiB upload with 10 % of part PUTs failing and credentials expired midway ends byte-exact', async () => {
  const client = createSmhClient({ baseUrl: emu.url, libraryId: emu.libraryId, accessToken: await token() });
  const data = randomBytes(64 * MiB);
  const file = new File([data], 'engine.bin', { lastModified: Date.now() });
  const path = `browser/engine-${Date.now()}.bin`;
  await admin('stats/reset', {});
  await admin('faults', { partFailureRate: 0.1, partFailureMode: 'mixed', seed: 20_260_101 });

  const task = createUpload({
    client,
    file,
    path,
    partSize: MiB,
    concurrency: 4,
    maxRetries: 8,
    crc64: true,
    store: null,
    // The emulator's COS side is plain http on 127.0.0.1.
    allowInsecureHttp: true,
  });
  let expired = false;
  let shown = 0;
  let backwards = false;
  task.subscribe((snapshot: UploadSnapshot) => {
    const progress = snapshot.progressBytes;
    if (progress < shown || progress > snapshot.totalBytes) backwards = true;
    shown = progress;
    if (!expired && snapshot.storedBytes >= 32 * MiB) {
      expired = true;
      void admin('expire-credentials', {});
    }
  });
  task.start();
  const end = await task.settled;

  expect(end.error).toBeUndefined();
  expect(end.state).toBe('done');
  expect(expired).toBe(true);
  expect(backwards).toBe(false);
  expect(end.finalPath?.join('/')).toBe(path);

  const stats = (await admin('stats')) as { requests: Record<string, number>; faultsInjected: Record<string, number> };
  expect(stats.requests['smh:renew'] ?? 0).toBeGreaterThanOrEqual(1);
  expect(Object.values(stats.faultsInjected).reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);

  const { files } = (await admin('files')) as { files: Array<{ path: string; size: number; sha256: string }> };
  const stored = files.find((entry) => entry.path.replace(/^\//, '') === path);
  expect(stored?.size).toBe(data.length);
  expect(stored?.sha256).toBe(await sha256(data));
});
