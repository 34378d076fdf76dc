#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, DEV_LIBRARY_ID, DEV_LIBRARY_SECRET, startEmulator } from './index.js';
import type { Faults } from './types.js';

const HELP = `smh-emulator: a local Tencent Cloud SMH upload API + COS server for development and tests

Usage: smh-emulator [options]

  --port <n>                SMH API port (default ${DEFAULT_PORT}; 0 = any free port)
  --cos-port <n>            COS port (default port + 1)
  --host <host>             interface to listen on (default 127.0.0.1)
  --data <folder>           data folder (default .emulator-data)
  --library-id <id>         library ID (default ${DEV_LIBRARY_ID})
  --library-secret <s>      library secret (default a fixed dev-only secret)
  --part-info-ttl <s>       lifetime of the COS credentials in upload info, seconds (default 3600)
  --create-parent-directories
                            create missing parent folders at upload begin and confirm (a convenience;
                            by default a missing parent is 404 DirectoryNotFound, as on SMH)
  --strict-directories      no-op, kept for old scripts: strict folders are now the default
  --reply-variance          vary success replies as real SMH may (optional fields left out, numbers
                            as strings and strings as numbers, unknown fields, another field order),
                            repeatably from --seed
  --task-ttl <s>            forget upload tasks this long after begin, seconds (default 604800 = 7 days)
  --cos-secret-id <id>      SecretId a standard COS client signs with
  --cos-secret-key <key>    SecretKey a standard COS client signs with
  --cors-origin <origin>    allow only this origin (repeatable; default any origin)

Faults (all changeable at run time: POST /__emulator/faults):
  --fail-rate <0..1>        share of COS part PUTs that fail
  --fail-mode <m>           5xx | drop | mixed (default 5xx)
  --latency <ms>            delay before every SMH and COS request
  --bandwidth <bytes/s>     cap on COS upload bodies (0 = none)
  --bandwidth-scope <s>     total (shared by all connections, default) | connection
  --rate-limit-next <n>     answer the next n SMH API calls with 429 RateLimitExceeded
  --seed <n>                make the random faults repeatable

  -h, --help                show this help
`;

function fail(message: string): never {
  console.error(`smh-emulator: ${message}\n\n${HELP}`);
  process.exit(2);
}

function num(value: string | undefined, name: string, opts: { min?: number; max?: number; int?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || (opts.int && !Number.isInteger(n))) fail(`--${name} must be a number`);
  if (opts.min !== undefined && n < opts.min) fail(`--${name} must be at least ${opts.min}`);
  if (opts.max !== undefined && n > opts.max) fail(`--${name} must be at most ${opts.max}`);
  return n;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: 'string' },
        'cos-port': { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        'library-id': { type: 'string' },
        'library-secret': { type: 'string' },
        'part-info-ttl': { type: 'string' },
        'strict-directories': { type: 'boolean' },
        'create-parent-directories': { type: 'boolean' },
        'reply-variance': { type: 'boolean' },
        'task-ttl': { type: 'string' },
        'cos-secret-id': { type: 'string' },
        'cos-secret-key': { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        'fail-rate': { type: 'string' },
        'fail-mode': { type: 'string' },
        latency: { type: 'string' },
        bandwidth: { type: 'string' },
        'bandwidth-scope': { type: 'string' },
        'rate-limit-next': { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(HELP);
    return;
  }
  const faults: Partial<Faults> = {};
  const rate = num(v['fail-rate'], 'fail-rate', { min: 0, max: 1 });
  if (rate !== undefined) faults.partFailureRate = rate;
  if (v['fail-mode'] !== undefined) {
    if (!['5xx', 'drop', 'mixed'].includes(v['fail-mode'])) fail('--fail-mode must be 5xx, drop or mixed');
    faults.partFailureMode = v['fail-mode'] as Faults['partFailureMode'];
  }
  const latency = num(v.latency, 'latency', { min: 0 });
  if (latency !== undefined) faults.latencyMs = latency;
  const bandwidth = num(v.bandwidth, 'bandwidth', { min: 0 });
  if (bandwidth !== undefined) faults.bandwidthBytesPerSecond = bandwidth;
  if (v['bandwidth-scope'] !== undefined) {
    if (!['total', 'connection'].includes(v['bandwidth-scope'])) fail('--bandwidth-scope must be total or connection');
    faults.bandwidthScope = v['bandwidth-scope'] as Faults['bandwidthScope'];
  }
  const rateLimitNext = num(v['rate-limit-next'], 'rate-limit-next', { min: 0, int: true });
  if (rateLimitNext !== undefined) faults.rateLimitNext = rateLimitNext;
  const seed = num(v.seed, 'seed', { int: true });
  const port = num(v.port, 'port', { min: 0, max: 65535, int: true });
  const cosPort = num(v['cos-port'], 'cos-port', { min: 0, max: 65535, int: true });
  const ttl = num(v['part-info-ttl'], 'part-info-ttl', { min: 1 });
  const taskTtl = num(v['task-ttl'], 'task-ttl', { min: 1 });
  if (v['strict-directories']) {
    console.warn('smh-emulator: --strict-directories is now the default and does nothing; --create-parent-directories turns the old convenience on');
  }
  if (v['strict-directories'] && v['create-parent-directories']) fail('--strict-directories and --create-parent-directories contradict each other');

  const emulator = await startEmulator({
    ...(port !== undefined ? { port } : {}),
    ...(cosPort !== undefined ? { cosPort } : {}),
    ...(v.host !== undefined ? { host: v.host } : {}),
    ...(v.data !== undefined ? { dataDir: v.data } : {}),
    ...(v['library-id'] !== undefined ? { libraryId: v['library-id'] } : {}),
    ...(v['library-secret'] !== undefined ? { librarySecret: v['library-secret'] } : {}),
    ...(ttl !== undefined ? { partInfoTtlSeconds: ttl } : {}),
    ...(v['create-parent-directories'] ? { createParentDirectories: true } : {}),
    ...(v['reply-variance'] ? { replyVariance: true } : {}),
    ...(taskTtl !== undefined ? { taskTtlSeconds: taskTtl } : {}),
    ...(v['cos-secret-id'] !== undefined ? { cosSecretId: v['cos-secret-id'] } : {}),
    ...(v['cos-secret-key'] !== undefined ? { cosSecretKey: v['cos-secret-key'] } : {}),
    ...(v['cors-origin'] !== undefined ? { corsOrigins: v['cors-origin'] } : {}),
    ...(seed !== undefined ? { seed } : {}),
    faults,
  });

  const secretHint = emulator.librarySecret === DEV_LIBRARY_SECRET ? emulator.librarySecret : '<your --library-secret>';
  console.info(`SMH emulator ready (data in ${emulator.dataDir})
  SMH API    ${emulator.url}    library ${emulator.libraryId}, space -
  COS        ${emulator.cosUrl}
  admin      ${emulator.url}/__emulator/{faults,files,stats,info}

Get a dev access token:
  curl -X POST '${emulator.url}/api/v1/token?library_id=${emulator.libraryId}&library_secret=${secretHint}&grant=admin'
Point the client at it:
  createSmhClient({ baseUrl: '${emulator.url}', libraryId: '${emulator.libraryId}', accessToken })
Tencent's COS SDK: SecretId ${emulator.cos.secretId}, Domain '${emulator.cos.domain}', Protocol 'http:'
`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.info(`smh-emulator: ${signal}, saving state and closing`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('smh-emulator: close failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('smh-emulator:', (error as Error)?.message ?? error);
  process.exit(1);
});
