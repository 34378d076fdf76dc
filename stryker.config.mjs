// `npm run mutate`: StrykerJS over src/core and src/api (not part of `npm test`: more than an hour on
// two cores). 9.6.1 is the last line that runs on node 20. See docs/testing.md for the score and
// the survivors kept on purpose.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: ['src/core/**/*.ts', 'src/api/**/*.ts', '!src/**/index.ts', '!src/**/types.ts'],
  coverageAnalysis: 'perTest',
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  timeoutMS: 10_000,
  // A static mutant (a module-level value) re-runs every test; they cost most of a run's time and
  // the schemas they would change have their own tests (docs/testing.md "Scores").
  ignoreStatic: true,
};
