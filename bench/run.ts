// `npm run bench [-- --quick] [-- --only <name>[,<name>]]`: one table, each figure of ours
// beside a baseline measured in the same run. Not part of the test suite. Exits 0 unless the
// harness itself broke; a missed target is a "NO" in the table, not a failure.
import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, type BenchBrowser } from './lib/browser';
import type { Context } from './lib/context';
import { startBenchEmulator, type BenchEmulator } from './lib/emulator';
import { startBenchPage, type BenchPage } from './lib/page';
import { renderTable, type Row } from './lib/table';
import { reason } from './lib/util';
import { runBundle } from './scenarios/bundle';
import { runFolderRead } from './scenarios/folderRead';
import { runMemory } from './scenarios/memory';
import { runPartMap } from './scenarios/partmap';
import { runStatus } from './scenarios/status';
import { runThroughput } from './scenarios/throughput';
import { runUppy } from './scenarios/uppy';
import { runLink } from './scenarios/link';
import { runMainThread } from './scenarios/mainthread';

const scenarios = {
  throughput: runThroughput,
  memory: runMemory,
  partmap: runPartMap,
  status: runStatus,
  folderRead: runFolderRead,
  bundle: (context: Context) => runBundle(context.notes),
  uppy: runUppy,
  link: runLink,
  mainthread: runMainThread,
} satisfies Record<string, (context: Context) => Promise<Row[]>>;
type Name = keyof typeof scenarios;

const usage = `usage: npm run bench -- [--quick] [--only ${Object.keys(scenarios).join('|')}[,…]]
  --quick   small sizes for a smoke run (64 MiB / 128 MiB uploads, 30 files, shorter windows)
  --only    run only the named scenarios`;

class UsageError extends Error {
  override name = 'UsageError';
}

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((name) => !(name in scenarios));
  if (unknown?.length) throw new UsageError(`unknown scenario ${unknown.join(', ')}\n${usage}`);
  return { quick: values.quick, names: (only ?? Object.keys(scenarios)) as Name[] };
}

async function main(): Promise<number> {
  const { quick, names } = options();
  const started = Date.now();
  // The whole run is bounded: full sizes move ~20 GiB through loopback on a shared 2-core box, and
  // the link rows send 1.5 GiB four times through a 12.5 MB/s link (over 8 minutes by themselves).
  const budgetMs = quick ? 15 * 60_000 : 75 * 60_000;
  const notes: string[] = [];
  const rows: Row[] = [];

  let page: Promise<BenchPage> | undefined;
  let browser: Promise<BenchBrowser> | undefined;
  let emulator: Promise<BenchEmulator> | undefined;
  const cleanup = async () => {
    await Promise.allSettled([
      browser?.then((b) => b.close()),
      page?.then((p) => p.close()),
      emulator?.then((e) => e.close()),
    ]);
  };
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  const watchdog = setTimeout(() => {
    console.error(`bench: over its ${budgetMs / 60_000} min budget, giving up`);
    void cleanup().finally(() => process.exit(2));
  }, budgetMs);
  watchdog.unref();

  const context: Context = {
    quick,
    runId: `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`,
    notes,
    browser: () => {
      page ??= startBenchPage();
      browser ??= page.then((p) => {
        if (p.oursBuildError) notes.push(`our bundle did not build: ${p.oursBuildError}`);
        return launchBrowser(p.url);
      });
      return browser;
    },
    emulator: () => (emulator ??= startBenchEmulator()),
  };

  try {
    for (const name of names) {
      const t0 = Date.now();
      process.stderr.write(`bench: ${name}…`);
      try {
        rows.push(...(await scenarios[name](context)));
      } catch (error) {
        // A scenario that throws is a harness fault: say so in the table and in the exit code.
        rows.push({ metric: name, ours: `harness error: ${reason(error)}`, baseline: '–', ratio: '–', target: '–', met: 'n/a' });
        process.exitCode = 1;
      }
      process.stderr.write(` ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    }
  } finally {
    await cleanup();
    clearTimeout(watchdog);
  }

  const header = [
    `# react-smh-upload bench${quick ? ' (--quick)' : ''}`,
    '',
    `${new Date().toISOString()} · node ${process.version} · ${((Date.now() - started) / 1000).toFixed(0)} s · ` +
      'Chromium (Debian) headless · emulator on 127.0.0.1',
    '',
  ];
  const missed = rows.filter((row) => row.met.startsWith('NO')).map((row) => row.metric);
  const text = [
    ...header,
    renderTable(rows),
    '',
    missed.length ? `Targets missed: ${missed.join('; ')}` : 'Targets missed: none (of those measured).',
    '',
    'Details:',
    ...notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
  process.stdout.write(`${text}\n`);
  const results = resolve(import.meta.dirname, 'results');
  await mkdir(results, { recursive: true });
  await writeFile(resolve(results, 'latest.md'), text);
  return Number(process.exitCode ?? 0);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usageError = error instanceof UsageError;
    console.error(`bench: ${usageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
