// `npm start`: the local SMH + COS emulator and the customer-portal demo on a Vite dev server.
// With SMH_BASE_URL, SMH_LIBRARY_ID and SMH_LIBRARY_SECRET set, it serves the demo against that
// real library instead (no emulator, no fault panel). Tests import `startDemo` from here.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { startEmulator } from '../emulator/src/index.js';
import type { Emulator, EmulatorOptions } from '../emulator/src/types.js';
import { realBackendFromEnv, type DemoBackend } from './server/backend';
import { demoApi } from './server/demoApi';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export const DEFAULT_DEMO_PORT = 5173;
export const DEFAULT_SMH_PORT = 8787;

export interface StartDemoOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** The app's port; 0 picks a free one. Default 5173 (the next free one if taken, unless `strictPort`). */
  port?: number;
  strictPort?: boolean;
  /**
   * The SMH library to serve. Default: an emulator started here. Pass an `Emulator` you started
   * yourself (you then close it), or a real library's `DemoBackend`.
   */
  backend?: DemoBackend | Emulator;
  /** Options for the emulator started here (port 8787, data in `.emulator-data/`). */
  emulator?: EmulatorOptions;
  /** Vite's log level. Default `info`. */
  logLevel?: 'info' | 'warn' | 'error' | 'silent';
}

export interface DemoServer {
  /** The portal, e.g. `http://127.0.0.1:5173/`. */
  readonly url: string;
  readonly backend: DemoBackend;
  /** The emulator started by `startDemo` (undefined when one was passed in or SMH is real). */
  readonly emulator: Emulator | undefined;
  readonly vite: ViteDevServer;
  /** Stops the dev server, then the emulator it started. */
  close(): Promise<void>;
}

function isEmulator(value: DemoBackend | Emulator): value is Emulator {
  return typeof (value as Emulator).issueToken === 'function';
}

export function emulatorBackend(emulator: Emulator): DemoBackend {
  return {
    mode: 'emulator',
    baseUrl: emulator.url,
    libraryId: emulator.libraryId,
    librarySecret: emulator.librarySecret,
    spaceId: '-',
    emulatorUrl: emulator.url,
  };
}

/** Starts the emulator on its default ports, or on free ones when those are taken. */
async function startOwnEmulator(options: EmulatorOptions): Promise<Emulator> {
  try {
    return await startEmulator(options);
  } catch (error) {
    const explicit = options.port !== undefined && options.port !== DEFAULT_SMH_PORT;
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || explicit) throw error;
    console.warn(`Port ${DEFAULT_SMH_PORT} or ${DEFAULT_SMH_PORT + 1} is taken; the emulator uses free ports instead.`);
    return startEmulator({ ...options, port: 0, cosPort: 0 });
  }
}

export async function startDemo(options: StartDemoOptions = {}): Promise<DemoServer> {
  const host = options.host ?? '127.0.0.1';
  let ownEmulator: Emulator | undefined;
  let backend: DemoBackend;
  if (options.backend === undefined) {
    ownEmulator = await startOwnEmulator({
      host,
      port: DEFAULT_SMH_PORT,
      dataDir: here('../.emulator-data'),
      ...options.emulator,
    });
    backend = emulatorBackend(ownEmulator);
  } else {
    backend = isEmulator(options.backend) ? emulatorBackend(options.backend) : options.backend;
  }

  let vite: ViteDevServer;
  try {
    vite = await createServer({
      configFile: here('vite.config.ts'),
      plugins: [demoApi(backend)],
      logLevel: options.logLevel ?? 'info',
      clearScreen: false,
      server: {
        host,
        port: options.port ?? DEFAULT_DEMO_PORT,
        strictPort: options.strictPort ?? false,
        // The fault panel calls the emulator's admin routes on the app's own origin (the file
        // list asks SMH's listing, as on a real library); the upload itself goes straight to the emulator, as it would to SMH and COS.
        proxy: backend.emulatorUrl ? { '/__emulator': { target: backend.emulatorUrl, changeOrigin: true } } : {},
      },
    });
    await vite.listen();
  } catch (error) {
    await ownEmulator?.close();
    throw error;
  }

  const address = vite.httpServer?.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const url = vite.resolvedUrls?.local[0] ?? `http://${host}:${port}/`;
  let closing: Promise<void> | undefined;
  return {
    url,
    backend,
    emulator: ownEmulator,
    vite,
    close() {
      closing ??= (async () => {
        try {
          await vite.close();
        } finally {
          await ownEmulator?.close();
        }
      })();
      return closing;
    },
  };
}

function portFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number (0-65535), got ${JSON.stringify(raw)}`);
  return port;
}

async function main(): Promise<void> {
  const real = realBackendFromEnv(process.env);
  const smhPort = portFromEnv('SMH_PORT');
  const demo = await startDemo({
    port: portFromEnv('DEMO_PORT'),
    ...(real ? { backend: real } : {}),
    ...(smhPort === undefined ? {} : { emulator: { port: smhPort } }),
  });

  const lines = [
    '',
    `  Customer portal  ${demo.url}`,
    demo.emulator
      ? `  SMH emulator     ${demo.emulator.url}  (COS ${demo.emulator.cosUrl}, data in ${demo.emulator.dataDir})`
      : `  SMH library      ${demo.backend.libraryId} at ${demo.backend.baseUrl}`,
    '',
    '  Ctrl+C stops both.',
    '',
  ];
  console.info(lines.join('\n'));

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl+C means "now".
      process.exit(130);
    }
    stopping = true;
    console.info(`\n${signal}: stopping the demo…`);
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
