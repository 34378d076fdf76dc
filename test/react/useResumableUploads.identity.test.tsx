// useResumableUploads returns the same object while what it holds is the same, so a memoised
// consumer or an effect depending on it does not run again on every progress tick of an upload.
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useResumableUploads } from '../../src/react/useResumableUploads';
import { useUploads } from '../../src/react/useUploads';
import { MiB } from '../fixtures/smh';
import { createMapStore } from './fakeSmh';
import { makeFile, setupProvider } from './renderWithProvider';

const LAST_MODIFIED = 1_767_225_600_000;

describe('useResumableUploads result identity', () => {
  it('stays the same object across re-renders and upload progress, and changes with the list', async () => {
    const { store, records } = createMapStore([
      {
        record: {
          confirmKey: 'ck-9',
          libraryId: 'smhtest',
          spaceId: '-',
          path: ['docs', 'big.bin'],
          name: 'big.bin',
          size: 2.5 * MiB,
          lastModified: LAST_MODIFIED,
          partSize: MiB,
          createdAt: LAST_MODIFIED,
        },
      },
    ]);
    const { smh, Wrapper } = setupProvider({ store, holdParts: true });
    const { result, rerender } = renderHook(() => ({ resumable: useResumableUploads(), uploads: useUploads() }), {
      wrapper: Wrapper,
    });
    await waitFor(() => expect(result.current.resumable.records).toHaveLength(1));
    const first = result.current.resumable;
    rerender();
    expect(result.current.resumable).toBe(first);

    // Another upload runs in the same queue: its snapshots change, the list of resumable ones does not.
    act(() => {
      result.current.uploads.add(makeFile('other.txt'));
    });
    await waitFor(() => expect(smh.heldParts).toBe(1));
    smh.releaseParts();
    await waitFor(() => expect(result.current.uploads.snapshots.map((s) => s.state)).toEqual(['done']));
    expect(result.current.resumable).toBe(first);

    records.delete('ck-9');
    await act(() => result.current.resumable.refresh());
    await waitFor(() => expect(result.current.resumable.records).toEqual([]));
    expect(result.current.resumable).not.toBe(first);
  });
});
