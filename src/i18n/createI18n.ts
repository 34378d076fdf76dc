import {
  formatBytes,
  formatDateTime,
  formatDuration,
  formatPercent,
  formatRate,
  formatRelativeTime,
  numberFormat,
  pluralRulesFor,
} from './format';
import { en } from './messages/en';
import type { Message, MessageParams, Messages, SmhI18n } from './types';

export const defaultLocale = 'en';

/** Canonical BCP 47 tag; an invalid or empty tag falls back to English rather than break rendering. */
export function canonicalLocale(locale: string | undefined): string {
  if (!locale) return defaultLocale;
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? defaultLocale;
  } catch {
    return defaultLocale;
  }
}

/** The language subtag: `zh` for `zh-Hans-CN`. */
export function languageOf(locale: string): string {
  return locale.split('-')[0]?.toLowerCase() ?? '';
}

const PLACEHOLDER = /\{(\w+)\}/g;

function createI18nUncached(locale: string, messages: Messages): SmhI18n {
  const formatNumber = (value: number, options?: Intl.NumberFormatOptions): string =>
    numberFormat(locale, options).format(value);

  const pick = (message: Message, params: MessageParams | undefined): string => {
    if (typeof message === 'string') return message;
    const count = Number(params?.['count'] ?? 0);
    return message[pluralRulesFor(locale).select(count)] ?? message.other;
  };

  return {
    locale,
    t(key, params) {
      const message = messages[key] ?? en[key];
      // A key unknown to both catalogues (a JS caller's typo) shows itself rather than nothing.
      if (message === undefined) return String(key);
      return pick(message, params).replace(PLACEHOLDER, (whole, name: string) => {
        const value = params?.[name];
        if (value === undefined) return whole;
        return typeof value === 'number' ? formatNumber(value) : value;
      });
    },
    formatBytes: (bytes) => formatBytes(locale, bytes),
    formatRate: (bytesPerSecond) => formatRate(locale, bytesPerSecond),
    formatDuration: (seconds, style) => formatDuration(locale, seconds, style),
    formatRelativeTime: (value, now) => formatRelativeTime(locale, value, now),
    formatNumber,
    formatPercent: (fraction, digits) => formatPercent(locale, fraction, digits),
    formatDateTime: (value, options) => formatDateTime(locale, value, options),
  };
}

const plain = new Map<string, SmhI18n>();
const withMessages = new WeakMap<Partial<Messages>, Map<string, SmhI18n>>();

/**
 * An i18n object for `locale`: English words with `messages` laid over them (pass `zhCN` for
 * Chinese), formatted for `locale`. Instances are shared per (locale, messages object), so
 * components can compare them by identity.
 */
export function createI18n(locale?: string, messages?: Partial<Messages>): SmhI18n {
  const tag = canonicalLocale(locale);
  let cache = plain;
  if (messages !== undefined) {
    cache = withMessages.get(messages) ?? new Map();
    withMessages.set(messages, cache);
  }
  let instance = cache.get(tag);
  if (instance === undefined) {
    instance = createI18nUncached(tag, messages === undefined ? en : { ...en, ...messages });
    cache.set(tag, instance);
  }
  return instance;
}
