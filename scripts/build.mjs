// `npm run build`: the release build, from a clean dist/ (docs/release.md lists what it makes).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { addDtsExtensions } from './dts-specifiers.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const run = (args) => execFileSync(process.execPath, [tsc, ...args], { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });

// 1. The library: ESM, one file per module, source maps (vite.config.ts).
await build({ logLevel: 'warn' });

// 2. Its declarations (+ maps into the shipped src/), with specifiers node16 consumers resolve.
run(['-p', 'tsconfig.build.json']);
addDtsExtensions('dist/types');

// 3. The Node-only emulator and its bin. Inline sources keep its maps whole without shipping emulator/src.
run(['-p', 'emulator/tsconfig.json', '--inlineSources']);
const cli = 'dist/emulator/cli.js';
if (!readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')) throw new Error(`${cli} lost its shebang`);
chmodSync(cli, 0o755);

// 4. The optional default look.
copyFileSync('src/components/styles.css', 'dist/styles.css');

// Every file package.json promises must exist, or the package is broken on install.
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const promised = [...collect(pkg.exports), ...Object.values(pkg.bin ?? {})];
const missing = promised.filter((file) => !existsSync(join(root, file)));
if (missing.length > 0) throw new Error(`package.json points at missing files: ${missing.join(', ')}`);

function collect(value) {
  if (typeof value === 'string') return [value];
  return Object.values(value ?? {}).flatMap(collect);
}
