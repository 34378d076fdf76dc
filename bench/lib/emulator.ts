// The SMH + COS emulator on loopback, with a temporary data folder removed on close.
// It is loaded by path at run time so the bench still runs (bundle and render rows) before the
// emulator exists; its API is read through the narrow interface below.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CosSdkTarget, Target } from '../page/protocol';

const entry = resolve(import.meta.dirname, '../../emulator/src/index.ts');

/** What the bench needs of `startEmulator`'s result (emulator/README.md). */
interface EmulatorLike {
  url: string;
  cosUrl: string;
  libraryId: string;
  librarySecret: string;
  close(): Promise<void>;
}

export class NotBuiltError extends Error {
  override name = 'NotBuiltError';
}

export interface BenchEmulator {
  target: Target;
  /** Credentials and bucket for cos-js-sdk-v5 against the COS side. */
  cosSdk: CosSdkTarget;
  /** Status calls (`GET …/{confirmKey}?upload`) the emulator has answered for this task. */
  statusCalls(confirmKey: string): Promise<number>;
  setFaults(faults: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
  return (await response.json()) as T;
}

export async function startBenchEmulator(): Promise<BenchEmulator> {
  if (!existsSync(entry)) throw new NotBuiltError('emulator not built yet');
  const module = (await import(pathToFileURL(entry).href)) as {
    startEmulator?: (options: Record<string, unknown>) => Promise<EmulatorLike>;
  };
  if (typeof module.startEmulator !== 'function') throw new NotBuiltError('emulator not built yet');
  const dataDir = await mkdtemp(join(tmpdir(), 'smh-bench-data-'));
  let emulator: EmulatorLike | undefined;
  try {
    emulator = await module.startEmulator({ port: 0, cosPort: 0, host: '127.0.0.1', dataDir });
    const running = emulator;
    const admin = `${running.url}/__emulator`;
    const token = await json<{ accessToken: string }>(
      await fetch(
        `${running.url}/api/v1/token?${new URLSearchParams({
          library_id: running.libraryId,
          library_secret: running.librarySecret,
          grant: 'admin',
          period: '7200',
        })}`,
      ),
      'token',
    );
    return {
      target: { url: running.url, cosUrl: running.cosUrl, libraryId: running.libraryId, accessToken: token.accessToken },
      cosSdk: {
        cosUrl: running.cosUrl,
        secretId: 'TODO',
        secretKey: 'TODO',
        bucket: 'bench-1250000000',
        region: 'ap-guangzhou',
      },
      async statusCalls(confirmKey) {
        const stats = await json<Record<string, unknown>>(await fetch(`${admin}/stats`), 'stats');
        return countStatusCalls(stats, confirmKey);
      },
      async setFaults(faults) {
        await json(
          await fetch(`${admin}/faults`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(faults),
          }),
          'faults',
        );
      },
      async close() {
        await running.close().catch(() => undefined);
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await emulator?.close().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

function countStatusCalls(stats: Record<string, unknown>, confirmKey: string): number {
  const perKey = stats['statusCalls'] as Record<string, number> | undefined;
  if (!perKey || typeof perKey !== 'object') throw new Error('emulator stats has no statusCalls');
  return perKey[confirmKey] ?? 0;
}
