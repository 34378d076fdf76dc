import { defineConfig } from 'vitest/config';

// StrykerJS runs every project of the config it is given for each mutant; this one holds only the
// Node tests that reach src/core and src/api, so no browser starts per mutant (docs/testing.md).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/{api,core}/**/*.test.ts'],
    // A mutant that leaves a promise pending makes its test wait for this bound, in real time, with the
    // CPU idle: 30 s here left the runners idle more than half the time. The slowest unit test takes
    // about 3 s on a loaded machine; the few that need more say so themselves.
    testTimeout: 5_000,
  },
});
