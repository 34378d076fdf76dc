// One definition of "what an app's bundle pays", shared by the size budget (scripts/size.mjs) and
// the benchmark's bundle rows (bench/scenarios/bundle.ts), so the two can never measure differently:
// an app-style Vite build (minified, whitespace too), peers external, every other dependency
// bundled in; the entry chunk and what it imports statically load up front, the rest only on import().
import { build } from 'vite';

/** What the app already has: React and TanStack Query are peers, never counted. */
export const peers = [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\/react-query($|\/)/];

/**
 * Bundles `entry` (a file whose code is the app's imports) and splits the chunks into those loaded
 * up front (`eager`) and those loaded lazily through import() (`lazy`).
 */
export async function bundleApp({ root, name, entry, output }) {
  const result = await build({
    configFile: false,
    root,
    mode: 'production',
    logLevel: 'silent',
    // No lib mode: an app-style build minifies whitespace too and keeps the entry's exports.
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      modulePreload: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: { [name]: entry },
        external: peers,
        preserveEntrySignatures: 'strict',
        ...(output ? { output } : {}),
      },
    },
  });
  const chunks = [result].flat().flatMap((bundle) => bundle.output).filter((item) => item.type === 'chunk');
  const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const up = new Set();
  const visit = (fileName) => {
    if (up.has(fileName) || !byFile.has(fileName)) return;
    up.add(fileName);
    for (const imported of byFile.get(fileName).imports) visit(imported);
  };
  for (const chunk of chunks) if (chunk.isEntry) visit(chunk.fileName);
  return {
    eager: chunks.filter((chunk) => up.has(chunk.fileName)),
    lazy: chunks.filter((chunk) => !up.has(chunk.fileName)),
  };
}
