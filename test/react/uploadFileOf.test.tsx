// uploadFileOf(task): the file a provider task sends, so a list of tasks can preview it.
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createUpload } from '../../src/core';
import { uploadFileOf } from '../../src/react';
import { useUpload } from '../../src/react/useUpload';
import { useUploads } from '../../src/react/useUploads';
import { makeFile, setupProvider } from './renderWithProvider';

describe('uploadFileOf', () => {
  it('gives each task of useUploads().add the file it sends', async () => {
    const { Wrapper } = setupProvider();
    const { result } = renderHook(() => useUploads(), { wrapper: Wrapper });
    const files = [makeFile('a.jpg'), makeFile('b.mp4')];
    let added: ReturnType<typeof result.current.add> = [];
    act(() => {
      added = result.current.add(files);
    });
    expect(added.map(uploadFileOf)).toEqual(files);
    expect(uploadFileOf(added[0]!)).toBe(files[0]);
    await waitFor(() => expect(result.current.snapshots.map((s) => s.state)).toEqual(['done', 'done']));
  });

  it('gives the task of useUpload().upload its file', async () => {
    const { Wrapper } = setupProvider();
    const { result } = renderHook(() => useUpload(), { wrapper: Wrapper });
    const file = makeFile('claim.png');
    act(() => {
      result.current.upload(file);
    });
    expect(uploadFileOf(result.current.task!)).toBe(file);
    await waitFor(() => expect(result.current.snapshot?.state).toBe('done'));
  });

  it('knows nothing of a task made outside the provider', () => {
    const { smh } = setupProvider();
    const task = createUpload({ client: smh.client, file: makeFile('x.txt'), path: 'x.txt' });
    expect(uploadFileOf(task)).toBeUndefined();
  });
});
