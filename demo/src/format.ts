const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** 1500 → "1.5 kB" (SI steps, the units Intl names correctly). */
export function formatBytes(bytes: number, locale?: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

export function joinPath(path: readonly string[] | string): string {
  return typeof path === 'string' ? path : path.join('/');
}

/** SMH refuses these in a name (smh-api.md §7.2 `IllegalFileName`). */
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
