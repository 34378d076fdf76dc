// `npm run mutate:sample`: StrykerJS over a random sample of the lines of src/core and src/api.
// A full `npm run mutate` is about 5,000 mutants and several hours on two cores, because a mutant
// in the engine is covered by a few hundred tests; a sample of lines gives an estimate of the score
// in under an hour, with a margin (docs/testing.md "Sampled runs"). The same seed picks the same
// lines, so a sample can be re-run after new tests to see which of its survivors they kill.
//
//   node scripts/mutate-sample.mjs [--fraction 0.15] [--seed 1] [--dir src/core] [-- stryker args]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const dashes = args.indexOf('--');
const own = dashes === -1 ? args : args.slice(0, dashes);
const passOn = dashes === -1 ? [] : args.slice(dashes + 1);
const option = (name, fallback) => {
  const at = own.indexOf(`--${name}`);
  return at === -1 ? fallback : own[at + 1];
};
const fraction = Number(option('fraction', '0.15'));
const seed = Number(option('seed', '1'));
const dirs = own.flatMap((arg, i) => (own[i - 1] === '--dir' ? [arg] : []));
if (!(fraction > 0 && fraction <= 1) || !Number.isInteger(seed)) {
  console.error('usage: node scripts/mutate-sample.mjs [--fraction 0 < f <= 1] [--seed integer] [--dir src/core]…');
  process.exit(2);
}

// Whether a line is picked depends only on the seed, the file and the line's own text (FNV-1a), so
// adding or removing lines elsewhere does not re-draw the sample: a re-run after new tests or a
// small fix tests the same lines, and `--incremental` reuses what it can.
function draw(salt, file, text, occurrence) {
  let hash = 0x811c9dc5;
  for (const char of `${salt}\0${file}\0${text}\0${occurrence}`) {
    hash ^= char.codePointAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 4294967296;
}

// The files `stryker.config.mjs` mutates: TypeScript under the directories, not index.ts or types.ts.
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))
    .filter((path) => path.endsWith('.ts') && !/(^|\/)(index|types)\.ts$/.test(path))
    .toSorted();
}

// Lines that can hold a mutant: not blank, not a comment, not an import.
const codeLine = (line) => {
  const text = line.trim();
  return text !== '' && !/^(\/\/|\/\*|\*|import\b)/.test(text);
};

const ranges = [];
let lines = 0;
let picked = 0;
for (const file of (dirs.length > 0 ? dirs : ['src/core', 'src/api']).flatMap(filesUnder)) {
  const source = readFileSync(file, 'utf8').split('\n');
  const seen = new Map();
  let start = -1;
  source.forEach((line, i) => {
    const text = line.trim();
    const occurrence = seen.get(text) ?? 0;
    seen.set(text, occurrence + 1);
    const take = codeLine(line) && draw(seed, file, text, occurrence) < fraction;
    if (codeLine(line)) lines += 1;
    if (take) picked += 1;
    if (take && start === -1) start = i + 1;
    if (!take && start !== -1) {
      ranges.push(`${file}:${start}-${i}`);
      start = -1;
    }
  });
  if (start !== -1) ranges.push(`${file}:${start}-${source.length}`);
}

mkdirSync('reports/mutation', { recursive: true });
const listFile = `reports/mutation/sample-${seed}-${fraction}.txt`;
writeFileSync(listFile, `${ranges.join('\n')}\n`);
console.info(`mutate:sample: ${picked} of ${lines} code lines (fraction ${fraction}, seed ${seed}), ${ranges.length} ranges, listed in ${listFile}`);

const run = spawnSync('npx', ['stryker', 'run', '--mutate', ranges.join(','), ...passOn], { stdio: 'inherit' });
process.exit(run.status ?? 1);
