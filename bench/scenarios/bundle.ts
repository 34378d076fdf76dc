// Scenario 5: what a user's bundle pays, min+gzip (level 9), built as scripts/bundleApp.mjs builds
// it for the size budget too. Peers stay external (react,
// react-dom, react/jsx-runtime, @tanstack/react-query); zod and hash-wasm are bundled in,
// since an app that uses us ships them. Only the main chunk counts; lazily import()ed chunks
// (hash-wasm) are listed apart.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleApp } from '../../scripts/bundleApp.mjs';
import { type Row, unavailable, verdict } from '../lib/table';
import { formatKB, reason } from '../lib/util';

const repo = resolve(import.meta.dirname, '../..');
const src = join(repo, 'src/index.ts');

export interface BundleSize {
  /** gzip -9 bytes of the entry chunk and the chunks it imports statically. */
  main: number;
  minified: number;
  /** gzip -9 bytes of each chunk loaded only through import(). */
  lazy: { name: string; gzip: number }[];
  /** The main chunks' code by origin (a package, or a src/ folder), bytes before minifying, largest first. */
  origins: { name: string; bytes: number }[];
}

function originOf(id: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id);
  if (pkg) return pkg[1]!;
  const local = /\/src\/([^/]+)\//.exec(id);
  return local ? `src/${local[1]}` : 'other';
}

interface Case {
  name: string;
  code: string;
}

const cases = {
  whole: { name: 'whole library', code: `export * from ${JSON.stringify(src)};` },
  uploadStatus: { name: 'UploadStatus alone', code: `export { UploadStatus } from ${JSON.stringify(src)};` },
  engine: { name: 'engine alone (createUpload)', code: `export { createUpload } from ${JSON.stringify(src)};` },
  // An admin page that only watches tasks by confirm key: no engine, queue, stores or hashing.
  statusOnly: {
    name: 'status-only set (client, provider, useUploadStatus)',
    code: `export { createSmhClient, SmhUploadProvider, useUploadStatus } from ${JSON.stringify(src)};`,
  },
  // Ours for the job Uppy's headless set below does: state, uploads, a drop zone, resume.
  headless: {
    name: 'headless upload set (client, engine, provider, useUploads, useUploadStatus, useUploadDropzone)',
    code: `export { createSmhClient, createUpload, SmhUploadProvider, useUploads, useUploadStatus, useUploadDropzone } from ${JSON.stringify(src)};`,
  },
  // The headless React set a user needs for the same job: state, events, a drop zone.
  uppy: {
    name: 'Uppy core + aws-s3 + react + golden-retriever',
    code: [
      `export { default as Uppy } from '@uppy/core';`,
      `export { default as AwsS3 } from '@uppy/aws-s3';`,
      `export { default as GoldenRetriever } from '@uppy/golden-retriever';`,
      `export { UppyContextProvider, useUppyState, useUppyEvent, useDropzone } from '@uppy/react';`,
    ].join('\n'),
  },
  cosSdk: { name: 'cos-js-sdk-v5', code: `export { default } from 'cos-js-sdk-v5';` },
  tus: { name: 'tus-js-client', code: `export * from 'tus-js-client';` },
  dropzone: { name: 'react-dropzone', code: `export { useDropzone } from 'react-dropzone';` },
} satisfies Record<string, Case>;

