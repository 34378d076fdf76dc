// Intl-based formatting. Formatters are costly to build, so each (locale, options) pair is made
// once and kept; nothing here touches a browser global, so it runs the same on a server.

// One cache for every kind of formatter: the key names the kind, the locale and the options.
const formatters = new Map<string, unknown>();

function cached<T>(key: string, make: () => T): T {
  let value = formatters.get(key) as T | undefined;
  if (value === undefined) {
    value = make();
    formatters.set(key, value);
  }
  return value;
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
}

export function pluralRulesFor(locale: string): Intl.PluralRules {
  return cached(`p|${locale}`, () => new Intl.PluralRules(locale));
}

// Decimal units, as Intl names them (a "gigabyte" is 10^9 bytes), so the number and its unit agree.
const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'] as const;

function scaleBytes(bytes: number): { value: number; unit: (typeof BYTE_UNITS)[number] } {
  let value = Math.abs(bytes);
  let index = 0;
  // Round before choosing the unit so 999,950 bytes reads "1 MB", not "1,000 kB".
  while (index < BYTE_UNITS.length - 1 && Number((value).toPrecision(3)) >= 1000) {
    value /= 1000;
    index += 1;
  }
  return { value: Math.sign(bytes) * value, unit: BYTE_UNITS[index] ?? 'byte' };
}

function significant(value: number, unit: string): Intl.NumberFormatOptions {
  // Whole bytes; otherwise one decimal below 10 ("1.2 GB", "12 GB", "120 GB").
  const fractionDigits = unit.startsWith('byte') || Math.abs(value) >= 10 ? 0 : 1;
  return { maximumFractionDigits: fractionDigits, minimumFractionDigits: 0 };
}

export function formatBytes(locale: string, bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  const { value, unit } = scaleBytes(bytes);
  // CLDR's short "byte" reads "512 byte" in English; the long form says "512 bytes".
  const unitDisplay = unit === 'byte' ? 'long' : 'short';
  return numberFormat(locale, { style: 'unit', unit, unitDisplay, ...significant(value, unit) }).format(value);
}

export function formatRate(locale: string, bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond)) return '–';
  const { value, unit } = scaleBytes(bytesPerSecond);
  const perSecond = `${unit}-per-second`;
  return numberFormat(locale, { style: 'unit', unit: perSecond, unitDisplay: 'short', ...significant(value, unit) }).format(
    value,
  );
}

export type DurationStyle = 'long' | 'short' | 'narrow';

/**
 * A duration in at most two units, rounded to what a person reads ("3 minutes", "1 hr, 20 min").
 * Intl.DurationFormat is not in every runtime we support yet, so units are joined with ListFormat.
 */
export function formatDuration(locale: string, seconds: number, style: DurationStyle = 'long'): string {
  if (!Number.isFinite(seconds)) return '–';
  let rest = Math.max(0, Math.round(seconds));
  const amount = (value: number, unit: string): string =>
    numberFormat(locale, { style: 'unit', unitDisplay: style, unit }).format(value);
  if (rest < 60) return amount(rest, 'second');
  if (rest < 3600) return amount(Math.round(rest / 60), 'minute');
  const parts: string[] = [];
  const days = Math.floor(rest / 86400);
  if (days > 0) {
    parts.push(amount(days, 'day'));
    rest -= days * 86400;
    const hours = Math.round(rest / 3600);
    if (hours > 0) parts.push(amount(hours, 'hour'));
  } else {
    const minutesTotal = Math.round(rest / 60);
    const minutes = minutesTotal % 60;
    parts.push(amount(Math.floor(minutesTotal / 60), 'hour'));
    if (minutes > 0) parts.push(amount(minutes, 'minute'));
  }
  const list = cached(`l|${locale}|${style}`, () => new Intl.ListFormat(locale, { type: 'unit', style }));
  return list.format(parts);
}

const RELATIVE_STEPS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.345],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

export type DateInput = Date | number | string;

function toMillis(value: DateInput): number {
  return value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
}

/** "in 4 minutes", "2 hours ago"; `now` is injectable so tests and the server clock can be used. */
export function formatRelativeTime(locale: string, value: DateInput, now: DateInput = Date.now()): string {
  const target = toMillis(value);
  const base = toMillis(now);
  if (!Number.isFinite(target) || !Number.isFinite(base)) return '–';
  let amount = (target - base) / 1000;
  const format = cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) return format.format(Math.round(amount), unit);
    amount /= size;
  }
  return format.format(Math.round(amount), 'year');
}

export function formatDateTime(
  locale: string,
  value: DateInput,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' },
): string {
  const millis = toMillis(value);
  if (!Number.isFinite(millis)) return '–';
  const format = cached(`d|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
  return format.format(millis);
}

/** `fraction` is 0..1; whole percent unless asked otherwise. */
export function formatPercent(locale: string, fraction: number, maximumFractionDigits = 0): string {
  if (!Number.isFinite(fraction)) return '–';
  return numberFormat(locale, { style: 'percent', maximumFractionDigits }).format(fraction);
}
