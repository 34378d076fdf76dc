// The locales the Storybook toolbar offers, and what SmhUploadProvider needs for each. English is
// built in; Chinese is the catalogue an app would import (`messages={zhCN}`).
import { zhCN, type Messages } from '../src/i18n';

export type StoryLocale = 'en' | 'zh-CN';
export type StoryTheme = 'light' | 'dark';

export const LOCALES: ReadonlyArray<{ value: StoryLocale; title: string }> = [
  { value: 'en', title: 'English' },
  { value: 'zh-CN', title: '中文（简体）' },
];

export function localeOf(value: unknown): StoryLocale {
  return value === 'zh-CN' ? 'zh-CN' : 'en';
}

export function themeOf(value: unknown): StoryTheme {
  return value === 'dark' ? 'dark' : 'light';
}

/** `locale` and `messages` props for SmhUploadProvider / SmhI18nProvider. */
export function i18nProps(locale: StoryLocale): { locale: StoryLocale; messages?: Partial<Messages> } {
  return locale === 'zh-CN' ? { locale, messages: zhCN } : { locale };
}
