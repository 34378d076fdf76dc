import { createHash, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { assembleParts } from './assemble.js';
import type { Core } from './core.js';
import { parseAuthorization, verifySignature } from './cosSign.js';
import { multipartETag, ObjectHasher, PartHasher } from './hashes.js';
import { HttpError, readBody, sendEmpty, sendXml, xmlUnescape, type XmlNode } from './http.js';
import { fileForCosKey } from './smhFiles.js';
import type { Ctx } from './smhUpload.js';
import type { PartStat } from './types.js';
import { newId, type Credential, type TaskRecord } from './store.js';

// The COS side (its own origin): the part/object PUTs SMH hands out signed headers for, and the
// bucket calls a standard COS client makes (initiate, upload part, list parts, complete, abort,
// list uploads, get/head/delete object), all checked with COS signature v5.

const MIN_PART = 1024 * 1024; // COS: every part but the last ≥ 1 MiB (EntityTooSmall)
const MAX_PART = 5 * 1024 ** 3;
const MAX_COMPLETE_XML = 2 * 1024 * 1024;
const OWNER = { ID: 'qcs::cam::uin/100000000001:uin/100000000001', DisplayName: '100000000001' };

const noSuchUpload = () => new HttpError(404, 'NoSuchUpload', 'The specified multipart upload does not exist.');

type Principal = { kind: 'master' } | { kind: 'task'; task: TaskRecord; credential: Credential };

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The signature from the Authorization header, or from the query string (a presigned URL). */
function signatureOf(req: IncomingMessage, query: URLSearchParams): string | undefined {
  if (req.headers.authorization) return req.headers.authorization;
  if (!query.has('q-sign-algorithm')) return undefined;
  const names = ['q-sign-algorithm', 'q-ak', 'q-sign-time', 'q-key-time', 'q-header-list', 'q-url-param-list', 'q-signature'];
  return names.map((name) => `${name}=${query.get(name) ?? ''}`).join('&');
}

function authenticate(core: Core, req: IncomingMessage, key: string, query: URLSearchParams): Principal {
  const header = signatureOf(req, query);
  if (!header) throw new HttpError(403, 'SignatureDoesNotMatch', 'the request carries no Authorization signature');
  const auth = parseAuthorization(header);
  if (!auth || auth.algorithm !== 'sha1') throw new HttpError(403, 'SignatureDoesNotMatch', 'the Authorization header is not a COS q-sign signature');
  const nowSec = Math.floor(core.now() / 1000);
  if (auth.signEnd < nowSec) throw new HttpError(403, 'AccessDenied', 'Request has expired');
  if (auth.signStart > nowSec + 900) throw new HttpError(403, 'RequestTimeTooSkewed', 'The difference between the request time and the server time is too large');
  let secretKey: string;
  let principal: Principal;
  if (auth.accessKeyId === core.config.cosSecretId) {
    secretKey = core.config.cosSecretKey;
    principal = { kind: 'master' };
  } else {
    const found = core.taskForCredential(auth.accessKeyId);
    if (!found) throw new HttpError(403, 'InvalidAccessKeyId', 'the SecretId is unknown');
    if (found.credential.expiresAt <= core.now()) throw new HttpError(403, 'AccessDenied', 'Request has expired');
    const token = req.headers['x-cos-security-token'];
    if (typeof token !== 'string' || !safeEqual(token, core.credentialToken(auth.accessKeyId))) {
      throw new HttpError(403, 'SignatureDoesNotMatch', 'x-cos-security-token does not belong to this SecretId');
    }
    secretKey = core.credentialKey(auth.accessKeyId);
    principal = { kind: 'task', ...found };
  }
  if (!verifySignature(auth, secretKey, req.method ?? 'GET', `/${key}`, query, req.headers)) {
    throw new HttpError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided');
  }
  return principal;
}

/** Temporary keys from SMH may only PUT the bytes of their own task. */
function requireScope(principal: Principal, key: string, uploadId: string | null): void {
  if (principal.kind === 'master') return;
  const { task } = principal;
  const ok = !task.confirmed && task.cosKey === key &&
    (uploadId === null ? task.kind === 'simple' : task.kind === 'multipart' && task.uploadId === uploadId);
  if (!ok) throw new HttpError(403, 'AccessDenied', 'Access Denied.');
}

function contentLength(req: IncomingMessage, max: number): number {
  const raw = req.headers['content-length'];
  if (raw === undefined) throw new HttpError(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
  if (!/^\d{1,16}$/.test(raw)) throw new HttpError(400, 'InvalidArgument', 'Content-Length is not a number');
  const n = Number(raw);
  if (n > max) throw new HttpError(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.');
  return n;
}

/** COS's two answers: 400 InvalidDigest for a header that is not a base64 MD5, 400 BadDigest for one of other bytes. */
function checkContentMd5(req: IncomingMessage, md5Hex: string): void {
  const given = req.headers['content-md5'];
  if (typeof given === 'string' && !/^[A-Za-z0-9+/]{22}==$/.test(given.trim())) {
    throw new HttpError(400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.');
  }
  if (typeof given === 'string' && given.trim() !== Buffer.from(md5Hex, 'hex').toString('base64')) {
    throw new HttpError(400, 'BadDigest', 'The Content-MD5 you specified did not match what was received.');
  }
}

function trafficLimitBytes(req: IncomingMessage): number {
  const raw = req.headers['x-cos-traffic-limit'];
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return 0;
  return Number(raw) / 8;
}

/**
 * Streams a body to a temp file through `hasher`, paced by the bandwidth faults; `dropAt` destroys the
 * socket once that many bytes arrived. Returns the bytes received (short when the client went away).
 */
async function receive(
  core: Core, ctx: Ctx, tmp: string, hasher: { update(chunk: Uint8Array): void },
  onBytes: (n: number) => void, dropAt: number | undefined,
): Promise<number> {
  const pace = core.faults.pacer(trafficLimitBytes(ctx.req));
  let received = 0;
  await pipeline(
    ctx.req,
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        received += chunk.length;
        onBytes(chunk.length);
        if (dropAt !== undefined && received >= dropAt) {
          ctx.req.socket.destroy();
          throw new DroppedError();
        }
        const wait = pace(chunk.length);
        if (wait > 2) await core.sleep(wait);
        hasher.update(chunk);
        yield chunk;
      }
    },
    createWriteStream(tmp),
  );
  return received;
}

class DroppedError extends Error {
  constructor() {
    super('connection dropped by fault injection');
  }
}

async function uploadPart(core: Core, ctx: Ctx, key: string, principal: Principal): Promise<void> {
  const q = ctx.query;
  const uploadId = q.get('uploadId') ?? '';
  const numberText = q.get('partNumber') ?? '';
  if (!/^\d{1,5}$/.test(numberText) || Number(numberText) < 1 || Number(numberText) > 10000) {
    throw new HttpError(400, 'InvalidArgument', 'partNumber must be an integer from 1 to 10000');
  }
  const partNumber = Number(numberText);
  requireScope(principal, key, uploadId);
  const upload = core.state.uploads[uploadId];
  if (!upload || upload.key !== key) throw noSuchUpload();
  const length = contentLength(ctx.req, MAX_PART);
  const stat = core.partStat(uploadId, partNumber);
  stat.puts++;
  stat.active++;
  core.statsChanged();
  try {
    await receivePart(core, ctx, uploadId, partNumber, length, stat);
  } finally {
    stat.active--;
    core.statsChanged();
  }
}

async function receivePart(core: Core, ctx: Ctx, uploadId: string, partNumber: number, length: number, stat: PartStat): Promise<void> {
  const fault = core.faults.partFault();
  if (fault !== 'none') core.countFault(`part-${fault}`);
  const tmp = core.store.tmpFile();
  const hasher = new PartHasher();
  let received: number;
  try {
    received = await receive(core, ctx, tmp, hasher, (n) => {
      stat.bytesReceived += n;
      core.statsChanged();
    }, fault === 'drop' ? Math.max(1, Math.floor(length / 2)) : undefined);
  } catch (error) {
    await core.store.removeTmp(tmp);
    if (error instanceof DroppedError) return;
    throw error;
  }
  try {
    if (received !== length) throw new HttpError(400, 'IncompleteBody', 'The request body is shorter than Content-Length.');
    if (fault === '5xx') throw new HttpError(503, 'ServiceUnavailable', 'Please reduce your request rate. (injected fault)');
    const digest = hasher.digest();
    checkContentMd5(ctx.req, digest.md5);
    if (!core.state.uploads[uploadId]) throw noSuchUpload();
    try {
      await core.store.commitPart(uploadId, partNumber, tmp, digest, core.now());
    } catch (error) {
      // Aborted or cancelled while this body was arriving: its folder is gone.
      if (!core.state.uploads[uploadId]) throw noSuchUpload();
      throw error;
    }
    stat.stored++;
    core.statsChanged();
    ctx.res.setHeader('ETag', `"${digest.md5}"`);
    ctx.res.setHeader('x-cos-hash-crc64ecma', digest.crc64);
    sendEmpty(ctx.res, 200);
  } catch (error) {
    await core.store.removeTmp(tmp);
    throw error;
  }
}

async function putObject(core: Core, ctx: Ctx, key: string, principal: Principal): Promise<void> {
  requireScope(principal, key, null);
  if (key === '') throw new HttpError(400, 'InvalidArgument', 'an object key is required');
  const length = contentLength(ctx.req, MAX_PART);
  const tmp = core.store.tmpFile();
  const hasher = new ObjectHasher();
  try {
    const received = await receive(core, ctx, tmp, hasher, () => undefined, undefined);
    if (received !== length) throw new HttpError(400, 'IncompleteBody', 'The request body is shorter than Content-Length.');
  } catch (error) {
    await core.store.removeTmp(tmp);
    throw error;
  }
  const digest = hasher.digest();
  try {
    checkContentMd5(ctx.req, digest.md5);
  } catch (error) {
    await core.store.removeTmp(tmp);
    throw error;
  }
  const blobId = await core.store.commitBlob(tmp);
  const old = core.state.objects[key];
  const eTag = `"${digest.md5}"`;
  core.state.objects[key] = {
    ...digest, blobId, key, eTag, lastModified: core.iso(),
    contentType: ctx.req.headers['content-type'] ?? 'application/octet-stream',
  };
  core.save();
  if (old) await core.store.releaseBlob(old.blobId);
  ctx.res.setHeader('ETag', eTag);
  ctx.res.setHeader('x-cos-hash-crc64ecma', digest.crc64);
  sendEmpty(ctx.res, 200);
}

async function initiate(core: Core, ctx: Ctx, key: string): Promise<void> {
  if (key === '') throw new HttpError(400, 'InvalidArgument', 'an object key is required');
  const uploadId = newId(16);
  core.state.uploads[uploadId] = {
    uploadId, key, initiated: core.iso(), contentType: ctx.req.headers['content-type'] ?? 'application/octet-stream',
  };
  await core.store.createUploadDir(uploadId);
  core.save();
  sendXml(ctx.res, 200, 'InitiateMultipartUploadResult', { Bucket: core.config.bucket, Key: key, UploadId: uploadId });
}

function requireUpload(core: Core, key: string, uploadId: string) {
  const upload = core.state.uploads[uploadId];
  if (!upload || upload.key !== key) throw noSuchUpload();
  return upload;
}

function sortedParts(core: Core, uploadId: string) {
  return [...(core.store.parts.get(uploadId)?.values() ?? [])].toSorted((a, b) => a.partNumber - b.partNumber);
}

function listParts(core: Core, ctx: Ctx, key: string): void {
  const q = ctx.query;
  const uploadId = q.get('uploadId') ?? '';
  requireUpload(core, key, uploadId);
  const marker = Number(q.get('part-number-marker') ?? '0') || 0;
  const maxParts = Math.min(1000, Math.max(1, Number(q.get('max-parts') ?? '1000') || 1000));
  const after = sortedParts(core, uploadId).filter((p) => p.partNumber > marker);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  sendXml(ctx.res, 200, 'ListPartsResult', {
    Bucket: core.config.bucket,
    Key: key,
    UploadId: uploadId,
    Initiator: OWNER,
    Owner: OWNER,
    StorageClass: 'STANDARD',
    PartNumberMarker: marker,
    NextPartNumberMarker: page.at(-1)?.partNumber ?? marker,
    MaxParts: maxParts,
    IsTruncated: truncated,
    Part: page.map((p) => ({ PartNumber: p.partNumber, LastModified: p.lastModified, ETag: `"${p.md5}"`, Size: p.size })),
  });
}

function parseCompleteXml(xml: string): { partNumber: number; eTag: string }[] {
  if (!/<CompleteMultipartUpload[\s>]/.test(xml)) throw new HttpError(400, 'MalformedXML', 'The XML you provided was not well-formed.');
  const parts: { partNumber: number; eTag: string }[] = [];
  for (const m of xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
    const inner = m[1]!;
    const num = /<PartNumber>\s*(\d{1,5})\s*<\/PartNumber>/.exec(inner);
    const tag = /<ETag>([\s\S]*?)<\/ETag>/.exec(inner);
    if (!num || !tag) throw new HttpError(400, 'MalformedXML', 'Each Part needs a PartNumber and an ETag.');
    parts.push({ partNumber: Number(num[1]), eTag: xmlUnescape(tag[1]!).trim().replace(/^"|"$/g, '').toLowerCase() });
  }
  if (parts.length === 0) throw new HttpError(400, 'MalformedXML', 'The XML you provided lists no parts.');
  return parts;
}

async function complete(core: Core, ctx: Ctx, key: string): Promise<void> {
  const uploadId = ctx.query.get('uploadId') ?? '';
  requireUpload(core, key, uploadId);
  const body = await readBody(ctx.req, MAX_COMPLETE_XML, 'EntityTooLarge');
  checkContentMd5(ctx.req, createHash('md5').update(body).digest('hex'));
  const listed = parseCompleteXml(body.toString('utf8'));
  const stored = core.store.parts.get(uploadId) ?? new Map();
  const chosen = listed.map((item, i) => {
    if (i > 0 && item.partNumber <= listed[i - 1]!.partNumber) {
      throw new HttpError(400, 'InvalidPartOrder', 'The list of parts was not in ascending order.');
    }
    const part = stored.get(item.partNumber);
    if (!part || part.md5 !== item.eTag) {
      throw new HttpError(400, 'InvalidPart', `Part ${item.partNumber} could not be found or its ETag does not match.`);
    }
    return part;
  });
  chosen.forEach((p, i) => {
    if (i < chosen.length - 1 && p.size < MIN_PART) {
      throw new HttpError(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.');
    }
  });
  const { blobId, digest } = await assembleParts(core.store, uploadId, chosen);
  const eTag = multipartETag(chosen.map((p) => p.md5));
  const upload = core.state.uploads[uploadId];
  const old = core.state.objects[key];
  core.state.objects[key] = {
    ...digest, blobId, key, eTag, lastModified: core.iso(), contentType: upload?.contentType ?? 'application/octet-stream',
  };
  delete core.state.uploads[uploadId];
  core.save();
  await core.store.removeUploadParts(uploadId);
  if (old) await core.store.releaseBlob(old.blobId);
  ctx.res.setHeader('x-cos-hash-crc64ecma', digest.crc64);
  sendXml(ctx.res, 200, 'CompleteMultipartUploadResult', {
    Location: `${core.cosDomain}/${key}`, Bucket: core.config.bucket, Key: key, ETag: eTag,
  });
}

async function abort(core: Core, ctx: Ctx, key: string): Promise<void> {
  const uploadId = ctx.query.get('uploadId') ?? '';
  requireUpload(core, key, uploadId);
  delete core.state.uploads[uploadId];
  core.save();
  await core.store.removeUploadParts(uploadId);
  sendEmpty(ctx.res, 204);
}

function listUploads(core: Core, ctx: Ctx): void {
  const prefix = ctx.query.get('prefix') ?? '';
  const uploads = Object.values(core.state.uploads)
    .filter((u) => u.key.startsWith(prefix))
    .toSorted((a, b) => a.key.localeCompare(b.key) || a.initiated.localeCompare(b.initiated));
  sendXml(ctx.res, 200, 'ListMultipartUploadsResult', {
    Bucket: core.config.bucket,
    KeyMarker: '',
    UploadIdMarker: '',
    NextKeyMarker: '',
    NextUploadIdMarker: '',
    MaxUploads: 1000,
    IsTruncated: false,
    Prefix: prefix,
    Upload: uploads.map((u) => ({ Key: u.key, UploadId: u.uploadId, StorageClass: 'STANDARD', Initiator: OWNER, Owner: OWNER, Initiated: u.initiated })),
  });
}

function listObjects(core: Core, ctx: Ctx): void {
  const prefix = ctx.query.get('prefix') ?? '';
  const objects = Object.values(core.state.objects).filter((o) => o.key.startsWith(prefix)).toSorted((a, b) => a.key.localeCompare(b.key));
  const contents: XmlNode[] = objects.map((o) => ({
    Key: o.key, LastModified: o.lastModified, ETag: o.eTag, Size: o.size, Owner: OWNER, StorageClass: 'STANDARD',
  }));
  sendXml(ctx.res, 200, 'ListBucketResult', {
    Name: core.config.bucket, Prefix: prefix, Marker: '', MaxKeys: 1000, IsTruncated: false, Contents: contents,
  });
}

const unsatisfiable = () => new HttpError(416, 'InvalidRange', 'The requested range is not satisfiable');

/**
 * One `Range: bytes=…` (first-last, first-, or -suffix) as inclusive offsets; undefined means the whole
 * object (no header, or a form COS ignores such as several ranges); 416 InvalidRange when unsatisfiable.
 */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw unsatisfiable();
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || (m[2] !== '' && Number(m[2]) < start)) throw unsatisfiable();
  return { start, end };
}

async function getObject(core: Core, ctx: Ctx, key: string, head: boolean): Promise<void> {
  // Objects put through the COS API, else an SMH file behind a download redirect (smhFiles.ts).
  const object = core.state.objects[key] ?? fileForCosKey(core, key);
  if (!object) throw new HttpError(404, 'NoSuchKey', 'The specified key does not exist.');
  const lastModified = 'lastModified' in object ? object.lastModified : object.modificationTime;
  const range = byteRange(ctx.req.headers.range, object.size);
  const res = ctx.res;
  res.statusCode = range ? 206 : 200;
  res.setHeader('Content-Type', object.contentType);
  res.setHeader('Content-Length', range ? range.end - range.start + 1 : object.size);
  if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${object.size}`);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('ETag', object.eTag);
  res.setHeader('Last-Modified', new Date(lastModified).toUTCString());
  res.setHeader('x-cos-hash-crc64ecma', object.crc64);
  if (head || object.size === 0) {
    res.end();
    return;
  }
  await pipeline(createReadStream(core.store.blobPath(object.blobId), range ?? {}), res);
}

async function deleteObject(core: Core, ctx: Ctx, key: string): Promise<void> {
  const object = core.state.objects[key];
  if (object) {
    delete core.state.objects[key];
    core.save();
    await core.store.releaseBlob(object.blobId);
  }
  sendEmpty(ctx.res, 204);
}

/** Routes one COS request (preflights are answered before this). */
export async function handleCos(core: Core, ctx: Ctx): Promise<void> {
  let key: string;
  try {
    key = decodeURIComponent(ctx.path.slice(1));
  } catch {
    throw new HttpError(400, 'InvalidURI', 'Could not parse the specified URI.');
  }
  if (key.includes('\u0000')) throw new HttpError(400, 'InvalidURI', 'Could not parse the specified URI.');
  const q = ctx.query;
  const method = ctx.req.method ?? 'GET';
  const route =
    method === 'PUT' && (q.has('partNumber') || q.has('uploadId')) ? 'cos:upload-part'
    : method === 'PUT' ? 'cos:put-object'
    : method === 'POST' && q.has('uploads') && key !== '' ? 'cos:initiate'
    : method === 'POST' && q.has('uploadId') ? 'cos:complete'
    : method === 'GET' && q.has('uploadId') ? 'cos:list-parts'
    : method === 'GET' && key === '' && q.has('uploads') ? 'cos:list-uploads'
    : method === 'GET' && key === '' ? 'cos:list-objects'
    : method === 'DELETE' && q.has('uploadId') ? 'cos:abort'
    : method === 'DELETE' && key !== '' ? 'cos:delete-object'
    : (method === 'GET' || method === 'HEAD') && key !== '' ? (method === 'GET' ? 'cos:get-object' : 'cos:head-object')
    : undefined;
  if (!route) throw new HttpError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  core.countRequest(route);
  const latency = core.faults.current.latencyMs;
  if (latency > 0) await core.sleep(latency);
  const principal = authenticate(core, ctx.req, key, q);
  if (route !== 'cos:upload-part' && route !== 'cos:put-object' && principal.kind !== 'master') {
    throw new HttpError(403, 'AccessDenied', 'Access Denied.');
  }
  switch (route) {
    case 'cos:upload-part': return uploadPart(core, ctx, key, principal);
    case 'cos:put-object': return putObject(core, ctx, key, principal);
    case 'cos:initiate': return initiate(core, ctx, key);
    case 'cos:complete': return complete(core, ctx, key);
    case 'cos:list-parts': return listParts(core, ctx, key);
    case 'cos:list-uploads': return listUploads(core, ctx);
    case 'cos:list-objects': return listObjects(core, ctx);
    case 'cos:abort': return abort(core, ctx, key);
    case 'cos:delete-object': return deleteObject(core, ctx, key);
    case 'cos:get-object': return getObject(core, ctx, key, false);
    case 'cos:head-object': return getObject(core, ctx, key, true);
  }
}
