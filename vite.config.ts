import { defineConfig } from 'vite';

// Library build: ESM only. Peers and dependencies stay external so the app's bundler
// dedupes them (one React, one QueryClient, one zod). Types come from tsc (tsconfig.build.json).
const external = [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\/react-query/, /^zod($|\/)/, /^hash-wasm($|\/)/];

export default defineConfig({
  build: {
    target: 'es2022',
    sourcemap: true,
    minify: false,
    lib: {
      entry: { index: 'src/index.ts' },
      formats: ['es'],
    },
    rolldownOptions: {
      external,
      output: { preserveModules: false },
    },
  },
});
