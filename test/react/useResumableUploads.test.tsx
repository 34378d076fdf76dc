import { act, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { UploadStatus } from '../../src/components/UploadStatus';
import { lockName } from '../../src/core/locks';
import type { ResumeRecord } from '../../src/core/types';
import { smhUploadKeys } from '../../src/react/keys';
import { SmhUploadProvider } from '../../src/react/SmhUploadProvider';
import { useResumableUploads } from '../../src/react/useResumableUploads';
import { useUploads } from '../../src/react/useUploads';
import { createFakeLocks } from '../core/support/fakeLocks';
import { MiB } from '../fixtures/smh';
import { createMapStore } from './fakeSmh';
import { makeFile, setupProvider } from './renderWithProvider';

const LAST_MODIFIED = 1_767_225_600_000;
const bigFile = () => makeFile('big.bin', 2.5 * MiB, LAST_MODIFIED);

function record(overrides: Partial<ResumeRecord> = {}): ResumeRecord {
  return {
    confirmKey: 'ck-9',
    libraryId: 'smhtest',
    spaceId: '-',
    path: ['docs', 'big.bin'],
    name: 'big.bin',
    size: 2.5 * MiB,
    lastModified: LAST_MODIFIED,
    partSize: MiB,
    createdAt: LAST_MODIFIED,
    ...overrides,
  };
}

/** A page listing the records (each resumable with a wrong file) and the queue's cards, wired as the demo wires them. */
function ResumePage() {
  const resumable = useResumableUploads();
  const { tasks, snapshots } = useUploads();
  return (
    <>
      <p data-testid="offered">{resumable.records.map((r) => r.confirmKey).join()}</p>
      {resumable.records.map((r) => (
        <button key={r.confirmKey} type="button" onClick={() => resumable.resume(r, makeFile('big.bin', 2.5 * MiB, LAST_MODIFIED + 60_000))}>
          resume {r.name} with the wrong file
        </button>
      ))}
      {tasks.map((task, index) => {
        const stored = resumable.records.find((r) => r.confirmKey === snapshots[index]?.confirmKey);
        return (
          <UploadStatus
            key={task.id}
            task={task}
            onPickAgain={stored === undefined ? undefined : (file) => resumable.resume(stored, file)}
          />
        );
      })}
    </>
  );
}

describe('useResumableUploads', () => {
  it("lists this library space's records, with the file when the store kept it", async () => {
    const file = bigFile();
    const { store } = createMapStore([
      { record: record(), file },
      { record: record({ confirmKey: 'ck-other', libraryId: 'another-library' }) },
    ]);
    const { Wrapper } = setupProvider({ store });
    const { result } = renderHook(() => useResumableUploads(), { wrapper: Wrapper });
    expect(result.current.isLoading).toBe(true);
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    expect(result.current.records.map((r) => r.confirmKey)).toEqual(['ck-9']);
    expect(result.current.records[0]?.file).toBe(file);
  });

  it('keeps the lists of two providers with different stores apart on one QueryClient', async () => {
    const first = createMapStore([{ record: record({ confirmKey: 'ck-first' }) }]);
    const second = createMapStore([{ record: record({ confirmKey: 'ck-second' }) }]);
    const { smh, queryClient } = setupProvider();
    const wrapperFor = (store: typeof first.store) =>
      function Wrapper({ children }: { children: ReactNode }) {
        return (
          <QueryClientProvider client={queryClient}>
            <SmhUploadProvider client={smh.client} store={store} defaults={{ transport: smh.transport }}>
              {children}
            </SmhUploadProvider>
          </QueryClientProvider>
        );
      };
    const a = renderHook(() => useResumableUploads(), { wrapper: wrapperFor(first.store) });
    const b = renderHook(() => useResumableUploads(), { wrapper: wrapperFor(second.store) });
    await waitFor(() => expect(a.result.current.records.map((r) => r.confirmKey)).toEqual(['ck-first']));
    await waitFor(() => expect(b.result.current.records.map((r) => r.confirmKey)).toEqual(['ck-second']));
    // Invalidating by the documented prefix still reaches both.
    expect(queryClient.getQueryCache().findAll({ queryKey: smhUploadKeys.resumable('smhtest', '-') })).toHaveLength(2);
  });

  it('resumes from the stored file, sending only the parts SMH lacks', async () => {
    const { store, records } = createMapStore([{ record: record(), file: bigFile() }]);
    const { smh, Wrapper } = setupProvider({ store });
    smh.seedTask('ck-9', ['docs', 'big.bin'], [MiB]);
    const { result } = renderHook(() => useResumableUploads(), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.records).toHaveLength(1));
    let final;
    await act(async () => {
      final = await result.current.resume(result.current.records[0]!).settled;
    });
    expect(final).toMatchObject({ state: 'done', confirmKey: 'ck-9' });
    expect(smh.calls.begin).toEqual([]);
    expect(smh.calls.puts.map((p) => p.partNumber)).toEqual([2, 3]);
    expect(smh.calls.confirm).toEqual(['ck-9']);
    expect(records.has('ck-9')).toBe(false);
    await waitFor(() => expect(result.current.records).toEqual([]));
  });

  it('asks for the file again when the store kept none, and resumes with it', async () => {
    const { store } = createMapStore([{ record: record() }]);
    const { smh, Wrapper } = setupProvider({ store });
    smh.seedTask('ck-9', ['docs', 'big.bin'], [MiB, MiB]);
    const { result } = renderHook(() => useResumableUploads(), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.records).toHaveLength(1));
    const waiting = result.current.records[0]!;
    expect(waiting.file).toBeUndefined();
    expect(() => result.current.resume(waiting)).toThrow(TypeError);
    let final;
    await act(async () => {
      final = await result.current.resume(waiting, bigFile()).settled;
    });
    expect(final).toMatchObject({ state: 'done' });
    expect(smh.calls.puts.map((p) => p.partNumber)).toEqual([3]);
  });

  it('discard drops the task on SMH and forgets the record', async () => {
    const { store, records } = createMapStore([{ record: record() }, { record: record({ confirmKey: 'ck-gone' }) }]);
    const { smh, Wrapper } = setupProvider({ store });
    smh.seedTask('ck-9', ['docs', 'big.bin'], [MiB]);
    const { result } = renderHook(() => useResumableUploads(), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.records).toHaveLength(2));
    await act(async () => {
      await result.current.discard('ck-9');
      // Already gone on SMH (404): still forgotten, no error.
      await result.current.discard('ck-gone');
    });
    expect(smh.calls.cancel).toEqual(['ck-9', 'ck-gone']);
    expect(records.size).toBe(0);
    await waitFor(() => expect(result.current.records).toEqual([]));
  });

  it('discard refuses, with ResumeLocked, an upload another tab is sending, and keeps it', async () => {
    const locks = createFakeLocks();
    Object.defineProperty(navigator, 'locks', { configurable: true, value: locks });
    try {
      const { store, records } = createMapStore([{ record: record() }]);
      const { smh, Wrapper } = setupProvider({ store });
      smh.seedTask('ck-9', ['docs', 'big.bin'], [MiB]);
      const { result } = renderHook(() => useResumableUploads(), { wrapper: Wrapper });
      await waitFor(() => expect(result.current.records).toHaveLength(1));
      // The other tab holds the task's lock while it sends.
      let release!: () => void;
      void locks.request(lockName('ck-9'), { ifAvailable: true }, () => new Promise<void>((done) => (release = done)));
      await expect(result.current.discard('ck-9')).rejects.toMatchObject({ name: 'UploadError', code: 'ResumeLocked' });
      expect(smh.calls.cancel).toEqual([]);
      expect(records.has('ck-9')).toBe(true);
      release();
    } finally {
      delete (navigator as { locks?: unknown }).locks;
    }
  });

  it('offers the record again after the wrong file was picked, and the right one then replaces the failed try', async () => {
    const { store } = createMapStore([{ record: record() }]);
    const { smh, Wrapper } = setupProvider({ store });
    smh.seedTask('ck-9', ['docs', 'big.bin'], [MiB]);
    const { result } = renderHook(() => ({ resumable: useResumableUploads(), uploads: useUploads() }), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.resumable.records).toHaveLength(1));
    // Same name and size, another file (it was modified later).
    const wrong = makeFile('big.bin', 2.5 * MiB, LAST_MODIFIED + 60_000);
    let failed;
    await act(async () => {
      failed = await result.current.resumable.resume(result.current.resumable.records[0]!, wrong).settled;
    });
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'FileMismatch' } });
    expect(smh.calls.puts).toEqual([]);
    await waitFor(() => expect(result.current.resumable.records.map((r) => r.confirmKey)).toEqual(['ck-9']));

    let final;
    await act(async () => {
      final = await result.current.resumable.resume(result.current.resumable.records[0]!, bigFile()).settled;
    });
    expect(final).toMatchObject({ state: 'done', confirmKey: 'ck-9' });
    expect(result.current.uploads.tasks).toHaveLength(1);
  });

  it("a wrong pick's card offers Pick again and Dismiss; Dismiss drops only the attempt, never the stored upload", async () => {
    const user = userEvent.setup();
    const { store, records } = createMapStore([{ record: record() }]);
    const { smh, Wrapper } = setupProvider({ store });
    smh.seedTask('ck-9', ['docs', 'big.bin'], [MiB]);
    render(<ResumePage />, { wrapper: Wrapper });
    await user.click(await screen.findByRole('button', { name: 'resume big.bin with the wrong file' }));
    const card = await screen.findByRole('article', { name: 'big.bin' });
    await waitFor(() => expect(within(card).getByText('Not the same file')).toBeInTheDocument());
    expect(within(card).getAllByRole('button').map((b) => b.textContent)).toEqual(['Pick again', 'Dismiss']);
    await user.click(within(card).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('article')).toBeNull();
    // The stored upload it was compared with is untouched: on SMH, in the store, and on offer.
    expect(smh.calls.cancel).toEqual([]);
    expect(records.has('ck-9')).toBe(true);
    expect(screen.getByTestId('offered')).toHaveTextContent('ck-9');
  });

  it("a wrong pick's Pick again resumes with the right file, sending only the parts SMH lacks", async () => {
    const user = userEvent.setup();
    const { store } = createMapStore([{ record: record() }]);
    const { smh, Wrapper } = setupProvider({ store });
    smh.seedTask('ck-9', ['docs', 'big.bin'], [MiB, MiB]);
    const { container } = render(<ResumePage />, { wrapper: Wrapper });
    await user.click(await screen.findByRole('button', { name: 'resume big.bin with the wrong file' }));
    const card = await screen.findByRole('article', { name: 'big.bin' });
    await within(card).findByRole('button', { name: 'Pick again' });
    await user.upload(container.querySelector<HTMLInputElement>('article input[type="file"]')!, bigFile());
    await waitFor(() => expect(screen.getByRole('article', { name: 'big.bin' })).toHaveAttribute('data-state', 'done'));
    expect(screen.getAllByRole('article')).toHaveLength(1);
    expect(smh.calls.puts.map((p) => p.partNumber)).toEqual([3]);
    expect(smh.calls.cancel).toEqual([]);
  });

  it('marks a record another tab is sending, and clears the mark once that tab lets go', async () => {
    const locks = createFakeLocks();
    Object.defineProperty(navigator, 'locks', { configurable: true, value: locks });
    try {
      let release!: () => void;
      void locks.request(lockName('ck-9'), { ifAvailable: true }, () => new Promise<void>((done) => (release = done)));
      const { store } = createMapStore([{ record: record() }, { record: record({ confirmKey: 'ck-idle' }) }]);
      const { Wrapper } = setupProvider({ store });
      const { result } = renderHook(() => useResumableUploads(), { wrapper: Wrapper });
      await waitFor(() => expect(result.current.records).toHaveLength(2));
      expect(result.current.records.map((r) => [r.confirmKey, r.inAnotherTab ?? false])).toEqual([
        ['ck-9', true],
        ['ck-idle', false],
      ]);
      release();
      await waitFor(() => expect(locks.held.size).toBe(0));
      await act(() => result.current.refresh());
      await waitFor(() => expect(result.current.records.map((r) => r.inAnotherTab ?? false)).toEqual([false, false]));
    } finally {
      delete (navigator as { locks?: unknown }).locks;
    }
  });

  it('does not list an upload that is running in this page', async () => {
    const { store, records } = createMapStore();
    const { smh, Wrapper } = setupProvider({
      store,
      holdParts: true,
      provider: { defaults: { simpleUploadThreshold: MiB, partSize: MiB } },
    });
    const { result } = renderHook(() => ({ resumable: useResumableUploads(), uploads: useUploads() }), {
      wrapper: Wrapper,
    });
    act(() => {
      result.current.uploads.add(makeFile('running.bin', 1.5 * MiB));
    });
    await waitFor(() => expect(smh.heldParts).toBeGreaterThan(0));
    await waitFor(() => expect(records.has('ck-1')).toBe(true));
    await act(async () => {
      await result.current.resumable.refresh();
    });
    expect(result.current.resumable.records).toEqual([]);
    smh.releaseParts();
  });

  it('lists nothing and loads nothing without a store', () => {
    const { Wrapper } = setupProvider({ store: null });
    const { result } = renderHook(() => useResumableUploads(), { wrapper: Wrapper });
    expect(result.current.records).toEqual([]);
    expect(result.current.isLoading).toBe(false);
  });
});
