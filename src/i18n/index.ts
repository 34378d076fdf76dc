// Messages and Intl formatting. A leaf: imports nothing from the other layers.
export { SmhI18nProvider, useSmhI18n } from './I18nProvider';
export type { SmhI18nProviderProps } from './I18nProvider';
export { createI18n, canonicalLocale } from './createI18n';
export { en } from './messages/en';
export { zhCN } from './messages/zh-CN';
export type { Message, MessageKey, MessageParams, Messages, PluralMessage, SmhI18n } from './types';
