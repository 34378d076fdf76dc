import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { UploadTaskStatus } from '../../src/api/types';
import { smhUploadKeys } from '../../src/react/keys';
import { useUpload } from '../../src/react/useUpload';
import { useUploadStatus } from '../../src/react/useUploadStatus';
import { makeUploadTaskStatus } from '../fixtures/smh';
import { makeFile, setupProvider } from './renderWithProvider';

describe('useUpload', () => {
  it('uploads a file into the default folder and follows it to done', async () => {
    const { smh, Wrapper } = setupProvider({ provider: { defaults: { folder: 'team/docs' } } });
    const { result } = renderHook(() => useUpload(), { wrapper: Wrapper });
    expect(result.current.task).toBeUndefined();
    act(() => {
      result.current.upload(makeFile('report.pdf'));
    });
    await waitFor(() => expect(result.current.snapshot?.state).toBe('done'));
    expect(smh.calls.begin).toEqual([['team', 'docs', 'report.pdf']]);
    expect(result.current.snapshot?.storedBytes).toBe(1_000);
  });

  it('lets one call override the folder, the name or the whole path', async () => {
    const { smh, Wrapper } = setupProvider({ provider: { defaults: { folder: 'inbox' } } });
    const { result } = renderHook(() => useUpload(), { wrapper: Wrapper });
    await act(async () => {
      await result.current.upload(makeFile('a.txt'), { folder: ['x', 'y'] }).settled;
      await result.current.upload(makeFile('b.txt'), { name: 'renamed.txt' }).settled;
      await result.current.upload(makeFile('c.txt'), { path: 'exact/where.txt' }).settled;
    });
    expect(smh.calls.begin).toEqual([
      ['x', 'y', 'a.txt'],
      ['inbox', 'renamed.txt'],
      ['exact', 'where.txt'],
    ]);
  });

  it('starts the upload once under StrictMode', async () => {
    const { smh, Wrapper } = setupProvider({ strict: true });
    const { result } = renderHook(() => useUpload(), { wrapper: Wrapper });
    act(() => {
      result.current.upload(makeFile());
    });
    await waitFor(() => expect(result.current.snapshot?.state).toBe('done'));
    expect(smh.calls.begin).toHaveLength(1);
    expect(smh.calls.puts).toHaveLength(1);
    expect(smh.calls.confirm).toHaveLength(1);
  });

  it('keeps uploading after the component that started it unmounts', async () => {
    const { smh, Wrapper } = setupProvider({ holdParts: true });
    const { result, unmount } = renderHook(() => useUpload(), { wrapper: Wrapper });
    let task!: ReturnType<typeof result.current.upload>;
    act(() => {
      task = result.current.upload(makeFile());
    });
    await waitFor(() => expect(smh.heldParts).toBe(1));
    unmount();
    smh.releaseParts();
    const final = await task.settled;
    expect(final.state).toBe('done');
    expect(smh.calls.cancel).toEqual([]);
  });

  it('pauses, resumes and cancels the task it follows', async () => {
    const { smh, Wrapper } = setupProvider({ holdParts: true });
    const { result } = renderHook(() => useUpload(), { wrapper: Wrapper });
    act(() => {
      result.current.upload(makeFile());
    });
    await waitFor(() => expect(smh.heldParts).toBe(1));
    act(() => result.current.pause());
    await waitFor(() => expect(result.current.snapshot?.state).toBe('paused'));
    act(() => result.current.resume());
    await waitFor(() => expect(smh.heldParts).toBe(1));
    await act(async () => {
      await result.current.cancel();
    });
    await waitFor(() => expect(result.current.snapshot?.state).toBe('cancelled'));
    expect(smh.calls.cancel).toEqual([result.current.snapshot?.confirmKey]);
  });

  it('reset stops following the task without cancelling it', async () => {
    const { smh, Wrapper } = setupProvider({ holdParts: true });
    const { result } = renderHook(() => useUpload(), { wrapper: Wrapper });
    let task!: ReturnType<typeof result.current.upload>;
    act(() => {
      task = result.current.upload(makeFile());
    });
    await waitFor(() => expect(smh.heldParts).toBe(1));
    act(() => result.current.reset());
    expect(result.current.task).toBeUndefined();
    expect(result.current.snapshot).toBeUndefined();
    smh.releaseParts();
    expect((await task.settled).state).toBe('done');
  });

  it('marks the status query confirmed with the final path when the task is done', async () => {
    const { queryClient, Wrapper } = setupProvider();
    const key = smhUploadKeys.status('smhtest', '-', 'ck-1');
    queryClient.setQueryData<UploadTaskStatus>(key, makeUploadTaskStatus({ confirmed: false, path: ['old'] }));
    const { result } = renderHook(
      () => ({ upload: useUpload(), status: useUploadStatus('ck-1', { intervalMs: 60_000 }) }),
      { wrapper: Wrapper },
    );
    act(() => {
      result.current.upload.upload(makeFile('final.bin'), { folder: 'out' });
    });
    await waitFor(() => expect(result.current.upload.snapshot?.state).toBe('done'));
    await waitFor(() => expect(result.current.status.data?.confirmed).toBe(true));
    expect(queryClient.getQueryData<UploadTaskStatus>(key)?.path).toEqual(['out', 'final.bin']);
  });

  it('rejects a Blob without a name, and anything that is not a Blob, with a TypeError', () => {
    const { smh, Wrapper } = setupProvider();
    const { result } = renderHook(() => useUpload(), { wrapper: Wrapper });
    expect(() => result.current.upload(new Blob(['x']))).toThrow(TypeError);
    expect(() => result.current.upload('not a file' as unknown as Blob)).toThrow(TypeError);
    expect(result.current.task).toBeUndefined();
    expect(smh.calls.begin).toEqual([]);
  });

  it('uploads a Blob under the name it is given', async () => {
    const { smh, Wrapper } = setupProvider();
    const { result } = renderHook(() => useUpload(), { wrapper: Wrapper });
    await act(async () => {
      await result.current.upload(new Blob(['hello']), { name: 'hello.txt' }).settled;
    });
    expect(smh.calls.begin).toEqual([['hello.txt']]);
  });
});
