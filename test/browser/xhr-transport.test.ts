// The XHR part transport in real Chromium against the emulator's COS side: the stall watchdog on a
// reply that never comes, and the error for a loopback upload host reached over https.
import { afterEach, expect, inject, test } from 'vitest';
import { createSmhClient } from '../../src/api/client';
import { createXhrTransport, partUrl } from '../../src/core/transport';

const emu = inject('emulator');

async function faults(body: unknown): Promise<void> {
  const response = await fetch(`${emu.url}/__emulator/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
}

async function begin() {
  const query = new URLSearchParams({ library_id: emu.libraryId, library_secret: emu.librarySecret, grant: 'admin' });
  const { accessToken } = (await (await fetch(`${emu.url}/api/v1/token?${query.toString()}`)).json()) as { accessToken: string };
  const client = createSmhClient({ baseUrl: emu.url, libraryId: emu.libraryId, accessToken });
  const result = await client.beginUpload(`xhr-transport/${crypto.randomUUID()}.bin`, { size: 2 * 1024 * 1024 });
  if (result.status !== 'created' || result.upload.uploadId === undefined) throw new Error(`unexpected begin: ${result.status}`);
  return { ...result.upload, uploadId: result.upload.uploadId };
}

afterEach(async () => {
  await faults({ latencyMs: 0 });
});

test('a part PUT whose reply does not come within stallTimeoutMs is aborted as a retryable stall', async () => {
  const info = await begin();
  // Far longer than the watchdog: the reply comes only after the stall was declared.
  await faults({ latencyMs: 20_000 });
  const error = await createXhrTransport({ stallTimeoutMs: 300 })
    .send({
      url: partUrl(info, 1, true),
      method: 'PUT',
      headers: info.headers,
      body: new Blob([new Uint8Array(1024 * 1024)]),
      signal: new AbortController().signal,
    })
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'SmhNetworkError', kind: 'stalled' });
});

test('a loopback upload host reached over https (allowInsecureHttp off) says so, not "could not be reached"', async () => {
  const info = await begin();
  const error = await createXhrTransport()
    .send({
      url: partUrl(info, 1, false),
      method: 'PUT',
      headers: info.headers,
      body: new Blob([new Uint8Array(16)]),
      signal: new AbortController().signal,
    })
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'SmhNetworkError', kind: 'insecureUpgrade' });
  expect((error as Error).message).toContain('allowInsecureHttp: true');
});
