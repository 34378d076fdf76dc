import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import type { ConsumerContext } from './consumer.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The version this repo develops against, so the consumer runs the same React and react-query. */
function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(path.join(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/**
 * Packs the built package (`npm run build` first) and installs the tarball with its peers into a
 * fresh temp project, as a user would. Dependencies come from npm's cache when it has them.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(path.join(repo, 'dist/index.js'))) {
    throw new Error('test/package checks the built package: run `npm run build` first');
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'smh-package-'));
  try {
    const { stdout } = await run(npm, ['pack', '--pack-destination', dir, '--json', '--ignore-scripts'], {
      cwd: repo,
      timeout: 60_000,
    });
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const peers = ['react', 'react-dom', '@tanstack/react-query'].map((name) => `${name}@${installedVersion(name)}`);
    await run(
      npm,
      ['install', '--no-save', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error',
        `./${filename}`, ...peers],
      { cwd: dir, timeout: 120_000 },
    );
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const context: ConsumerContext = { dir, packageDir: path.join(dir, 'node_modules/react-smh-upload') };
  project.provide('consumer', context);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
