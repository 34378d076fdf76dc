import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = path.resolve(import.meta.dirname, '../../emulator/src/cli.ts');

function run(args: string[], onStdout?: (text: string, kill: () => void) => void) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout, () => child.kill('SIGINT'));
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts the CLI with `args`, reads /__emulator/info once it is up, then stops it. */
async function infoWith(args: string[]) {
  const root = await mkdtemp(path.join(tmpdir(), 'smh-emu-cli-'));
  try {
    let info: Record<string, unknown> | undefined;
    let asked = false;
    const r = await run(['--port', '0', '--data', path.join(root, 'd'), ...args], (text, kill) => {
      const m = /admin {6}(http:\/\/[^/]+)\/__emulator/.exec(text);
      if (!m || asked) return;
      asked = true;
      void fetch(`${m[1]}/__emulator/info`).then(async (res) => {
        info = (await res.json()) as Record<string, unknown>;
        kill();
      });
    });
    return { ...r, info };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

describe('smh-emulator CLI', () => {
  it('prints help with every flag and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--port', '--cos-port', '--host', '--data', '--library-id', '--library-secret', '--seed', '--part-info-ttl', '--fail-rate', '--fail-mode', '--latency', '--bandwidth', '--rate-limit-next', '--create-parent-directories', '--reply-variance', '--task-ttl']) {
      expect(r.stdout).toContain(flag);
    }
  }, 30_000);

  it('exits 2 with a message on an unknown flag or a bad value', async () => {
    const unknown = await run(['--nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--nope'");
    const bad = await run(['--fail-rate', '3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fail-rate must be at most 1');
  }, 30_000);

  it('starts, prints the URLs and a token hint, serves, and saves state on SIGINT', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'smh-emu-cli-'));
    try {
      let tokenStatus = 0;
      let asked = false;
      const r = await run(['--port', '0', '--data', path.join(root, 'd'), '--seed', '3'], (text, kill) => {
        const m = /curl -X POST '([^']+)'/.exec(text);
        if (!m || asked) return;
        asked = true;
        void fetch(m[1]!, { method: 'POST' }).then((res) => {
          tokenStatus = res.status;
          kill();
        });
      });
      expect(r.stdout).toMatch(/SMH API {4}http:\/\/127\.0\.0\.1:\d+/);
      expect(r.stdout).toMatch(/COS {8}http:\/\/127\.0\.0\.1:\d+/);
      expect(tokenStatus).toBe(200);
      expect(r.code).toBe(0);
      const { readFile } = await import('node:fs/promises');
      const state = JSON.parse(await readFile(path.join(root, 'd', 'state.json'), 'utf8'));
      expect(Object.keys(state.tokens)).toHaveLength(1);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 30_000);

  it('is strict about folders by default; --create-parent-directories, --reply-variance and --task-ttl switch the options on', async () => {
    const plain = await infoWith([]);
    expect(plain.info).toMatchObject({ createParentDirectories: false, replyVariance: false, taskTtlSeconds: 604800 });
    const kind = await infoWith(['--create-parent-directories', '--reply-variance', '--task-ttl', '60']);
    expect(kind.info).toMatchObject({ createParentDirectories: true, replyVariance: true, taskTtlSeconds: 60 });
  }, 60_000);

  it('accepts the old --strict-directories as a no-op with a note (strict is the default now)', async () => {
    const old = await infoWith(['--strict-directories']);
    expect(old.info).toMatchObject({ createParentDirectories: false });
    expect(old.stderr).toContain('--strict-directories is now the default');
    const both = await run(['--strict-directories', '--create-parent-directories']);
    expect(both.code).toBe(2);
  }, 60_000);
});
