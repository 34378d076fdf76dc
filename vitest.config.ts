import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { fileURLToPath } from 'node:url';

// Debian's Chromium (apt-get install chromium); playwright never downloads a browser here.
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];
const browser = () => ({
  enabled: true,
  headless: true,
  provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
  instances: [{ browser: 'chromium' as const }],
});

// The dep optimizer must not re-bundle mid-run in browser projects (it makes the first run flaky).
const optimizeDeps = {
  include: ['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime', 'react/jsx-dev-runtime',
    '@tanstack/react-query', 'zod/mini', 'hash-wasm', 'cos-js-sdk-v5'],
};

// React 18.3 for the `dom-react18` project: test/react18 is a linked package holding react and
// react-dom 18.3.1 in its own node_modules, so react-dom 18 requires its own react (an npm alias
// beside the root React 19 cannot: react-dom's peer would resolve to 19). Every `react*` import
// is mapped there, and the libraries that import React are inlined so the mapping reaches them too:
// one copy of React per test file.
const react18 = fileURLToPath(new URL('./test/react18/node_modules/', import.meta.url));
const react18Alias = [
  { find: /^react(\/.*)?$/, replacement: `${react18}react$1` },
  { find: /^react-dom(\/.*)?$/, replacement: `${react18}react-dom$1` },
  // Its CommonJS entry would `require` React past the mapping; the ESM build imports through it.
  {
    find: /^@testing-library\/react$/,
    replacement: fileURLToPath(new URL('./node_modules/@testing-library/react/dist/@testing-library/react.esm.js', import.meta.url)),
  },
];
const dom = {
  environment: 'jsdom' as const,
  include: ['test/{react,components}/**/*.test.{ts,tsx}'],
  setupFiles: ['test/setup/dom.ts'],
};

// Projects run in groups (sequence.groupOrder), lowest first: on two cores the fast Node and jsdom
// projects finish before the Chromium-heavy ones start, and end-to-end runs alone, so timing-
// sensitive tests do not fight each other for the CPU.
export default defineConfig({
  test: {
    passWithNoTests: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          sequence: { groupOrder: 0 },
          environment: 'node',
          include: ['test/{api,core,emulator}/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          sequence: { groupOrder: 0 },
          ...dom,
          env: { SMH_TEST_REACT: '19' },
        },
      },
      {
        extends: true,
        // The same component and hook tests under React 18.3, the lower end of the peer range.
        resolve: { alias: react18Alias },
        test: {
          name: 'dom-react18',
          sequence: { groupOrder: 0 },
          ...dom,
          env: { SMH_TEST_REACT: '18' },
          server: { deps: { inline: [/@testing-library\/react/, /@tanstack\/react-query/] } },
        },
      },
      {
        extends: true,
        optimizeDeps,
        test: {
          name: 'browser',
          sequence: { groupOrder: 1 },
          include: ['test/browser/**/*.test.{ts,tsx}'],
          globalSetup: ['test/browser/globalSetup.ts'],
          browser: browser(),
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        // Every story in stories/ runs as a test in Chromium: render, play function, axe check.
        plugins: [storybookTest({ configDir: '.storybook' })],
        optimizeDeps: {
          include: [...optimizeDeps.include, 'msw', 'msw/browser', 'msw-storybook-addon/csf3', 'storybook/test',
            '@storybook/react-vite', '@storybook/addon-a11y/preview', '@storybook/addon-docs/preview', 'axe-core'],
        },
        test: {
          name: 'storybook',
          sequence: { groupOrder: 2 },
          browser: browser(),
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          sequence: { groupOrder: 3 },
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        // The packed package, installed in a temp project (run `npm run build` first).
        test: {
          name: 'package',
          sequence: { groupOrder: 1 },
          environment: 'node',
          include: ['test/package/**/*.test.ts'],
          globalSetup: ['test/package/globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
