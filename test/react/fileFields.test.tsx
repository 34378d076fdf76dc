// SMH's per-file fields from the hooks and the drop zone down to the begin and confirm calls
// (docs/smh-protocol.md §12.5), through a real provider, queue and engine.
import { act, createEvent, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BeginUploadOptions, ConfirmUploadOptions } from '../../src/api/types';
import { UploadDropzone } from '../../src/components/UploadDropzone';
import { useUploads } from '../../src/react/useUploads';
import { makeFile, setupProvider, type ProviderSetup } from './renderWithProvider';

/** A provider whose client records the options of every begin and confirm. */
function recording(setup: ProviderSetup = {}) {
  const provider = setupProvider(setup);
  const begins: BeginUploadOptions[] = [];
  const confirms: ConfirmUploadOptions[] = [];
  const { client } = provider.smh;
  const begin = client.beginSimpleUpload;
  client.beginSimpleUpload = (path, options) => {
    begins.push(options ?? {});
    return begin(path, options);
  };
  const confirm = client.confirmUpload;
  client.confirmUpload = (key, options) => {
    confirms.push(options ?? {});
    return confirm(key, options);
  };
  return { ...provider, begins, confirms };
}

const LAST_MODIFIED_ISO = new Date(1_767_225_600_000).toISOString();

describe('per-file fields from the hooks', () => {
  it("useUploads().add: the provider's defaults and the call's options reach begin and confirm; the modification time comes from the File", async () => {
    const { Wrapper, begins, confirms } = recording({ provider: { defaults: { category: 'claims', trafficLimit: 204_800 } } });
    const { result } = renderHook(() => useUploads(), { wrapper: Wrapper });
    act(() => {
      result.current.add([makeFile('a.jpg')], { labels: ['claim-7'], localCreationTime: new Date(Date.UTC(2024, 0, 1)) });
    });
    await waitFor(() => expect(result.current.snapshots.map((s) => s.state)).toEqual(['done']));
    const expected = {
      labels: ['claim-7'],
      category: 'claims',
      localCreationTime: '2024-01-01T00:00:00.000Z',
      localModificationTime: LAST_MODIFIED_ISO,
    };
    expect(begins[0]).toMatchObject({ ...expected, trafficLimit: 204_800 });
    expect(confirms[0]).toMatchObject(expected);
  });

  it('useUploads().add with a function: each file gets its own fields', async () => {
    const { Wrapper, begins } = recording();
    const { result } = renderHook(() => useUploads(), { wrapper: Wrapper });
    act(() => {
      result.current.add([makeFile('a.jpg'), makeFile('b.pdf')], (file) => ({
        category: (file as File).name.endsWith('.jpg') ? 'photo' : 'document',
      }));
    });
    await waitFor(() => expect(result.current.snapshots.map((s) => s.state)).toEqual(['done', 'done']));
    expect(begins.map((options) => options.category)).toEqual(['photo', 'document']);
  });

  it('useUploads().add: a value SMH refuses for one file throws a TypeError and queues none of them', () => {
    const { Wrapper, smh } = recording();
    const { result } = renderHook(() => useUploads(), { wrapper: Wrapper });
    expect(() =>
      act(() => {
        result.current.add([makeFile('a.jpg'), makeFile('b.jpg')], (file) => ({
          labels: (file as File).name === 'b.jpg' ? [42 as unknown as string] : ['ok'],
        }));
      }),
    ).toThrow(TypeError);
    expect(result.current.tasks).toHaveLength(0);
    expect(smh.calls.begin).toHaveLength(0);
  });
});

describe('per-file fields from UploadDropzone', () => {
  it('uploadOptions as a function gives each dropped file its own category and labels', async () => {
    const { Wrapper, begins } = recording();
    render(
      <UploadDropzone
        folder="claims"
        uploadOptions={(file) => ({ category: file.type.startsWith('image/') ? 'photo' : 'document', labels: [file.name] })}
      />,
      { wrapper: Wrapper },
    );
    const target = screen.getByRole('button', { name: /Drop files here/ });
    const files = [new File(['x'], 'a.jpg', { type: 'image/jpeg' }), new File(['y'], 'b.pdf', { type: 'application/pdf' })];
    const dataTransfer = { files, types: ['Files'] };
    fireEvent.dragEnter(target, { dataTransfer });
    fireEvent(target, createEvent.drop(target, { dataTransfer }));
    await waitFor(() => expect(begins).toHaveLength(2));
    expect(begins.map(({ category, labels }) => ({ category, labels }))).toEqual([
      { category: 'photo', labels: ['a.jpg'] },
      { category: 'document', labels: ['b.pdf'] },
    ]);
  });
});
