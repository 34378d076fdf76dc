// Bundles what an app pays for each size-limit case, from the built package (run `npm run build`
// first), into node_modules/.cache/react-smh-upload-size/<case>/. `size-limit` then gzips (level 9)
// the entry chunk(s) there; lazily import()ed chunks (hash-wasm) go to <case>/lazy/ and are not counted.
// As an app builds us: minified, peers external, zod and hash-wasm bundled in.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist/index.js');
const outDir = join(root, 'node_modules/.cache/react-smh-upload-size');
const peers = [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\/react-query($|\/)/];

/** Each case is the code of an app entry that uses one slice of the public API. */
const cases = {
  whole: `export * from ${JSON.stringify(entry)};`,
  'upload-status': `export { UploadStatus } from ${JSON.stringify(entry)};`,
  engine: `export { createUpload } from ${JSON.stringify(entry)};`,
};

async function bundle(name, code) {
  const dir = join(outDir, name);
  const input = join(outDir, `${name}.entry.js`);
  writeFileSync(input, code);
  const result = await build({
    configFile: false,
    root,
    mode: 'production',
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      modulePreload: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: { [name]: input },
        external: peers,
        preserveEntrySignatures: 'strict',
        output: { entryFileNames: '[name].js', chunkFileNames: '[name].js' },
      },
    },
  });
  const chunks = [result].flat().flatMap((output) => output.output).filter((item) => item.type === 'chunk');
  const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  // The entry and what it imports statically load up front; the rest only on import().
  const eager = new Set();
  const visit = (fileName) => {
    if (eager.has(fileName) || !byFile.has(fileName)) return;
    eager.add(fileName);
    for (const imported of byFile.get(fileName).imports) visit(imported);
  };
  for (const chunk of chunks) if (chunk.isEntry) visit(chunk.fileName);
  mkdirSync(join(dir, 'lazy'), { recursive: true });
  const report = { name, eager: 0, lazy: 0 };
  for (const chunk of chunks) {
    const isEager = eager.has(chunk.fileName);
    const file = join(dir, isEager ? '' : 'lazy', chunk.fileName.replaceAll('/', '_'));
    writeFileSync(file, chunk.code);
    report[isEager ? 'eager' : 'lazy'] += gzipSync(chunk.code, { level: 9 }).length;
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
