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

/** What the bench needs of `startEmulator`'s result (emulator/src/types.ts `Emulator`). */
interface EmulatorLike {
  url: string;
  cosUrl: string;
  libraryId: string;
  /** What a standard COS client needs: `Domain` = `domain`. */
  cos: { secretId: string; secretKey: string; bucket: string; region: string; domain: string };
  issueToken(request: { grant?: string; period?: number }): Promise<{ accessToken: string }>;
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

/** `options` go to `startEmulator` as they are (e.g. `publicCosDomain` for a proxy in front). */
export async function startBenchEmulator(options: Record<string, unknown> = {}): Promise<BenchEmulator> {
  if (!existsSync(entry)) throw new NotBuiltError('emulator not built yet');
  const module = (await import(pathToFileURL(entry).href)) as {
    startEmulator?: (options: Record<string, unknown>) => Promise<EmulatorLike>;
  };
  if (typeof module.startEmulator !== 'function') throw new NotBuiltError('emulator not built yet');
  const dataDir = await mkdtemp(join(tmpdir(), 'smh-bench-data-'));
  let emulator: EmulatorLike | undefined;
  try {
    emulator = await module.startEmulator({ port: 0, cosPort: 0, host: '127.0.0.1', dataDir, ...options });
    const running = emulator;
    // The admin routes, over HTTP as any client would see them (same counters as stats()).
    const admin = `${running.url}/__emulator`;
    const token = await running.issueToken({ grant: 'admin', period: 7200 });
    return {
      target: { url: running.url, cosUrl: running.cosUrl, libraryId: running.libraryId, accessToken: token.accessToken },
      cosSdk: {
        cosUrl: `${new URL(running.cosUrl).protocol}//${running.cos.domain}`,
        secretId: running.cos.secretId,
        secretKey: running.cos.secretKey,
        bucket: running.cos.bucket,
        region: running.cos.region,
      },
      async statusCalls(confirmKey) {
        const stats = await json<{ statusCalls?: Record<string, number> }>(await fetch(`${admin}/stats`), 'stats');
        if (!stats.statusCalls) throw new Error('emulator stats has no statusCalls');
        return stats.statusCalls[confirmKey] ?? 0;
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
