import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SmhApiError } from '../../src/api/errors';
import { useUploads } from '../../src/react/useUploads';
import { makeFile, setupProvider } from './renderWithProvider';

describe('useUploads', () => {
  it('adds one task per file and shows each one finish', async () => {
    const { smh, Wrapper } = setupProvider({ provider: { defaults: { folder: 'inbox' } } });
    const { result } = renderHook(() => useUploads(), { wrapper: Wrapper });
    let added: ReturnType<typeof result.current.add> = [];
    act(() => {
      added = result.current.add([makeFile('a.txt'), makeFile('b.txt')]);
    });
    expect(added).toHaveLength(2);
    expect(result.current.tasks).toEqual(added);
    expect(result.current.snapshots.map((s) => s.fileName)).toEqual(['a.txt', 'b.txt']);
    await waitFor(() => expect(result.current.snapshots.map((s) => s.state)).toEqual(['done', 'done']));
    expect(smh.calls.begin).toEqual([
      ['inbox', 'a.txt'],
      ['inbox', 'b.txt'],
    ]);
  });

  it('starts each added file once under StrictMode', async () => {
    const { smh, Wrapper } = setupProvider({ strict: true });
    const { result } = renderHook(() => useUploads(), { wrapper: Wrapper });
    act(() => {
      result.current.add([makeFile('a.txt'), makeFile('b.txt')]);
    });
    await waitFor(() => expect(result.current.snapshots.map((s) => s.state)).toEqual(['done', 'done']));
    expect(smh.calls.begin).toHaveLength(2);
    expect(smh.calls.puts).toHaveLength(2);
  });

  it('runs no more uploads at once than queueConcurrency', async () => {
    const { smh, Wrapper } = setupProvider({ holdParts: true, provider: { queueConcurrency: 1 } });
    const { result } = renderHook(() => useUploads(), { wrapper: Wrapper });
    act(() => {
      result.current.add([makeFile('a.txt'), makeFile('b.txt')]);
    });
    await waitFor(() => expect(smh.heldParts).toBe(1));
    expect(smh.calls.begin).toHaveLength(1);
    smh.releaseParts();
    await waitFor(() => expect(result.current.snapshots.map((s) => s.state)).toEqual(['done', 'done']));
  });

  it("a failed task's own Retry (task.start()) waits for the queue's slot instead of running beside the other", async () => {
    const { smh, Wrapper } = setupProvider({ holdParts: true, provider: { queueConcurrency: 1 } });
    const begin = smh.client.beginSimpleUpload;
    let refused = false;
    smh.client.beginSimpleUpload = (path, options) => {
      if (refused) return begin(path, options);
      refused = true;
      return Promise.reject(new SmhApiError('SMH returned 400 InvalidParameter.', { status: 400, code: 'InvalidParameter' }));
    };
    const { result } = renderHook(() => useUploads(), { wrapper: Wrapper });
    act(() => {
      result.current.add([makeFile('a.txt'), makeFile('b.txt')]);
    });
    await waitFor(() => expect(result.current.snapshots.map((s) => s.state)).toEqual(['failed', 'uploading']));
    act(() => result.current.tasks[0]!.start());
    expect(result.current.snapshots[0]!.state).toBe('idle');
    expect(smh.heldParts).toBe(1);
    expect(smh.calls.begin).toEqual([['b.txt']]);
    smh.releaseParts();
    await waitFor(() => expect(result.current.snapshots.map((s) => s.state)).toEqual(['done', 'done']));
    expect(smh.calls.begin).toEqual([['b.txt'], ['a.txt']]);
  });

  it('remove takes a task off the list and cancels it when still under way', async () => {
    const { smh, Wrapper } = setupProvider({ holdParts: true });
    const { result } = renderHook(() => useUploads(), { wrapper: Wrapper });
    let id = '';
    act(() => {
      id = result.current.add(makeFile('a.txt'))[0]!.id;
    });
    await waitFor(() => expect(smh.heldParts).toBe(1));
    act(() => result.current.remove(id));
    expect(result.current.tasks).toEqual([]);
    await waitFor(() => expect(smh.calls.cancel).toEqual(['ck-1']));
  });

  it('clearFinished removes done and cancelled tasks and keeps the rest', async () => {
    const { smh, Wrapper } = setupProvider();
    const { result } = renderHook(() => useUploads(), { wrapper: Wrapper });
    await act(async () => {
      await Promise.all(result.current.add([makeFile('a.txt'), makeFile('b.txt')]).map((t) => t.settled));
    });
    await waitFor(() => expect(result.current.snapshots.every((s) => s.state === 'done')).toBe(true));
    // Held, so it is still running when the list is cleared.
    smh.holdParts();
    act(() => {
      result.current.add(makeFile('c.txt'));
    });
    await waitFor(() => expect(smh.heldParts).toBe(1));
    act(() => result.current.clearFinished());
    expect(result.current.snapshots.map((s) => s.fileName)).toEqual(['c.txt']);
  });

  it('pauseAll, resumeAll and cancelAll act on every task', async () => {
    const { smh, Wrapper } = setupProvider({ holdParts: true });
    const { result } = renderHook(() => useUploads(), { wrapper: Wrapper });
    act(() => {
      result.current.add([makeFile('a.txt'), makeFile('b.txt')]);
    });
    await waitFor(() => expect(smh.heldParts).toBe(2));
    act(() => result.current.pauseAll());
    await waitFor(() => expect(result.current.snapshots.map((s) => s.state)).toEqual(['paused', 'paused']));
    act(() => result.current.resumeAll());
    await waitFor(() => expect(smh.heldParts).toBe(2));
    await act(async () => {
      await result.current.cancelAll();
    });
    await waitFor(() =>
      expect(result.current.snapshots.map((s) => s.state)).toEqual(['cancelled', 'cancelled']),
    );
  });

  it('queues nothing when one of the files is not a File or Blob', () => {
    const { smh, Wrapper } = setupProvider();
    const { result } = renderHook(() => useUploads(), { wrapper: Wrapper });
    expect(() => result.current.add([makeFile('a.txt'), 42 as unknown as File])).toThrow(TypeError);
    expect(result.current.tasks).toEqual([]);
    expect(smh.calls.begin).toEqual([]);
  });

  it('shares one queue between every useUploads under the provider', () => {
    const { Wrapper } = setupProvider({ holdParts: true });
    const { result } = renderHook(() => ({ a: useUploads(), b: useUploads() }), { wrapper: Wrapper });
    act(() => {
      result.current.a.add(makeFile('a.txt'));
    });
    expect(result.current.b.tasks).toHaveLength(1);
    expect(result.current.b.tasks).toBe(result.current.a.tasks);
  });
});
