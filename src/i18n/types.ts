import type { en } from './messages/en';

/** A plural message: chosen by Intl.PluralRules from the `count` parameter; `other` is required. */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;
export type MessageKey = keyof typeof en;
/** A complete catalogue. Pass `Partial<Messages>` to the provider to override some strings. */
export type Messages = { readonly [K in MessageKey]: Message };
export type MessageParams = Readonly<Record<string, string | number>>;

export interface SmhI18n {
  /** The BCP 47 tag used for Intl formatting. */
  readonly locale: string;
  /** The message for `key` with `{placeholders}` filled; numbers are formatted for the locale. */
  t(key: MessageKey, params?: MessageParams): string;
  /** Decimal units: "1.2 GB". */
  formatBytes(bytes: number): string;
  /** "3.4 MB/s". */
  formatRate(bytesPerSecond: number): string;
  /** "3 minutes", "1 hr, 20 min". */
  formatDuration(seconds: number, style?: 'long' | 'short' | 'narrow'): string;
  /** "in 4 minutes", "2 hours ago"; `now` defaults to `Date.now()`. */
  formatRelativeTime(value: Date | number | string, now?: Date | number | string): string;
  formatNumber(value: number, options?: Intl.NumberFormatOptions): string;
  /** `fraction` is 0..1. */
  formatPercent(fraction: number, maximumFractionDigits?: number): string;
  formatDateTime(value: Date | number | string, options?: Intl.DateTimeFormatOptions): string;
}