function installed(name: string): boolean {
  try {
    createRequire(join(repo, 'package.json')).resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

async function measure(entryDir: string, caseId: string, code: string): Promise<BundleSize> {
  const entry = join(entryDir, `${caseId}.js`);
  await writeFile(entry, code);
  const { eager, lazy: lazyChunks } = await bundleApp({ root: repo, name: caseId, entry });
  let mainGzip = 0;
  let minified = 0;
  const lazy: BundleSize['lazy'] = [];
  const origins = new Map<string, number>();
  for (const chunk of eager) {
    mainGzip += gz(chunk.code);
    minified += Buffer.byteLength(chunk.code);
    for (const [id, info] of Object.entries(chunk.modules)) {
      origins.set(originOf(id), (origins.get(originOf(id)) ?? 0) + info.renderedLength);
    }
  }
  for (const chunk of lazyChunks) lazy.push({ name: chunk.name, gzip: gz(chunk.code) });
  return {
    main: mainGzip,
    minified,
    lazy,
    origins: [...origins].map(([name, bytes]) => ({ name, bytes })).toSorted((a, b) => b.bytes - a.bytes),
  };
}

const gz = (text: string) => gzipSync(text, { level: 9 }).length;

const notExported = (error: unknown) => /not exported|MISSING_EXPORT|is not exported|does not provide/i.test(reason(error));

/** "yes (2.1 KB under)" or "NO (19.8 KB over)": whether the target holds, and by how much. */
const met = (bytes: number, limit: number) =>
  `${verdict(bytes <= limit)} (${formatKB(Math.abs(limit - bytes))} ${bytes <= limit ? 'under' : 'over'})`;

export async function runBundle(notes: string[]): Promise<Row[]> {
  const entryDir = join(repo, 'bench/results/.entries');
  await mkdir(entryDir, { recursive: true });
  const sizes = new Map<keyof typeof cases, BundleSize | string>();
  try {
    for (const [id, { code }] of Object.entries(cases) as [keyof typeof cases, Case][]) {
      const pkg = { uppy: '@uppy/core', cosSdk: 'cos-js-sdk-v5', tus: 'tus-js-client', dropzone: 'react-dropzone' }[
        id as 'uppy'
      ] as string | undefined;
      if (pkg && !installed(pkg)) {
        sizes.set(id, 'not installed');
        continue;
      }
      if (!pkg && !existsSync(src)) {
        sizes.set(id, 'not built yet');
        continue;
      }
      try {
        sizes.set(id, await measure(entryDir, id, code));
      } catch (error) {
        sizes.set(id, !pkg && notExported(error) ? 'not built yet' : `build failed: ${reason(error)}`);
      }
    }
  } finally {
    await rm(entryDir, { recursive: true, force: true });
  }

  for (const [id, size] of sizes) {
    if (typeof size === 'string') continue;
    const lazy = size.lazy.length
      ? `; lazy chunks: ${size.lazy.map((l) => `${l.name} ${formatKB(l.gzip)}`).join(', ')}`
      : '';
    notes.push(`bundle ${cases[id].name}: ${formatKB(size.main)} min+gzip (${formatKB(size.minified)} min)${lazy}`);
    if (id === 'whole' || id === 'statusOnly' || id === 'headless') {
      const total = size.origins.reduce((sum, o) => sum + o.bytes, 0) || 1;
      const top = size.origins.slice(0, 8).map((o) => `${o.name} ${Math.round((o.bytes / total) * 100)} %`);
      notes.push(`bundle ${cases[id].name}, main chunk by origin (share of the code before minifying): ${top.join(', ')}`);
    }
  }

  const cell = (value: BundleSize | string | undefined) =>
    value === undefined ? 'n/a' : typeof value === 'string' ? `n/a (${value})` : formatKB(value.main);
  const row = (
    metric: string,
    ours: keyof typeof cases,
    base: keyof typeof cases | undefined,
    target?: { limit: number; label?: string } | { ofBaseline: number },
  ): Row => {
    const o = sizes.get(ours);
    const b = base ? sizes.get(base) : undefined;
    // A target relative to the baseline is only known once the baseline was measured in this run.
    const limit =
      target === undefined ? undefined : 'limit' in target ? target.limit : typeof b === 'object' ? b.main * target.ofBaseline : undefined;
    const targetCell =
      target === undefined
        ? '–'
        : 'ofBaseline' in target
          ? `≤ ${target.ofBaseline} × baseline${limit === undefined ? '' : ` = ${formatKB(limit)}`}`
          : `≤ ${formatKB(target.limit)}`;
    const baseCell = base ? `${cell(b)} ${cases[base].name}` : '–';
    if (typeof o !== 'object') return unavailable(metric, typeof o === 'string' ? o : 'not measured', targetCell, baseCell);
    return {
      metric,
      ours: formatKB(o.main),
      baseline: baseCell,
      ratio: typeof b === 'object' ? `${(o.main / b.main).toFixed(2)}×` : '–',
      target: targetCell,
      met: limit === undefined ? 'n/a' : met(o.main, limit),
    };
  };
  return [
    row('bundle: whole library (min+gzip)', 'whole', 'uppy', { limit: 30_000 }),
    row('bundle: status-only set', 'statusOnly', undefined, { limit: 10_000 }),
    row('bundle: headless upload set vs Uppy headless', 'headless', 'uppy', { ofBaseline: 0.9 }),
    row('bundle: whole library vs COS SDK', 'whole', 'cosSdk'),
    row('bundle: UploadStatus alone', 'uploadStatus', installed('react-dropzone') ? 'dropzone' : undefined),
    row('bundle: engine alone (createUpload)', 'engine', 'tus'),
  ];
}
