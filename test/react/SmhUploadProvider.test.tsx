import { QueryClientProvider } from '@tanstack/react-query';
import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { useSmhI18n } from '../../src/i18n';
import { useSmhUpload } from '../../src/react/context';
import { SmhUploadProvider } from '../../src/react/SmhUploadProvider';
import { createFakeSmh } from './fakeSmh';
import { createTestQueryClient } from './helpers';
import { setupProvider } from './renderWithProvider';

describe('SmhUploadProvider', () => {
  it('gives the hooks its client and defaults and the app QueryClient', () => {
    const { smh, queryClient, Wrapper } = setupProvider({ provider: { defaults: { folder: 'inbox' } } });
    const { result } = renderHook(() => useSmhUpload(), { wrapper: Wrapper });
    expect(result.current.client).toBe(smh.client);
    expect(result.current.queryClient).toBe(queryClient);
    expect(result.current.defaults.folder).toBe('inbox');
  });

  it('keeps one queue across re-renders', () => {
    const { Wrapper } = setupProvider();
    const { result, rerender } = renderHook(() => useSmhUpload(), { wrapper: Wrapper });
    const first = result.current.queue;
    rerender();
    expect(result.current.queue).toBe(first);
  });

  it('sets the locale of the words and numbers below it', () => {
    const { Wrapper } = setupProvider({ provider: { locale: 'zh-CN' } });
    const { result } = renderHook(() => useSmhI18n(), { wrapper: Wrapper });
    expect(result.current.locale).toBe('zh-CN');
  });

  it('needs the app QueryClientProvider and says so', () => {
    const smh = createFakeSmh();
    const Wrapper = ({ children }: { children: ReactNode }) => (
      <SmhUploadProvider client={smh.client}>{children}</SmhUploadProvider>
    );
    expect(() => renderHook(() => useSmhUpload(), { wrapper: Wrapper })).toThrow(/QueryClient/);
  });

  it('useSmhUpload outside the provider throws an error naming the provider', () => {
    const queryClient = createTestQueryClient();
    const Wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    );
    expect(() => renderHook(() => useSmhUpload(), { wrapper: Wrapper })).toThrow(/SmhUploadProvider/);
  });
});
