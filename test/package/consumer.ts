// What test/package/globalSetup.ts provides: `inject('consumer')`, plus helpers that run code
// in the consumer project exactly as a user's Node process would.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface ConsumerContext {
  /** A temp project with the packed tarball and the peers installed by npm, outside the repo. */
  dir: string;
  /** `<dir>/node_modules/react-smh-upload`. */
  packageDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    consumer: ConsumerContext;
  }
}

const run = promisify(execFile);

/**
 * Runs an ES module in a fresh `node` inside the consumer project, so bare specifiers resolve
 * through its node_modules and the package's exports map, never through this repo.
 * The module prints one JSON line with `console.log(JSON.stringify(result))`.
 */
export async function runModule<T>(cwd: string, code: string, timeout = 20_000): Promise<T> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { cwd, timeout });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as T;
}
