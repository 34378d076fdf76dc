// The Web Lock of an upload running in this page is this page's own: its record must not read as
// "in another tab", which would also keep the resumable list polling every few seconds for nothing.
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ResumableUpload } from '../../src/react/useResumableUploads';
import { smhUploadKeys } from '../../src/react/keys';
import { useResumableUploads } from '../../src/react/useResumableUploads';
import { useUploads } from '../../src/react/useUploads';
import { lockName } from '../../src/core/locks';
import { createFakeLocks } from '../core/support/fakeLocks';
import { MiB } from '../fixtures/smh';
import { createMapStore } from './fakeSmh';
import { makeFile, setupProvider } from './renderWithProvider';

describe('useResumableUploads and this page’s own locks', () => {
  it('does not count an upload running here as held by another tab', async () => {
    const locks = createFakeLocks();
    Object.defineProperty(navigator, 'locks', { configurable: true, value: locks });
    try {
      const { store, records } = createMapStore();
      const { smh, queryClient, Wrapper } = setupProvider({
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
      // The running task holds its lock in this page.
      expect(locks.held.has(lockName('ck-1'))).toBe(true);
      await act(async () => {
        await result.current.resumable.refresh();
      });
      const listed = queryClient.getQueryData<ResumableUpload[]>(smhUploadKeys.resumable('smhtest', '-', store));
      expect(listed?.map((r) => [r.confirmKey, r.inAnotherTab ?? false])).toEqual([['ck-1', false]]);
      expect(result.current.resumable.records).toEqual([]);
      smh.releaseParts();
    } finally {
      delete (navigator as { locks?: unknown }).locks;
    }
  });
});
