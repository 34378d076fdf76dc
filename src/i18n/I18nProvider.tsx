import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { canonicalLocale, createI18n } from './createI18n';
import type { Messages, SmhI18n } from './types';

const I18nContext = createContext<SmhI18n | null>(null);

export interface SmhI18nProviderProps {
  /** BCP 47 tag, e.g. `en`, `en-GB`, `zh-CN`. Default `en`. */
  locale?: string;
  /** Strings that replace the built-in ones for this locale. */
  messages?: Partial<Messages>;
  children?: ReactNode;
}

export function SmhI18nProvider({ locale, messages, children }: SmhI18nProviderProps) {
  const value = useMemo(() => createI18n(locale, messages), [locale, messages]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/**
 * The nearest provider's messages and formatters (English without one). A `locale` argument,
 * such as a component's `locale` prop, wins over the provider's when it names another locale.
 */
export function useSmhI18n(locale?: string): SmhI18n {
  const context = useContext(I18nContext);
  if (locale !== undefined && (context === null || canonicalLocale(locale) !== context.locale)) {
    return createI18n(locale);
  }
  return context ?? createI18n();
}
