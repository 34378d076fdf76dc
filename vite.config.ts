import { defineConfig } from 'vite';

// Library build, ESM only. Everything sits under `build` because Storybook's Vite builder loads this
// file too and drops `build` (a top-level plugin or `publicDir` here would leak into Storybook).
// Types come from tsc (tsconfig.build.json); scripts/build.mjs runs the whole release build.

// Peers and dependencies stay external so the app's bundler dedupes them (one React, one
// QueryClient, one zod) and keeps `import('hash-wasm')` a lazy chunk of the app's own.
const external = [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\/react-query($|\/)/, /^zod($|\/)/, /^hash-wasm($|\/)/];

// React Server Components: a module that calls into React (hooks, context) must be a client module.
// One output file per source module lets us mark exactly those, so a server component can still
// import createSmhClient, uploadStatusQueryOptions or the schemas, and render <UploadStatus> as a
// client reference. A module that only uses JSX (react/jsx-runtime) is safe on either side.
const clientOnly = new Set(['react', 'react-dom']);

export default defineConfig({
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
