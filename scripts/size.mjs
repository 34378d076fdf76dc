// Bundles what an app pays for each size-limit case, from the built package (run `npm run build`
// first), into node_modules/.cache/react-smh-upload-size/<case>/. `size-limit` then gzips (level 9)
// the entry chunk(s) there; lazily import()ed chunks (hash-wasm) go to <case>/lazy/ and are not counted.
// As an app builds us (scripts/bundleApp.mjs): minified, peers external, zod and hash-wasm bundled in.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundleApp } from './bundleApp.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist/index.js');
const outDir = join(root, 'node_modules/.cache/react-smh-upload-size');

/** Each case is the code of an app entry that uses one slice of the public API. */
const cases = {
  whole: `export * from ${JSON.stringify(entry)};`,
  'upload-status': `export { UploadStatus } from ${JSON.stringify(entry)};`,
  engine: `export { createUpload } from ${JSON.stringify(entry)};`,
  // A page that only watches tasks by confirm key: no engine, queue or resume store.
  'status-only': `export { createSmhClient, SmhUploadProvider, useUploadStatus } from ${JSON.stringify(entry)};`,
};

async function bundle(name, code) {
  const dir = join(outDir, name);
  const input = join(outDir, `${name}.entry.js`);
  writeFileSync(input, code);
  const { eager, lazy } = await bundleApp({
    root,
    name,
    entry: input,
    output: { entryFileNames: '[name].js', chunkFileNames: '[name].js' },
  });
  mkdirSync(join(dir, 'lazy'), { recursive: true });
  const report = { name, eager: 0, lazy: 0 };
  for (const [kind, chunks] of [['eager', eager], ['lazy', lazy]]) {
    for (const chunk of chunks) {
      writeFileSync(join(dir, kind === 'eager' ? '' : 'lazy', chunk.fileName.replaceAll('/', '_')), chunk.code);
      report[kind] += gzipSync(chunk.code, { level: 9 }).length;
    }
  }
  return report;
}

if (!existsSync(entry)) {
  console.error('size: dist/index.js is missing; run `npm run build` first');
  process.exit(1);
}
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
for (const [name, code] of Object.entries(cases)) {
  const { eager, lazy } = await bundle(name, code);
  console.info(`size: ${name.padEnd(14)} ${(eager / 1000).toFixed(2)} kB min+gzip up front, ${(lazy / 1000).toFixed(2)} kB lazy (not counted)`);
}
