import { defineConfig, type Plugin } from 'vite';

// Library build, ESM only. Everything sits under `build` because Storybook's Vite builder loads this
// file too and drops `build` (a top-level plugin or `publicDir` here reaches Storybook: only
// quietUseClient below is meant to).
// Types come from tsc (tsconfig.build.json); scripts/build.mjs runs the whole release build.

// Peers and dependencies stay external so the app's bundler dedupes them (one React, one
// QueryClient, one zod) and keeps `import('hash-wasm')` a lazy chunk of the app's own.
const external = [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\/react-query($|\/)/, /^zod($|\/)/, /^hash-wasm($|\/)/];

// React Server Components: a module that calls into React (hooks, context) must be a client module.
// One output file per source module lets us mark exactly those, so a server component can still
// import createSmhClient, uploadStatusQueryOptions or the schemas, and render <UploadStatus> as a
// client reference. A module that only uses JSX (react/jsx-runtime) is safe on either side.
const clientOnly = new Set(['react', 'react-dom']);

// `npm run build-storybook` bundles @tanstack/react-query, whose hook and provider modules start with
// "use client" for React Server Components. A browser bundle has no server/client boundary, so the
// dropped directive changes nothing, yet rolldown warns once per module (15 lines). This drops exactly
// those; any other warning, a MODULE_LEVEL_DIRECTIVE about another directive included, still prints.
// It is a plugin (an `onLog` hook) because Storybook keeps this file's plugins and drops its `build`.
const quietUseClient: Plugin = {
  name: 'react-smh-upload:quiet-use-client',
  onLog: (_level, log) => !(log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('"use client"')),
};

export default defineConfig({
  plugins: [quietUseClient],
  build: {
    target: 'es2022',
    sourcemap: true,
    // Apps minify; shipping readable code keeps stack traces and source maps honest.
    minify: false,
    // public/ holds the msw worker for Storybook and the demo; it is not part of the package.
    copyPublicDir: false,
    reportCompressedSize: false,
    lib: {
      entry: { index: 'src/index.ts' },
      formats: ['es'],
    },
    rolldownOptions: {
      external,
      output: {
        preserveModules: true,
        preserveModulesRoot: 'src',
        entryFileNames: '[name].js',
        banner: (chunk) => (chunk.imports.some((id) => clientOnly.has(id)) ? "'use client';" : ''),
      },
    },
  },
});
