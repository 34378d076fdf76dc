import COS from 'cos-js-sdk-v5';
import { expect, inject, test } from 'vitest';

const emu = inject('emulator');
const MiB = 1024 * 1024;

async function sha256(data: BufferSource): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

test('Tencent\'s cos-js-sdk-v5 does a multipart upload to the emulator\'s COS origin and reads the object back byte-exact', async () => {
  const cos = new COS({
    SecretId: emu.cos.secretId,
    SecretKey: emu.cos.secretKey,
    Domain: emu.cos.domain,
    Protocol: 'http:',
    ChunkRetryTimes: 0,
  });
  const bytes = new Uint8Array(3 * MiB + 777);
  for (let off = 0; off < bytes.length; off += 65536) crypto.getRandomValues(bytes.subarray(off, off + 65536));
  const file = new File([bytes], 'sdk.bin', { type: 'application/octet-stream' });
  const Key = `sdk/upload-${Date.now()}.bin`;
  const { Bucket, Region } = { Bucket: emu.cos.bucket, Region: emu.cos.region };

  let slices = 0;
  const uploaded = await new Promise<COS.UploadFileResult>((resolve, reject) => {
    cos.uploadFile(
      { Bucket, Region, Key, Body: file, SliceSize: MiB, ChunkSize: MiB, onTaskReady: () => undefined, onProgress: () => (slices += 1) },
      (err, data) => (err ? reject(new Error(JSON.stringify(err))) : resolve(data)),
    );
  });
  expect(uploaded.statusCode).toBe(200);
  // A multipart object's ETag carries the part count: 3 full MiB parts and a short last one.
  expect(uploaded.ETag).toMatch(/^"[0-9a-f]{32}-4"$/);
  expect(slices).toBeGreaterThan(0);

  const got = await new Promise<COS.GetObjectResult>((resolve, reject) => {
    cos.getObject({ Bucket, Region, Key, DataType: 'arraybuffer' }, (err, data) => (err ? reject(new Error(JSON.stringify(err))) : resolve(data)));
  });
  const body = got.Body as ArrayBuffer;
  expect(body.byteLength).toBe(bytes.length);
  expect(await sha256(body)).toBe(await sha256(bytes));
});
