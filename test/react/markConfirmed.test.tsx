// A status poll that was already on the wire when the upload was confirmed answers with what SMH
// knew before confirm; the provider must not let that stale answer undo "confirmed".
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { UploadTaskStatus } from '../../src/api/types';
import { smhUploadKeys } from '../../src/react/keys';
import { useUpload } from '../../src/react/useUpload';
import { useUploadStatus } from '../../src/react/useUploadStatus';
import { makeUploadTaskStatus } from '../fixtures/smh';
import { makeFile, setupProvider } from './renderWithProvider';

describe('a status poll in flight when the upload is confirmed', () => {
  it('does not overwrite the confirmed status with its older answer', async () => {
    const { smh, queryClient, Wrapper } = setupProvider({ holdParts: true });
    const key = smhUploadKeys.status('smhtest', '-', 'ck-1');
    const stale = makeUploadTaskStatus({ confirmed: false, path: ['old'] });
    queryClient.setQueryData<UploadTaskStatus>(key, stale);
    let answer!: (status: UploadTaskStatus) => void;
    let polls = 0;
    Object.assign(smh.client, {
      getUploadStatus: () => {
        polls += 1;
        return new Promise<UploadTaskStatus>((resolve) => (answer = resolve));
      },
    });
    const { result } = renderHook(
      () => ({ upload: useUpload(), status: useUploadStatus('ck-1', { intervalMs: 60_000 }) }),
      { wrapper: Wrapper },
    );
    act(() => {
      result.current.upload.upload(makeFile('final.bin'), { folder: 'out' });
    });
    await waitFor(() => expect(smh.heldParts).toBe(1));
    act(() => {
      void result.current.status.refetch();
    });
    await waitFor(() => expect(polls).toBeGreaterThan(0));

    act(() => smh.releaseParts());
    await waitFor(() => expect(result.current.upload.snapshot?.state).toBe('done'));
    await waitFor(() => expect(result.current.status.data?.confirmed).toBe(true));
    // SMH's answer to the poll sent before confirm arrives now.
    await act(async () => {
      answer(stale);
      await Promise.resolve();
    });
    expect(result.current.status.data).toMatchObject({ confirmed: true, path: ['out', 'final.bin'] });
    expect(queryClient.getQueryData<UploadTaskStatus>(key)?.confirmed).toBe(true);
  });
});
