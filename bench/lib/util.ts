export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** Rejects with a TimeoutError after `ms`; the timer never keeps the process alive. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(message)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.toSorted((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(bytes % GiB ? 2 : 0)} GiB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(bytes % MiB ? 1 : 0)} MiB`;
  if (bytes >= KiB) return `${(bytes / KiB).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** Bundle sizes in KB = 1000 bytes, as docs/design.md's targets and bundlephobia-style figures are. */
export const formatKB = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

export const mibPerSecond = (bytes: number, ms: number) => bytes / MiB / (ms / 1000);

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;]*m/g;

/** The telling line of an error (a bundler's "Build failed with 1 error:" header skipped), short enough for a table cell. */
export function reason(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).replace(ansi, '');
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  const telling = lines.find((line) => !/^Build failed with \d+ errors?:?$/.test(line)) ?? lines[0] ?? '';
  return telling.replace(/\|/g, '/').slice(0, 160);
}
