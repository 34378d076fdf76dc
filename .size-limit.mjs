// `npm run check:size`: scripts/size.mjs bundles each case from dist/ as an app would (minified,
// react/react-dom/@tanstack/react-query external, zod and hash-wasm in), then size-limit gzips
// (level 9) the up-front chunk. Lazy import() chunks are not counted. 1 kB = 1000 bytes.
//
// Each limit is the size measured on 2026-11-24 (after the second session's fixes: hydration-safe times, one
// name-clash dialog at a time, cross-tab locks, Retry only when it can help) plus ~5 %, so growth fails the check. DESIGN.md's
// targets are far lower; the gap is reported beside each limit until the code closes it.
const dir = 'node_modules/.cache/react-smh-upload-size';

const budget = (name, file, { measured, target }) => ({
  name: `${name}: limit ${(measured * 1.05).toFixed(1)} kB = measured ${measured} kB + 5 %; DESIGN target ${target ?? 'none'}`,
  path: `${dir}/${file}/*.js`,
  limit: `${(measured * 1.05).toFixed(1)} kB`,
  gzip: true,
});

export default [
  budget('whole library', 'whole', { measured: 43.87, target: '15 kB' }),
  budget('UploadStatus alone', 'upload-status', { measured: 12.96, target: '8 kB' }),
  budget('engine alone (createUpload)', 'engine', { measured: 13.75 }),
];
