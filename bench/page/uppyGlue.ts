// Uppy with SMH glue: what a React developer would build today instead of this library.
// @uppy/core + @uppy/aws-s3 (6.x), everything left at Uppy's defaults but the one callback SMH
// needs. @uppy/aws-s3 6 asks a single `signRequest` callback to sign each S3 call and then sends
// the call itself (XHR). SMH's COS PUTs are such calls: the glue hands over the URL and headers
// SMH's begin returned. SMH's begin and confirm are not S3 calls, so the glue makes them itself
// (plain fetch, nothing from src/) and answers Uppy's CreateMultipartUpload, CompleteMultipartUpload,
// ListParts and AbortMultipartUpload with the XML Uppy parses, as a `data:` URL its XHR reads
// without touching the network. Simple uploads are confirmed on Uppy's `upload-success`.
import Uppy from '@uppy/core';
import AwsS3 from '@uppy/aws-s3';
import type { ManyResult, Target } from './protocol';
import { confirmUpload, smhFileUrl } from './shared';

interface Begun {
  domain: string;
  path: string;
  uploadId?: string;
  headers: Record<string, string>;
  confirmKey: string;
}

type SignRequest = Extract<ConstructorParameters<typeof AwsS3>[1], { signRequest: unknown }>['signRequest'];
type Presignable = Parameters<SignRequest>[0];

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
const xmlReply = (xml: string) => ({ url: `data:application/xml,${encodeURIComponent(xml)}` });

async function smh<T>(response: Promise<Response>, what: string): Promise<T> {
  const reply = await response;
  const text = await reply.text();
  if (!reply.ok) throw new Error(`${what}: HTTP ${reply.status} ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** The glue: one `signRequest` for Uppy, and the confirm of simple uploads. */
export function smhGlue(target: Target) {
  const protocol = new URL(target.cosUrl).protocol;
  /** Uppy's object key (the SMH path here) → what SMH's begin returned. */
  const tasks = new Map<string, Begun>();
  const begin = (key: string, multipart: boolean) =>
    smh<Begun>(
      fetch(smhFileUrl(target, key, `${multipart ? 'multipart&' : ''}conflict_resolution_strategy=rename`), {
        method: multipart ? 'POST' : 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      }),
      'begin',
    );
  const task = (key: string) => {
    const begun = tasks.get(key);
    if (!begun) throw new Error(`no SMH task for ${key}`);
    return begun;
  };

  const signRequest = async (request: Presignable) => {
    const { key } = request;
    if (!('uploadId' in request)) {
      if (request.method === 'PUT') {
        // PutObject: a simple SMH upload, its one COS PUT.
        const begun = await begin(key, false);
        tasks.set(key, begun);
        return { url: `${protocol}//${begun.domain}${begun.path}`, headers: begun.headers };
      }
      if (request.method === 'POST') {
        const begun = await begin(key, true);
        tasks.set(key, begun);
        return xmlReply(`<InitiateMultipartUploadResult><UploadId>${escapeXml(begun.uploadId ?? '')}</UploadId></InitiateMultipartUploadResult>`);
      }
      throw new Error(`SMH glue: ${request.method} ${key} is not needed`);
    }
    const begun = task(key);
    if ('partNumber' in request) {
      return {
        url: `${protocol}//${begun.domain}${begun.path}?partNumber=${request.partNumber}&uploadId=${encodeURIComponent(request.uploadId)}`,
        headers: begun.headers,
      };
    }
    switch (request.method) {
      case 'POST': {
        // CompleteMultipartUpload: SMH assembles the parts itself at confirm.
        await confirmUpload(target, begun.confirmKey);
        tasks.delete(key);
        return xmlReply(
          `<CompleteMultipartUploadResult><Location>${escapeXml(`${protocol}//${begun.domain}${begun.path}`)}</Location><Key>${escapeXml(key)}</Key></CompleteMultipartUploadResult>`,
        );
      }
      case 'GET': {
        const status = await smh<{ parts?: { PartNumber: number; ETag: string }[] }>(
          fetch(smhFileUrl(target, begun.confirmKey, 'upload')),
          'status',
        );
        const parts = (status.parts ?? [])
          .map((part) => `<Part><PartNumber>${part.PartNumber}</PartNumber><ETag>${escapeXml(part.ETag)}</ETag></Part>`)
          .join('');
        return xmlReply(`<ListPartsResult>${parts}</ListPartsResult>`);
      }
      case 'DELETE':
        await smh(fetch(smhFileUrl(target, begun.confirmKey, 'upload'), { method: 'DELETE' }), 'cancel');
        tasks.delete(key);
        return xmlReply('<AbortMultipartUploadResult/>');
      default:
        throw new Error(`SMH glue: ${(request as Presignable).method} ${key} is not needed`);
    }
  };

  /** Confirms a simple upload once Uppy says its PUT succeeded; a multipart one was confirmed at complete. */
  const confirmSimple = (key: string): Promise<void> | undefined => {
    const begun = tasks.get(key);
    if (!begun || begun.uploadId) return undefined;
    tasks.delete(key);
    return confirmUpload(target, begun.confirmKey);
  };
  return { signRequest, confirmSimple };
}

/** Uploads `files` with Uppy and the glue; resolves once every file is stored and confirmed. */
export async function uppyUpload(
  target: Target,
  files: readonly File[],
  /** Only for the glue's own test (multipart on a small file); the bench leaves Uppy's default. */
  options: { shouldUseMultipart?: boolean } = {},
): Promise<ManyResult> {
  const glue = smhGlue(target);
  const uppy = new Uppy();
  // Everything at @uppy/aws-s3's defaults (limit 6 files at once, multipart above 100 MiB, parts
  // of max(5 MiB, size / 10000) sent one after another) but the object key: SMH paths are names.
  uppy.use(AwsS3, { signRequest: glue.signRequest, generateObjectKey: (file) => file.name ?? file.id, ...options });
  const confirms: Promise<void>[] = [];
  const keys = new Map<string, string>();
  uppy.on('upload-success', (file) => {
    const key = file && keys.get(file.id);
    const confirm = key === undefined ? undefined : glue.confirmSimple(key);
    if (confirm) confirms.push(confirm);
  });
  try {
    for (const file of files) {
      const id = uppy.addFile({ name: file.name, type: file.type, data: file, source: 'bench' });
      keys.set(id, file.name);
    }
    const started = performance.now();
    const result = await uppy.upload();
    const failed = result?.failed ?? [];
    if (failed.length > 0) throw new Error(`Uppy: ${failed.length} failed, first: ${String(failed[0]?.error)}`);
    await Promise.all(confirms);
    const ms = performance.now() - started;
    return { ms, bytes: files.reduce((sum, file) => sum + file.size, 0), files: files.length };
  } finally {
    uppy.destroy();
  }
}
