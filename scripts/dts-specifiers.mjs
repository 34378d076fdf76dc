// tsc writes the relative specifiers of src/ as they are ('./api/client'), which only `bundler`
// resolution understands. This package is "type": "module", so a consumer on `node16`/`nodenext`
// resolves the .d.ts files as ESM and needs the full path ('./api/client.js', './core/index.js').
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"]*?|\.\.?)\2/g;

/** Rewrites every relative specifier in the .d.ts files under `root`; returns how many it changed. */
export function addDtsExtensions(root) {
  let changed = 0;
  for (const file of walk(root)) {
    if (!file.endsWith('.d.ts')) continue;
    const before = readFileSync(file, 'utf8');
    const after = before.replace(SPECIFIER, (_match, lead, quote, specifier) => {
      const full = withExtension(dirname(file), specifier);
      if (full !== specifier) changed += 1;
      return `${lead}${quote}${full}${quote}`;
    });
    if (after !== before) writeFileSync(file, after);
  }
  return changed;
}

function withExtension(fromDir, specifier) {
  if (specifier.endsWith('.js')) return specifier;
  const target = resolve(fromDir, specifier);
  if (existsSync(`${target}.d.ts`)) return `${specifier}.js`;
  if (existsSync(join(target, 'index.d.ts'))) return `${specifier.replace(/\/$/, '')}/index.js`;
  throw new Error(`no declaration file for '${specifier}' imported from ${relative(process.cwd(), fromDir)}`);
}

function* walk(dir) {
  for (const name of readdirSync(dir).toSorted()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
