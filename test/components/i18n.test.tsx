import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createI18n, en, SmhI18nProvider, useSmhI18n, zhCN } from '../../src/i18n';
import type { Message, MessageKey } from '../../src/i18n';

function placeholders(message: Message): string[] {
  const texts: string[] = typeof message === 'string' ? [message] : Object.values(message);
  const names = new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '')));
  return [...names].toSorted();
}

describe('catalogues', () => {
  it('zh-CN has exactly the keys of en', () => {
    expect(Object.keys(zhCN).toSorted()).toEqual(Object.keys(en).toSorted());
  });

  it('every zh-CN message uses the same placeholders as its English one', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      expect({ key, placeholders: placeholders(zhCN[key]) }).toEqual({ key, placeholders: placeholders(en[key]) });
    }
  });

  it('no message is empty', () => {
    for (const catalogue of [en, zhCN]) {
      for (const [key, message] of Object.entries(catalogue)) {
        const texts: string[] = typeof message === 'string' ? [message] : Object.values(message);
        for (const text of texts) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
      }
    }
  });
});

describe('createI18n', () => {
  it('fills placeholders and formats numbers for the locale', () => {
    expect(createI18n('en').t('parts.summary', { stored: 4812, count: 10000 })).toBe('4,812 of 10,000 parts stored');
    expect(createI18n('zh-CN', zhCN).t('parts.summary', { stored: 4812, count: 10000 })).toBe('已存储 4,812 / 10,000 个分块');
  });

  it('picks the plural form from count', () => {
    const { t } = createI18n('en');
    expect(t('parts.summaryNoTotal', { count: 1 })).toBe('1 part stored');
    expect(t('parts.summaryNoTotal', { count: 3 })).toBe('3 parts stored');
  });

  it('formats bytes in decimal units and never as "1,000 kB"', () => {
    const i18n = createI18n('en');
    expect(i18n.formatBytes(1_234_567_890)).toBe('1.2 GB');
    expect(i18n.formatBytes(2_900_000_000)).toBe('2.9 GB');
    expect(i18n.formatBytes(999_950)).toBe('1 MB');
    expect(i18n.formatBytes(512)).toBe('512 bytes');
    expect(i18n.formatRate(3_400_000)).toBe('3.4 MB/s');
  });

  it('reads durations in at most two units', () => {
    const i18n = createI18n('en');
    expect(i18n.formatDuration(42)).toBe('42 seconds');
    expect(i18n.formatDuration(185)).toBe('3 minutes');
    expect(i18n.formatDuration(4800)).toBe('1 hour, 20 minutes');
    expect(createI18n('zh-CN', zhCN).formatDuration(4800)).toBe('1小时20分钟');
  });

  it('formats relative times against the given now', () => {
    const now = Date.UTC(2026, 0, 1, 10, 0, 0);
    expect(createI18n('en').formatRelativeTime(now + 4 * 60_000, now)).toBe('in 4 minutes');
    expect(createI18n('en').formatRelativeTime(now - 2 * 3_600_000, now)).toBe('2 hours ago');
    expect(createI18n('zh-CN', zhCN).formatRelativeTime(now + 4 * 60_000, now)).toBe('4分钟后');
  });

  it('falls back to English for an invalid locale instead of throwing', () => {
    const i18n = createI18n('not a locale!!');
    expect(i18n.locale).toBe('en');
    expect(i18n.t('action.pause')).toBe('Pause');
  });

  it('has only English built in: another locale without its catalogue formats for the locale in English words', () => {
    const i18n = createI18n('de-DE');
    expect(i18n.t('action.pause')).toBe('Pause');
    expect(i18n.formatNumber(4812)).toBe('4.812');
  });

  it('lays partial messages over English', () => {
    const { t } = createI18n('en-GB', { 'action.pause': 'Hold' });
    expect(t('action.pause')).toBe('Hold');
    expect(t('action.resume')).toBe('Resume');
  });

  it('shares one instance per locale and messages object', () => {
    expect(createI18n('en')).toBe(createI18n('en'));
    expect(createI18n('zh-CN', zhCN)).toBe(createI18n('zh-CN', zhCN));
    expect(createI18n('zh-CN', zhCN)).not.toBe(createI18n('zh-CN'));
  });
});

function Probe({ locale }: { locale?: string }) {
  const { t, locale: tag } = useSmhI18n(locale);
  return (
    <p>
      {tag}: {t('action.resume')}
    </p>
  );
}

describe('SmhI18nProvider', () => {
  it('defaults to English without a provider', () => {
    render(<Probe />);
    expect(screen.getByText('en: Resume')).toBeInTheDocument();
  });

  it('gives its locale and catalogue to the tree', () => {
    const messages = { ...zhCN, 'action.pause': '停一下' };
    render(
      <SmhI18nProvider locale="zh-CN" messages={messages}>
        <Probe />
        <PauseProbe />
      </SmhI18nProvider>,
    );
    expect(screen.getByText('zh-CN: 继续')).toBeInTheDocument();
    expect(screen.getByText('停一下')).toBeInTheDocument();
  });

  it('lets a component locale prop of another language win over the provider', () => {
    render(
      <SmhI18nProvider locale="zh-CN" messages={zhCN}>
        <Probe locale="en" />
      </SmhI18nProvider>,
    );
    expect(screen.getByText('en: Resume')).toBeInTheDocument();
  });

  it('keeps the provider words for a locale prop of the same language', () => {
    render(
      <SmhI18nProvider locale="zh-CN" messages={zhCN}>
        <Probe locale="zh-TW" />
      </SmhI18nProvider>,
    );
    expect(screen.getByText('zh-TW: 继续')).toBeInTheDocument();
  });
});

function PauseProbe() {
  return <span>{useSmhI18n().t('action.pause')}</span>;
}
