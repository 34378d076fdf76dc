import { describe, expect, it } from 'vitest';
import { SmhError } from '../../src/api/errors';
import { encodeSmhPath, splitSmhPath } from '../../src/api/path';
import { createUpload } from '../../src/core';
import { pathSegments, formatPath } from '../../src/components/shared';
import { createSmhClient } from '../../src/api/client';

describe('splitSmhPath: one rule for every layer', () => {
  it('splits on "/" and drops one leading slash', () => {
    expect(splitSmhPath('a/b/c.txt')).toEqual(['a', 'b', 'c.txt']);
    expect(splitSmhPath('/a/b/c.txt')).toEqual(['a', 'b', 'c.txt']);
    expect(splitSmhPath(['a/b', 'c'])).toEqual(['a/b', 'c']);
  });

  it.each(['', '/', 'a//b', 'a/', '//a', 'a/./b', 'a/../b'])('refuses %j with InvalidPath', (path) => {
    const error = (() => {
      try {
        splitSmhPath(path);
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(SmhError);
    expect((error as SmhError).code).toBe('InvalidPath');
  });

  it('encodes each segment and keeps the separators', () => {
    expect(encodeSmhPath('/a b/c?.txt')).toBe('a%20b/c%3F.txt');
  });

  it('the engine refuses "a//b" as the client does, instead of quietly uploading to a/b', () => {
    const client = createSmhClient({ baseUrl: 'https://x.example', libraryId: 'lib', accessToken: 't' });
    expect(() => createUpload({ client, file: new Blob(['x']), path: 'a//b.txt' })).toThrow(/empty segment/);
  });

  it('components show a path the rule refuses as given rather than throwing', () => {
    expect(formatPath('a//b')).toBe('/a//b');
    expect(pathSegments('/x/y')).toEqual(['x', 'y']);
  });
});
