import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmulator } from '../../emulator/src/index.js';
import type { EmulatorContext } from './emulator-context.js';

const PART_INFO_TTL_SECONDS = 120;

/** Starts one emulator (free ports, temp data folder) for the browser project and provides where it is. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(path.join(tmpdir(), 'smh-emu-browser-'));
  const emulator = await startEmulator({
    port: 0,
    cosPort: 0,
    dataDir: path.join(root, 'data'),
    partInfoTtlSeconds: PART_INFO_TTL_SECONDS,
  });
  const context: EmulatorContext = {
    url: emulator.url,
    cosUrl: emulator.cosUrl,
    libraryId: emulator.libraryId,
    librarySecret: emulator.librarySecret,
    cos: emulator.cos,
    partInfoTtlSeconds: PART_INFO_TTL_SECONDS,
  };
  project.provide('emulator', context);
  return async () => {
    await emulator.close();
    await rm(root, { recursive: true, force: true });
  };
}
