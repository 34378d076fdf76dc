// The client and engine against the emulator's reply-variance mode: SMH's replies with optional
// fields left out, header values as JSON numbers, availableDomainNum as a string, unknown fields
// and another field order. Every main flow must still work, since real SMH may answer that way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmhClient } from '../../src/api/client';
import { createFetchTransport } from '../../src/core/transport';
import type { UploadOptions } from '../../src/core/types';
import { createUpload, resumeUpload } from '../../src/core/uploadTask';
import { createMemoryResumeStore } from '../../src/core/resumeStore';
import { adminFiles, call, getToken, sha256, startTestEmulator, type TestEmulator } from '../emulator/helpers';
import { MiB, makeBytes } from './support/fakeSmh';

let kit: TestEmulator;
let token: string;
beforeAll(async () => {
  kit = await startTestEmulator({ replyVariance: true, seed: 11 });
  token = await getToken(kit.emu, 'admin');
  await client().createFolder('vary');
});
afterAll(async () => {
  await kit.cleanup();
});

const client = () => createSmhClient({ baseUrl: kit.emu.url, libraryId: kit.emu.libraryId, accessToken: token });
const base = (): Partial<UploadOptions> => ({
  transport: createFetchTransport(),
  allowInsecureHttp: true,
  instantUpload: false,
  partSize: MiB,
  simpleUploadThreshold: MiB,
  locks: null,
});

async function storedSha(path: string): Promise<string> {
  const files = await adminFiles(kit.emu);
  return files.find((file) => file.path === path)?.sha256 ?? '';
}

describe('the main flows against replies that vary as SMH may vary them', () => {
  it('the emulator really varies its replies (so the flows below are not vacuous)', async () => {
    const begin = await call(`${kit.emu.url}/api/v1/file/${kit.emu.libraryId}/-/vary/probe.bin?multipart&access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({}),
      headers: { 'content-type': 'application/json' },
    });
    const reply = begin.json as Record<string, unknown>;
    const headers = reply.headers as Record<string, unknown> | undefined;
    const varied =
      !('availableDomainNum' in reply) ||
      typeof reply.availableDomainNum === 'string' ||
      Object.values(headers ?? {}).some((value) => typeof value !== 'string') ||
      Object.keys(reply).some((key) => !['domain', 'path', 'uploadId', 'headers', 'expiration', 'confirmKey', 'availableDomainNum'].includes(key));
    expect(begin.status).toBeLessThan(300);
    expect(varied).toBe(true);
  });

  it('a multipart upload with crc64 and integrityCheck stores the exact bytes', async () => {
    const bytes = makeBytes(3 * MiB + 5, 21);
    const task = createUpload({
      client: client(), file: new Blob([bytes as Uint8Array<ArrayBuffer>]), name: 'multi.bin', path: 'vary/multi.bin',
      crc64: true, integrityCheck: true, ...base(),
    });
    task.start();
    const done = await task.settled;
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('done');
    expect(await storedSha('vary/multi.bin')).toBe(sha256(bytes));
  });

  it('a simple upload, the status of a task, a resume from it, and a folder listing all read their replies', async () => {
    const small = makeBytes(200 * 1024, 22);
    const simple = createUpload({ client: client(), file: new Blob([small as Uint8Array<ArrayBuffer>]), name: 'small.bin', path: 'vary/small.bin', ...base() });
    simple.start();
    expect((await simple.settled).state).toBe('done');

    // Begin a multipart task, pause it after one part, then resume it from SMH's status.
    const bytes = makeBytes(4 * MiB, 23);
    const store = createMemoryResumeStore();
    const first = createUpload({
      client: client(), file: new Blob([bytes as Uint8Array<ArrayBuffer>]), name: 'resumed.bin', path: 'vary/resumed.bin',
      store, concurrency: 1, ...base(),
    });
    const stored = new Promise<string>((resolve) => {
      const stop = first.subscribe((snapshot) => {
        if (snapshot.parts.some((part) => part.state === 'stored') && snapshot.confirmKey) {
          stop();
          first.pause();
          resolve(snapshot.confirmKey);
        }
      });
    });
    first.start();
    const confirmKey = await stored;
    const status = await client().getUploadStatus(confirmKey);
    expect(status.confirmed).toBe(false);
    const again = resumeUpload({ client: client(), file: new Blob([bytes as Uint8Array<ArrayBuffer>]), confirmKey, store, ...base() });
    again.start();
    const done = await again.settled;
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('done');
    expect(await storedSha('vary/resumed.bin')).toBe(sha256(bytes));

    const listed = await client().listFolder('vary');
    expect(listed.contents.map((entry) => entry.name)).toEqual(expect.arrayContaining(['multi.bin', 'resumed.bin', 'small.bin']));
  });
});
