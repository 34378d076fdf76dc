import { defineConfig } from 'vitest/config';

// StrykerJS runs every project of the config it is given for each mutant; this one holds only the
// Node tests that reach src/core and src/api, so no browser starts per mutant (docs/testing.md).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/{api,core}/**/*.test.ts'],
    // Mutants that loop run into this; a generous bound keeps a loaded machine from failing the dry run.
    testTimeout: 30_000,
  },
});
