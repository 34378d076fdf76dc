import { checkFileName, createI18n } from 'react-smh-upload';

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

/** Splits `a/b` into segments, or says why the folder cannot be used (SMH's name rules, as `checkFileName` has them). */
export function parseFolder(value: string): { segments: string[]; error?: undefined } | { segments?: undefined; error: string } {
  const segments = value.split('/').map((s) => s.trim()).filter((s) => s !== '');
  for (const segment of segments) {
    const problem = checkFileName(segment)?.problem;
    if (problem === 'nameDots') return { error: 'A folder name cannot be “.” or “..”.' };
    if (problem === 'nameCharacters') return { error: 'Folder names cannot contain \\ : * ? " < > | or control characters.' };
    if (problem === 'nameTooLong') return { error: 'Each folder name can be at most 255 bytes (UTF-8).' };
  }
  return { segments };
}
