// The baselines, built as their own bundle with no import from src/ (so they run even while
// our library is half built): raw fetch, Tencent's cos-js-sdk-v5, a naive part list, a 1 s poll.
import COS from 'cos-js-sdk-v5';
import type { PartSnapshot } from '../../src/core/types';
import { measureRenders } from './measure';
import type { BaselineApi, CosSdkTarget, CosUploadArgs, IdleWatchArgs, ManyResult, ManySpec, Target, UploadResult } from './protocol';
import { beginMultipart, getStatus, makeFile, rawMultipartUpload, setDocumentHidden, sleep } from './shared';
import { makeFiles, makePhotos, naiveThumbnails, observeLongTasks, rawManyUpload, requestSummary, resetRequestLog, totalBytes } from './batch';
import { uppyUpload } from './uppyGlue';

/** The obvious way: one element per part, every part re-rendered on every update. */
function NaiveList({ parts }: { parts: readonly PartSnapshot[] }) {
  return (
    <div>
      {parts.map((part) => (
        <span key={part.number} data-state={part.state} title={`Part ${part.number}: ${part.state}`} />
      ))}
    </div>
  );
}

async function cosUpload(args: CosUploadArgs): Promise<UploadResult> {
  const file = makeFile(args.sizeBytes, args.name);
  const cos = cosClient(args.cos, args);
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    cos.sliceUploadFile(
      { Bucket: args.cos.bucket, Region: args.cos.region, Key: args.name, Body: file },
      (error) => (error ? reject(new Error(`cos-js-sdk-v5: ${JSON.stringify(error).slice(0, 300)}`)) : resolve()),
    );
  });
  const ms = performance.now() - started;
  // The SDK's own defaults, as sliceUploadFile applies them (ChunkSize grows to fit 10000 parts).
  const partSize = args.partSize ?? 1024 * 1024;
  return {
    ms,
    bytes: file.size,
    partSize,
    concurrency: args.concurrency ?? 3,
    parts: Math.ceil(file.size / partSize),
  };
}

function cosClient(cos: CosSdkTarget, matched?: { partSize?: number; concurrency?: number }): COS {
  const options: COS.COSOptions = {
    SecretId: cos.secretId,
    SecretKey: cos.secretKey,
    Domain: new URL(cos.cosUrl).host,
    Protocol: new URL(cos.cosUrl).protocol as 'http:' | 'https:',
  };
  if (matched?.concurrency) options.ChunkParallelLimit = matched.concurrency;
  if (matched?.partSize) options.ChunkSize = matched.partSize;
  return new COS(options);
}

/** `uploadFiles` at the SDK's defaults: simple PUT up to 1 MB, slices above, 3 files at a time. */
async function cosMany(cos: CosSdkTarget, spec: ManySpec): Promise<ManyResult> {
  const files = makeFiles(spec);
  const sdk = cosClient(cos);
  const started = performance.now();
  const result = await sdk.uploadFiles({
    files: files.map((file) => ({ Bucket: cos.bucket, Region: cos.region, Key: file.name, Body: file })),
  });
  const failed = result.files.filter((entry) => entry.error);
  if (failed.length > 0) throw new Error(`cos-js-sdk-v5: ${failed.length} failed, first: ${JSON.stringify(failed[0]!.error).slice(0, 200)}`);
  return { ms: performance.now() - started, bytes: totalBytes(files), files: files.length };
}

async function fixedPoll(target: Target, confirmKey: string, until: () => boolean, onConfirmed?: () => void) {
  let polls = 0;
  while (!until()) {
    const started = performance.now();
    polls++;
    const status = await getStatus(target, confirmKey).catch(() => undefined);
    if (status?.confirmed) {
      onConfirmed?.();
      break;
    }
    await sleep(Math.max(0, 1000 - (performance.now() - started)));
  }
  return polls;
}

const api: BaselineApi = {
  async rawUpload(args) {
    const file = makeFile(args.sizeBytes, args.name);
    const result = await rawMultipartUpload(args.target, file, args.partSize, args.concurrency);
    return { ...result, bytes: file.size, partSize: args.partSize, concurrency: args.concurrency };
  },
  cosUpload,
  naiveListRender: (args) => measureRenders(NaiveList, args),
  async beginIdleTask(target, name, sizeBytes) {
    return (await beginMultipart(target, name, sizeBytes)).confirmKey;
  },
  async fixedPollUpload(args) {
    const file = makeFile(args.sizeBytes, args.name);
    let uploaded = false;
    let uploadEnd = 0;
    let confirmedSeen = -1;
    let began!: (confirmKey: string) => void;
    const confirmKey = new Promise<string>((resolve) => {
      began = resolve;
    });
    const upload = rawMultipartUpload(args.target, file, args.partSize, args.concurrency, began).then((result) => {
      uploaded = true;
      uploadEnd = performance.now();
      return result;
    });
    // A failed begin rejects `upload`; racing keeps this from waiting for a key forever.
    const key = await Promise.race([confirmKey, upload.then((result) => result.confirmKey)]);
    const deadline = () => uploaded && performance.now() - uploadEnd > args.settleTimeoutMs;
    const polls = fixedPoll(args.target, key, deadline, () => {
      confirmedSeen = uploaded ? performance.now() - uploadEnd : 0;
    });
    const result = await upload;
    return { confirmKey: result.confirmKey, uploadMs: result.ms, sawConfirmedAfterMs: confirmedSeen, polls: await polls };
  },
  async fixedPollFor(args: IdleWatchArgs) {
    const end = performance.now() + args.windowMs;
    // Polls at 0, 1, … s: stopping half a period early makes a 60 s window hold 60 polls, not 61.
    const polls = await fixedPoll(args.target, args.confirmKey, () => performance.now() >= end - 500);
    await sleep(Math.max(0, end - performance.now()));
    return polls;
  },
  setHidden: setDocumentHidden,
  async rawMany(args) {
    const files = makeFiles(args.files);
    resetRequestLog();
    const result = await rawManyUpload(args.target, files, args.concurrency);
    return { ...result, requests: requestSummary(args.target, args.cosHost) };
  },
  async uppyMany(args) {
    const files = makeFiles(args.files);
    resetRequestLog();
    const result = await uppyUpload(args.target, files);
    return { ...result, requests: requestSummary(args.target, args.cosHost) };
  },
  cosMany: (args) => cosMany(args.cos, args.files),
  async rawMainThread(args) {
    const file = makeFile(args.sizeBytes, args.name);
    const photos = await makePhotos(args.thumbnails, `${args.name}-photo`);
    const stop = observeLongTasks();
    const upload = rawMultipartUpload(args.target, file, args.partSize, args.concurrency);
    const thumbnails = args.thumbnails ? naiveThumbnails(photos) : undefined;
    const result = await upload;
    const clear = await thumbnails;
    const longTasks = stop();
    clear?.();
    return {
      upload: { ...result, bytes: file.size, partSize: args.partSize, concurrency: args.concurrency },
      longTasks,
      ...(args.thumbnails ? { thumbnails: `${args.thumbnails} <img> of object URLs, 64×48 by CSS` } : {}),
    };
  },
};

window.benchBaseline = api;
