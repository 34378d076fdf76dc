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
  // The emulator is as strict as SMH (a missing folder is 404 DirectoryNotFound at begin). The engine
  // makes folders itself; these are for the tests that call the begin API directly.
  for (const folder of ['browser', 'xhr-transport']) {
    const made = await fetch(`${emulator.url}/__emulator/create-folder`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: folder }),
    });
    if (!made.ok) throw new Error(`browser setup: could not create the folder ${folder} (${made.status})`);
  }
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
