// The bench's Uppy baseline (bench/page/uppyGlue.ts) must really store what it sends, or its rows
// would compare us against an uploader that cuts corners: a simple and a multipart upload through
// @uppy/aws-s3 and the SMH glue, read back from the emulator byte for byte.
import { expect, inject, test } from 'vitest';
import { uppyUpload } from '../../bench/page/uppyGlue';

const emu = inject('emulator');
const MiB = 1024 * 1024;

async function sha256(data: BufferSource): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function target() {
  const r = await fetch(`${emu.url}/api/v1/token?library_id=${emu.libraryId}&library_secret=${emu.librarySecret}&grant=admin`, { method: 'POST' });
  const { accessToken } = (await r.json()) as { accessToken: string };
  return { url: emu.url, cosUrl: emu.cosUrl, libraryId: emu.libraryId, accessToken };
}

function randomFile(size: number, name: string): { file: File; bytes: Uint8Array<ArrayBuffer> } {
  const bytes = new Uint8Array(size);
  for (let off = 0; off < size; off += 65536) crypto.getRandomValues(bytes.subarray(off, Math.min(size, off + 65536)));
  return { file: new File([bytes], name, { type: 'application/octet-stream' }), bytes };
}

async function stored(name: string): Promise<ArrayBuffer> {
  const r = await fetch(`${emu.url}/__emulator/file/${encodeURIComponent(name)}`);
  expect(r.status, `${name} is stored`).toBe(200);
  return r.arrayBuffer();
}

test.each([
  { kind: 'simple', size: 300_000, multipart: false },
  { kind: 'multipart (two 5 MiB parts and a short one)', size: 10 * MiB + 4321, multipart: true },
])('Uppy with the SMH glue stores a $kind upload byte-exact and confirmed', async ({ size, multipart }) => {
  const name = `uppy-glue-${multipart ? 'mp' : 'simple'}-${Date.now()}.bin`;
  const { file, bytes } = randomFile(size, name);
  const result = await uppyUpload(await target(), [file], { shouldUseMultipart: multipart });
  expect(result).toMatchObject({ bytes: size, files: 1 });
  const body = await stored(name);
  expect(body.byteLength).toBe(size);
  expect(await sha256(body)).toBe(await sha256(bytes));
});
