import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { canonicalLocale, createI18n, languageOf } from './createI18n';
import type { Messages, SmhI18n } from './types';

interface I18nContextValue {
  i18n: SmhI18n;
  messages: Partial<Messages> | undefined;
}

const I18nContext = createContext<I18nContextValue | null>(null);

export interface SmhI18nProviderProps {
  /** BCP 47 tag, e.g. `en`, `en-GB`, `zh-CN`. Default `en`. */
  locale?: string;
  /**
   * The words: a whole catalogue (`zhCN`, exported by this package) or some strings laid over
   * English. English is the only one built in, so other languages cost nothing unless imported.
   */
  messages?: Partial<Messages>;
  children?: ReactNode;
}

export function SmhI18nProvider({ locale, messages, children }: SmhI18nProviderProps) {
  const value = useMemo(() => ({ i18n: createI18n(locale, messages), messages }), [locale, messages]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/**
 * The nearest provider's words and formatters (English without one). A `locale` argument, such
 * as a component's `locale` prop, sets the formatting; it keeps the provider's words when it is
 * the same language (`zh-TW` under a `zh-CN` provider), and is English otherwise.
 */
export function useSmhI18n(locale?: string): SmhI18n {
  const context = useContext(I18nContext);
  if (context === null) return createI18n(locale);
  if (locale === undefined) return context.i18n;
  const tag = canonicalLocale(locale);
  if (tag === context.i18n.locale) return context.i18n;
  return createI18n(tag, languageOf(tag) === languageOf(context.i18n.locale) ? context.messages : undefined);
}
