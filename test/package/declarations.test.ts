// The published declarations, as installed: every .d.ts reachable from the package's `types`
// entry, walked through its relative imports. No zod import or type may appear there: the schemas
// are internal, and a zod type in the public surface would tie users to zod's major version.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, test } from 'vitest';

const { packageDir } = inject('consumer');

/** The file a relative specifier in a .d.ts names (`./x`, `./x.js`, `./dir`). */
function resolveDeclaration(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier.replace(/\.js$/, ''));
  const found = [`${base}.d.ts`, path.join(base, 'index.d.ts')].find((file) => existsSync(file));
  if (!found) throw new Error(`${path.relative(packageDir, from)} imports ${specifier}, which has no declaration file`);
  return found;
}

/** Every declaration file reachable from `entry`, with its text. */
export async function reachableDeclarations(entry: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    const text = await readFile(file, 'utf8');
    seen.set(file, text);
    for (const match of text.matchAll(/(?:from\s+|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      queue.push(resolveDeclaration(file, match[1] as string));
    }
  }
  return seen;
}

describe('the published declarations', () => {
  test('reach no zod import and name no zod type, from the types entry', async () => {
    const manifest = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as { types: string };
    const files = await reachableDeclarations(path.join(packageDir, manifest.types));
    // The walk itself works: it reaches the api types and the engine types.
    const names = [...files.keys()].map((file) => path.relative(packageDir, file));
    expect(names).toEqual(expect.arrayContaining(['dist/types/index.d.ts', 'dist/types/api/types.d.ts', 'dist/types/core/types.d.ts']));
    const withZod = names.filter((_name, index) => /['"]zod(\/[^'"]*)?['"]|\bZod[A-Z]\w*|\bz\.\w+</.test([...files.values()][index] as string));
    expect(withZod).toEqual([]);
  });
});
