// The demo app's Vite config. `demo/serve.ts` adds the server routes (token, config) and the
// emulator proxy; this file holds what any build of the app needs.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  // The app imports the library by its package name, as a user's app would; here the name points
  // at the source so edits show up at once.
  resolve: {
    alias: [
      { find: /^react-smh-upload\/styles\.css$/, replacement: here('../src/components/styles.css') },
      { find: /^react-smh-upload$/, replacement: here('../src/index.ts') },
    ],
  },
  plugins: [react()],
  cacheDir: here('../node_modules/.vite-demo'),
  optimizeDeps: {
    include: ['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime', 'react/jsx-dev-runtime', '@tanstack/react-query', 'zod/mini', 'hash-wasm'],
  },
  server: { host: '127.0.0.1', port: 5173 },
  build: { outDir: here('../dist-demo'), emptyOutDir: true, target: 'es2022' },
});
