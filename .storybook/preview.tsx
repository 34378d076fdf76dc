// oxlint-disable-next-line import/no-unassigned-import -- stylesheets are imported for their effect
import '../src/components/styles.css';
// oxlint-disable-next-line import/no-unassigned-import -- as above
import './preview.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Decorator, Preview } from '@storybook/react-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { useEffect, useState, type ReactNode } from 'react';
import { SmhUploadProvider } from '../src/react';
import { fixtureClient } from '../stories/fixtures';
import { LOCALES, i18nProps, localeOf, themeOf, type StoryLocale, type StoryTheme } from '../stories/locale';
import { startMockWorker } from '../stories/mockWorker';

interface FrameProps {
  locale: StoryLocale;
  theme: StoryTheme;
  /** In the canvas the page itself takes the theme; on a docs page only each story's frame. */
  paintPage: boolean;
  children: ReactNode;
}

/**
 * Each story gets its own QueryClient (no cache shared between stories) and an SmhUploadProvider
 * whose client points at the fixture URL that msw answers.
 */
function StoryFrame({ locale, theme, paintPage, children }: FrameProps) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: false } } }));
  const [client] = useState(fixtureClient);

  useEffect(() => {
    if (!paintPage) return;
    const { body } = document;
    body.dataset['theme'] = theme;
    body.classList.add('sb-smh-page');
    return () => {
      delete body.dataset['theme'];
      body.classList.remove('sb-smh-page');
    };
  }, [paintPage, theme]);

  return (
    <QueryClientProvider client={queryClient}>
      <SmhUploadProvider client={client} store={null} {...i18nProps(locale)}>
        <div className="sb-smh-frame" data-theme={theme} lang={locale}>
          {children}
        </div>
      </SmhUploadProvider>
    </QueryClientProvider>
  );
}

const withFrame: Decorator = (Story, context) => (
  <StoryFrame
    // A new story starts from scratch: fresh QueryClient, fresh provider queue.
    key={context.id}
    locale={localeOf(context.globals['locale'])}
    theme={themeOf(context.globals['theme'])}
    paintPage={context.viewMode === 'story'}
  >
    <Story />
  </StoryFrame>
);

const preview: Preview = {
  decorators: [withFrame],
  loaders: [
    mswLoader(startMockWorker),
  ],
  globalTypes: {
    locale: {
      description: 'Language and number formats of the components',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: LOCALES.map(({ value, title }) => ({ value, title, right: value })),
        dynamicTitle: true,
      },
    },
    theme: {
      description: 'Light or dark look (data-theme on the story frame and the page)',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'en', theme: 'light' },
  parameters: {
    layout: 'padded',
    // An axe violation fails the story's test run, not just a panel entry.
    a11y: { test: 'error' },
    controls: { expanded: true, matchers: { date: /(At|Time)$/ } },
    options: {
      storySort: {
        order: ['Introduction', 'Components', ['UploadStatus', 'UploadProgress', 'PartMap'], 'Live'],
      },
    },
  },
};

export default preview;
