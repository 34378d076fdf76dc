import { QueryClientProvider } from '@tanstack/react-query';
import { act, render, renderHook, waitFor } from '@testing-library/react';
import { memo, useContext, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { useSmhI18n } from '../../src/i18n';
import { useSmhUpload } from '../../src/react/useSmhUpload';
import { SmhUploadProvider } from '../../src/react/SmhUploadProvider';
import { createFakeSmh } from './fakeSmh';
import { createTestQueryClient } from './helpers';
import { createUploadQueue } from '../../src/core';
import { useResumableUploads } from '../../src/react/useResumableUploads';
import { useUploads, type UseUploadsResult } from '../../src/react/useUploads';
import { currentQueue, SmhUploadContext } from '../../src/react/context';
import { smhUploadKeys } from '../../src/react/keys';
import type { UploadQueue } from '../../src/core';
import { MiB } from '../fixtures/smh';
import { makeFile, setupProvider } from './renderWithProvider';

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

  it('keeps the context, and what the hooks return, the same when defaults are passed inline with equal values', () => {
    const smh = createFakeSmh();
    const queryClient = createTestQueryClient();
    const transport = smh.transport;
    let renders = 0;
    const seen: unknown[] = [];
    const Consumer = memo(function Consumer() {
      renders += 1;
      seen.push(useUploads());
      return null;
    });
    function App({ concurrency }: { concurrency: number }) {
      return (
        <QueryClientProvider client={queryClient}>
          <SmhUploadProvider client={smh.client} store={null} defaults={{ concurrency, transport, folder: ['in', 'box'], meta: { team: 'a' } }}>
            <Consumer />
          </SmhUploadProvider>
        </QueryClientProvider>
      );
    }
    const { rerender } = render(<App concurrency={2} />);
    rerender(<App concurrency={2} />);
    rerender(<App concurrency={2} />);
    expect(renders).toBe(1);
    // A real change still reaches the hooks.
    rerender(<App concurrency={3} />);
    expect(renders).toBe(2);
    expect(seen[1]).not.toBe(seen[0]);
  });

  it('applies a new queueConcurrency: a higher limit starts waiting uploads, a lower one pauses none', async () => {
    const provider: { queueConcurrency?: number } = { queueConcurrency: 1 };
    const { smh, Wrapper } = setupProvider({ holdParts: true, provider });
    const { result, rerender } = renderHook(() => useUploads(), { wrapper: Wrapper });
    act(() => {
      result.current.add([makeFile('a.txt'), makeFile('b.txt'), makeFile('c.txt'), makeFile('d.txt')]);
    });
    await waitFor(() => expect(smh.heldParts).toBe(1));
    provider.queueConcurrency = 3;
    rerender();
    await waitFor(() => expect(smh.heldParts).toBe(3));
    provider.queueConcurrency = 1;
    rerender();
    expect(result.current.snapshots.map((s) => s.state)).toEqual(['uploading', 'uploading', 'uploading', 'idle']);
    // Back to the default lanes when the prop goes away (six small files at once): the fourth starts, nobody is paused.
    delete provider.queueConcurrency;
    rerender();
    await waitFor(() => expect(smh.heldParts).toBe(4));
    expect(result.current.snapshots.filter((s) => s.state === 'paused')).toEqual([]);
    smh.releaseParts();
    await waitFor(() => expect(result.current.snapshots.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done']));
  });

  it('applies new queueLimits after mount: more small files at once, and the defaults again without the prop', async () => {
    const provider: { queueLimits?: { smallFiles?: number; uploads?: number } } = { queueLimits: { smallFiles: 1 } };
    const { smh, Wrapper } = setupProvider({ holdParts: true, provider });
    const { result, rerender } = renderHook(() => ({ ...useUploads(), queue: useSmhUpload().queue }), { wrapper: Wrapper });
    const files = Array.from({ length: 8 }, (_, i) => makeFile(`${i}.txt`));
    act(() => {
      result.current.add(files);
    });
    await waitFor(() => expect(smh.heldParts).toBe(1));
    // An inline object each render: the same values change nothing.
    provider.queueLimits = { smallFiles: 1 };
    rerender();
    expect(smh.heldParts).toBe(1);
    provider.queueLimits = { smallFiles: 3 };
    rerender();
    await waitFor(() => expect(smh.heldParts).toBe(3));
    delete provider.queueLimits;
    rerender();
    await waitFor(() => expect(smh.heldParts).toBe(6));
    expect(result.current.queue.limits).toMatchObject({ smallFiles: 6, largeFiles: 2, smhCalls: 4, uploads: Infinity });
    smh.releaseParts();
    await waitFor(() => expect(result.current.snapshots.every((s) => s.state === 'done')).toBe(true));
  });

  it('makes no queue for a page that only watches statuses, and watches the one an uploading hook makes later', async () => {
    const { smh, queryClient, Wrapper } = setupProvider();
    const resumable = smhUploadKeys.resumable(smh.client.libraryId, smh.client.spaceId);
    queryClient.setQueryData(resumable, []);
    const queues: (UploadQueue | undefined)[] = [];
    function Peek() {
      queues.push(currentQueue(useContext(SmhUploadContext)!));
      return null;
    }
    let uploads: UseUploadsResult | undefined;
    function Uploader() {
      uploads = useUploads();
      return null;
    }
    const { rerender } = render(<Wrapper><Peek /></Wrapper>);
    // The engine and queue stay unloaded until something uploads.
    expect(queues).toEqual([undefined]);
    rerender(<Wrapper><Uploader /><Peek /></Wrapper>);
    expect(queues.at(-1)).toBeDefined();
    act(() => {
      uploads!.add(makeFile('late.txt'));
    });
    await waitFor(() => expect(uploads!.snapshots.map((s) => s.state)).toEqual(['done']));
    // The provider saw the task end in the queue made after it mounted: the resumable list is read again.
    await waitFor(() => expect(queryClient.getQueryState(resumable)?.isInvalidated).toBe(true));
  });

  it('sets the locale of the words and numbers below it', () => {
    const { Wrapper } = setupProvider({ provider: { locale: 'zh-CN' } });
    const { result } = renderHook(() => useSmhI18n(), { wrapper: Wrapper });
    expect(result.current.locale).toBe('zh-CN');
  });

  it('shares a queue made outside React between providers', () => {
    const queue = createUploadQueue();
    const first = setupProvider({ holdParts: true, provider: { queue } });
    const second = setupProvider({ provider: { queue } });
    const a = renderHook(() => useUploads(), { wrapper: first.Wrapper });
    const b = renderHook(() => useUploads(), { wrapper: second.Wrapper });
    act(() => {
      a.result.current.add(makeFile('shared.txt'));
    });
    expect(b.result.current.tasks).toHaveLength(1);
    act(() => a.result.current.pauseAll());
  });

  it('keeps resume records in browser storage by default, without any token or signature', async () => {
    localStorage.clear();
    const { smh, Wrapper } = setupProvider({
      store: 'default',
      holdParts: true,
      provider: { defaults: { simpleUploadThreshold: MiB, partSize: MiB } },
    });
    const { result } = renderHook(() => ({ uploads: useUploads(), resumable: useResumableUploads() }), {
      wrapper: Wrapper,
    });
    act(() => {
      result.current.uploads.add(makeFile('big.bin', 1.5 * MiB));
    });
    await waitFor(() => expect(smh.heldParts).toBeGreaterThan(0));
    await waitFor(() => expect(localStorage.getItem('react-smh-upload:v1')).toContain('"ck-1"'));
    const stored = localStorage.getItem('react-smh-upload:v1')!;
    expect(stored).not.toMatch(/q-signature|security-token|Authorization|access_token/i);
    // A reload: this page stops, a fresh provider (new queue) offers the upload for resume.
    act(() => result.current.uploads.pauseAll());
    await waitFor(() => expect(result.current.uploads.snapshots[0]?.state).toBe('paused'));
    const reloaded = setupProvider({ store: 'default' });
    const after = renderHook(() => useResumableUploads(), { wrapper: reloaded.Wrapper });
    await waitFor(() => expect(after.result.current.records.map((r) => r.confirmKey)).toEqual(['ck-1']));
    expect(after.result.current.records[0]).toMatchObject({ name: 'big.bin', size: 1.5 * MiB, partSize: MiB });
    localStorage.clear();
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
