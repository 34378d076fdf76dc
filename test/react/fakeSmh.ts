// An in-memory SMH + COS for hook tests that run the real engine: a fake SmhClient and a fake
// PartTransport sharing one set of tasks. Part PUTs can be held until the test releases them.
import { SmhApiError } from '../../src/api/errors';
import type { SmhClient, SmhPath, UploadInfo, UploadPart } from '../../src/api/types';
import type { PartRequest, PartResponse, PartTransport, ResumeRecord, ResumeStore } from '../../src/core/types';
import { fakeETag, makeConfirmedFile, makeUploadInfo, makeUploadTaskStatus } from '../fixtures/smh';

interface FakeTask {
  path: string[];
  multipart: boolean;
  parts: Map<number, UploadPart>;
  confirmed: boolean;
}

const toSegments = (path: SmhPath) => (typeof path === 'string' ? path.split('/').filter(Boolean) : [...path]);

function notFound(confirmKey: string) {
  return new SmhApiError(`SMH returned 404 ConfirmKeyNotFound for ${confirmKey}`, {
    status: 404,
    code: 'ConfirmKeyNotFound',
  });
}

function abortError(): DOMException {
  return new DOMException('The part upload was aborted.', 'AbortError');
}

function uploadInfo(confirmKey: string, multipart: boolean): UploadInfo {
  const { uploadId, ...info } = makeUploadInfo({
    confirmKey,
    path: `/smhtest/${confirmKey}`,
    expiration: new Date(Date.now() + 3_600_000).toISOString(),
  });
  return multipart ? { ...info, uploadId: `${uploadId}-${confirmKey}` } : info;
}

export function createFakeSmh(options: { holdParts?: boolean } = {}) {
  const tasks = new Map<string, FakeTask>();
  let sequence = 0;
  let hold = options.holdParts ?? false;
  const held = new Set<() => void>();
  const calls = {
    begin: [] as string[][],
    status: [] as string[],
    confirm: [] as string[],
    cancel: [] as string[],
    puts: [] as { confirmKey: string; partNumber: number | undefined; size: number }[],
  };

  const begin = (multipart: boolean) => async (path: SmhPath) => {
    const confirmKey = `ck-${++sequence}`;
    const segments = toSegments(path);
    tasks.set(confirmKey, { path: segments, multipart, parts: new Map(), confirmed: false });
    calls.begin.push(segments);
    return { status: 'created' as const, upload: uploadInfo(confirmKey, multipart) };
  };

  const task = (confirmKey: string) => {
    const found = tasks.get(confirmKey);
    if (found === undefined) throw notFound(confirmKey);
    return found;
  };

  const client: SmhClient = {
    baseUrl: 'https://lib.smh.test',
    libraryId: 'smhtest',
    spaceId: '-',
    beginUpload: begin(true),
    beginSimpleUpload: begin(false),
    async renewUpload(confirmKey) {
      return uploadInfo(confirmKey, task(confirmKey).multipart);
    },
    async getUploadStatus(confirmKey) {
      calls.status.push(confirmKey);
      const t = task(confirmKey);
      const info = uploadInfo(confirmKey, true);
      return makeUploadTaskStatus({
        confirmed: t.confirmed,
        path: t.path,
        uploadId: info.uploadId,
        parts: [...t.parts.values()].toSorted((a, b) => a.PartNumber - b.PartNumber),
        uploadPartInfo: {
          domain: info.domain,
          path: info.path,
          uploadId: info.uploadId!,
          headers: info.headers,
          expiration: info.expiration,
        },
      });
    },
    async confirmUpload(confirmKey) {
      calls.confirm.push(confirmKey);
      const t = task(confirmKey);
      t.confirmed = true;
      const size = [...t.parts.values()].reduce((sum, p) => sum + p.Size, 0);
      return makeConfirmedFile({ path: t.path, name: t.path.at(-1)!, size: String(size) });
    },
    async cancelUpload(confirmKey) {
      calls.cancel.push(confirmKey);
      task(confirmKey);
      tasks.delete(confirmKey);
    },
    serverTimeOffset: () => 0,
  };

  const transport: PartTransport = {
    async send(request: PartRequest): Promise<PartResponse> {
      const url = new URL(request.url);
      const confirmKey = url.pathname.split('/').at(-1)!;
      const partParam = url.searchParams.get('partNumber');
      const partNumber = partParam === null ? undefined : Number(partParam);
      if (hold) {
        await new Promise<void>((resolve, reject) => {
          const release = () => {
            held.delete(release);
            resolve();
          };
          held.add(release);
          request.signal.addEventListener('abort', () => {
            held.delete(release);
            reject(abortError());
          });
        });
      }
      if (request.signal.aborted) throw abortError();
      const t = tasks.get(confirmKey);
      const number = partNumber ?? 1;
      const etag = fakeETag(number);
      calls.puts.push({ confirmKey, partNumber, size: request.body.size });
      request.onProgress?.(request.body.size);
      t?.parts.set(number, {
        PartNumber: number,
        LastModified: new Date().toISOString(),
        ETag: etag,
        Size: request.body.size,
      });
      return { status: 200, etag, date: Date.now() };
    },
  };

  return {
    client,
    transport,
    calls,
    tasks,
    /** A multipart task that already exists on SMH with some parts stored (`sizes[i]` is part i+1). */
    seedTask(confirmKey: string, path: string[], storedSizes: number[]) {
      const parts = new Map<number, UploadPart>(
        storedSizes.map((size, i) => [
          i + 1,
          { PartNumber: i + 1, LastModified: new Date().toISOString(), ETag: fakeETag(i + 1), Size: size },
        ]),
      );
      tasks.set(confirmKey, { path, multipart: true, parts, confirmed: false });
    },
    /** Holds every later part PUT until releaseParts(). */
    holdParts() {
      hold = true;
    },
    /** Lets every held part PUT (and every later one) through. */
    releaseParts() {
      hold = false;
      for (const release of held) release();
    },
    get heldParts() {
      return held.size;
    },
  };
}

export type FakeSmh = ReturnType<typeof createFakeSmh>;

/** A ResumeStore over a Map that also keeps files (like the IndexedDB one). */
export function createMapStore(initial: { record: ResumeRecord; file?: Blob }[] = []) {
  const records = new Map<string, { record: ResumeRecord; file?: Blob }>(
    initial.map((entry) => [entry.record.confirmKey, entry]),
  );
  const store: ResumeStore = {
    async list() {
      return [...records.values()].map((entry) => entry.record);
    },
    async get(confirmKey) {
      return records.get(confirmKey)?.record;
    },
    async put(record, file) {
      records.set(record.confirmKey, { record, ...(file === undefined ? {} : { file }) });
    },
    async remove(confirmKey) {
      records.delete(confirmKey);
    },
    async getFile(confirmKey) {
      return records.get(confirmKey)?.file;
    },
  };
  return { store, records };
}
