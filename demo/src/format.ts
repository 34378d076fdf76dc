import { createI18n } from 'react-smh-upload';

/**
 * 1500 → "1.5 kB", rounded as the library's upload rows round, so a file reads the same size in
 * "Uploads" and "Finished files".
 */
export function formatBytes(bytes: number, locale?: string): string {
  return createI18n(locale).formatBytes(bytes);
}

export function joinPath(path: readonly string[] | string): string {
  return typeof path === 'string' ? path : path.join('/');
}

/** SMH refuses these in a name (docs/smh-protocol.md §7.2 `IllegalFileName`). */
// oxlint-disable-next-line no-control-regex -- control characters are exactly what SMH refuses
const ILLEGAL = /[\\:*?"<>|\u0000-\u001f]/;

/** Splits `a/b` into segments, or says why the folder cannot be used. */
export function parseFolder(value: string): { segments: string[]; error?: undefined } | { segments?: undefined; error: string } {
  const segments = value.split('/').map((s) => s.trim()).filter((s) => s !== '');
  for (const segment of segments) {
    if (segment === '.' || segment === '..') return { error: 'A folder name cannot be “.” or “..”.' };
    if (ILLEGAL.test(segment)) return { error: 'Folder names cannot contain \\ : * ? " < > |.' };
    if (segment.length > 255) return { error: 'Each folder name can be at most 255 characters.' };
  }
  return { segments };
}
