// The one place an SmhPath becomes segments. Every layer (client, engine, hooks, components) goes
// through `splitSmhPath`, so `a//b` means the same thing everywhere: it is refused.
import { SmhError } from './errors';
import type { SmhPath } from './types';

function invalidPath(path: SmhPath, segment: unknown, index: number): SmhError {
  const shown = typeof path === 'string' ? JSON.stringify(path) : JSON.stringify([...path]);
  const what = segment === '' ? 'an empty' : typeof segment === 'string' ? `a "${segment}"` : `a non-string (${typeof segment})`;
  return new SmhError(
    `The path ${shown} has ${what} segment at position ${index + 1}; ` +
      'SMH paths are folder and file names separated by "/", without empty, "." or ".." parts.',
    'InvalidPath',
  );
}

/**
 * Splits `path` into its folder and file names. A string may start with one `/` (paths are written
 * that way in SMH's replies and in people's heads); after that, empty, `.` and `..` segments are
 * refused with `SmhError('InvalidPath')`, because URL normalisation would silently move the request
 * to another path. An empty path is refused too.
 */
export function splitSmhPath(path: SmhPath): string[] {
  const segments = typeof path === 'string' ? (path.startsWith('/') ? path.slice(1) : path).split('/') : [...path];
  if (segments.length === 0 || (segments.length === 1 && segments[0] === '')) {
    throw new SmhError('The path is empty; give a file path such as "folder/file.txt".', 'InvalidPath');
  }
  segments.forEach((segment, index) => {
    if (typeof segment !== 'string' || segment === '' || segment === '.' || segment === '..') {
      throw invalidPath(path, segment, index);
    }
  });
  return segments;
}

/**
 * Encodes an `SmhPath` for the URL: each segment `encodeURIComponent`-ed and joined by a literal
 * `/`. The docs show raw slashes between segments (`foo/bar/file.docx`); Tencent's browser SDK sends
 * `%2F` instead, and the server accepts both (docs/smh-protocol.md §2, inferred), so a segment's own
 * characters are all escaped while the separators stay readable.
 */
export function encodeSmhPath(path: SmhPath): string {
  return splitSmhPath(path).map(encodeURIComponent).join('/');
}
