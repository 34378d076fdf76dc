import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  // Serves public/mockServiceWorker.js, which msw-storybook-addon registers.
  staticDirs: ['../public'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest', 'msw-storybook-addon'],
  // Offline by design: no telemetry, no "what's new" fetches (docs/toolchain.md "Storybook offline").
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // react-docgen reads the props' JSDoc without the TypeScript compiler API.
  typescript: { reactDocgen: 'react-docgen' },
};

export default config;
