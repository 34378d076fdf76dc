// Files from a dropped or picked folder keep their place under the target folder, and add()
// refuses a name SMH would refuse before anything is queued.
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SmhError } from '../../src/api/errors';
import { withRelativePath } from '../../src/core/relativePath';
import { useUploads } from '../../src/react/useUploads';
import { makeFile, setupProvider } from './renderWithProvider';

describe('useUploads().add and relative paths', () => {
  it('places a file from a folder at folder + its relative path (recorded, or webkitRelativePath)', async () => {
    const { smh, Wrapper } = setupProvider({ provider: { defaults: { folder: 'inbox' } } });
    const { result } = renderHook(() => useUploads(), { wrapper: Wrapper });
    const dropped = withRelativePath(makeFile('a.jpg'), 'trip/day 1/a.jpg');
    const picked = makeFile('b.jpg');
    Object.defineProperty(picked, 'webkitRelativePath', { value: 'trip/b.jpg' });
    act(() => {
      result.current.add([dropped, picked, makeFile('loose.txt')]);
    });
    await waitFor(() => expect(result.current.snapshots.map((s) => s.state)).toEqual(['done', 'done', 'done']));
    expect(smh.calls.begin).toEqual([
      ['inbox', 'trip', 'day 1', 'a.jpg'],
      ['inbox', 'trip', 'b.jpg'],
      ['inbox', 'loose.txt'],
    ]);
  });

  it('takes an explicit relativePath, and relativePath: false puts the file straight in the folder', async () => {
    const { smh, Wrapper } = setupProvider();
    const { result } = renderHook(() => useUploads(), { wrapper: Wrapper });
    act(() => {
      result.current.add(makeFile('a.txt'), { folder: 'x', relativePath: 'sub/a.txt' });
      result.current.add(withRelativePath(makeFile('b.txt'), 'deep/b.txt'), { folder: 'x', relativePath: false });
    });
    await waitFor(() => expect(result.current.snapshots.map((s) => s.state)).toEqual(['done', 'done']));
    expect(smh.calls.begin).toEqual([
      ['x', 'sub', 'a.txt'],
      ['x', 'b.txt'],
    ]);
  });

  it('refuses a file or folder name SMH would refuse with SmhError InvalidName, and queues nothing', () => {
    const { Wrapper } = setupProvider();
    const { result } = renderHook(() => useUploads(), { wrapper: Wrapper });
    let thrown: unknown;
    act(() => {
      try {
        result.current.add([makeFile('fine.txt'), makeFile('bad:name.txt')]);
      } catch (error) {
        thrown = error;
      }
    });
    expect(thrown).toBeInstanceOf(SmhError);
    expect(thrown).toMatchObject({ code: 'InvalidName' });
    expect((thrown as Error).message).toMatch(/file name "bad:name.txt".*":"/);
    expect(result.current.tasks).toHaveLength(0);
    expect(() => result.current.add(withRelativePath(makeFile('a.txt'), 'a|b/a.txt'))).toThrow(/folder name "a\|b"/);
    expect(() => result.current.add(makeFile('x'.repeat(256)))).toThrow(/256 bytes/);
    expect(result.current.tasks).toHaveLength(0);
  });
});
