// What a developer reads when a path is refused: which path, which segment, where, and the rule.
import { describe, expect, it } from 'vitest';
import { SmhError } from '../../src/api/errors';
import { splitSmhPath } from '../../src/api/path';

const refusal = (path: Parameters<typeof splitSmhPath>[0]): SmhError => {
  try {
    splitSmhPath(path);
  } catch (error) {
    if (error instanceof SmhError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(path)} was accepted`);
};

const RULE = 'SMH paths are folder and file names separated by "/", without empty, "." or ".." parts.';

describe('a refused path says what is wrong with it', () => {
  it.each([
    ['a//b', 'The path "a//b" has an empty segment at position 2; '],
    ['a/./b', 'The path "a/./b" has a "." segment at position 2; '],
    ['../x', 'The path "../x" has a ".." segment at position 1; '],
    ['a/', 'The path "a/" has an empty segment at position 2; '],
    ['//a', 'The path "//a" has an empty segment at position 1; '],
  ])('%s', (path, start) => {
    const error = refusal(path);
    expect(error).toMatchObject({ code: 'InvalidPath', message: start + RULE });
  });

  it('shows an array path as an array, and names a segment that is not a string', () => {
    const error = refusal(['docs', 7 as unknown as string]);
    expect(error.message).toBe(`The path ["docs",7] has a non-string (number) segment at position 2; ${RULE}`);
    expect(refusal(['', 'docs']).message).toBe(`The path ["","docs"] has an empty segment at position 1; ${RULE}`);
    expect(refusal(['docs', '..']).message).toBe(`The path ["docs",".."] has a ".." segment at position 2; ${RULE}`);
  });

  it.each([[''], ['/'], [[] as string[]], [['']]])('refuses the empty path %j with its own message', (path) => {
    expect(refusal(path)).toMatchObject({
      code: 'InvalidPath',
      message: 'The path is empty; give a file path such as "folder/file.txt".',
    });
  });

  it('accepts a single name', () => {
    expect(splitSmhPath('report.pdf')).toEqual(['report.pdf']);
    expect(splitSmhPath(['report.pdf'])).toEqual(['report.pdf']);
  });
});
