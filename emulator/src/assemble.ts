import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ObjectHasher, type ObjectDigest } from './hashes.js';
import type { PartRecord, Store } from './store.js';

/** Concatenates parts into a new blob in one streaming pass, hashing as it goes. */
export async function assembleParts(
  store: Store, uploadId: string, parts: readonly PartRecord[],
): Promise<{ blobId: string; digest: ObjectDigest }> {
  const tmp = store.tmpFile();
  const hasher = new ObjectHasher();
  try {
    await pipeline(
      async function* () {
        for (const part of parts) {
          for await (const chunk of createReadStream(store.partPath(uploadId, part), { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
            hasher.update(chunk);
            yield chunk;
          }
        }
      },
      createWriteStream(tmp),
    );
    return { blobId: await store.commitBlob(tmp), digest: hasher.digest() };
  } catch (error) {
    await store.removeTmp(tmp);
    throw error;
  }
}
