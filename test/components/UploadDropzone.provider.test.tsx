// The dropzone inside SmhUploadProvider: accepted files start through useUploads().add.
// useUploads is replaced here, so this file checks the wiring, not the engine.
import { createEvent, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { UploadDropzone } from '../../src/components/UploadDropzone';
import type { UploadTask } from '../../src/core/types';
import { SmhUploadContext, type SmhUploadScope } from '../../src/react/context';
import type { UploadFileOptions } from '../../src/react/uploadOptions';
import { fakeTask } from './helpers';

const add = vi.hoisted(() =>
  vi.fn<(files: File[], options?: UploadFileOptions | ((file: File) => UploadFileOptions | undefined)) => UploadTask[]>(),
);

/** The options `add` gave `file` (the dropzone passes a function, for per-file options). */
function optionsFor(file: File, call = 0) {
  const options = add.mock.calls[call]?.[1];
  return typeof options === 'function' ? options(file) : options;
}
vi.mock('../../src/react/useUploads', () => ({ useUploads: () => ({ add }) }));

// Only its presence matters to the dropzone; useUploads (mocked) is what reads it.
const context = {} as SmhUploadScope;

function drop(files: File[]) {
  const target = screen.getByRole('button', { name: /Drop files here/ });
  const dataTransfer = { files, types: ['Files'] };
  fireEvent.dragEnter(target, { dataTransfer });
  fireEvent(target, createEvent.drop(target, { dataTransfer }));
}

describe('UploadDropzone inside SmhUploadProvider', () => {
  beforeEach(() => {
    add.mockReset();
    add.mockImplementation((files) => files.map(() => fakeTask()));
  });

  it('starts accepted files in the given folder and reports the tasks', () => {
    const onFiles = vi.fn<(files: File[]) => void>();
    const onUpload = vi.fn<(tasks: UploadTask[]) => void>();
    render(
      <SmhUploadContext.Provider value={context}>
        <UploadDropzone
          folder="team/q3"
          uploadOptions={{ conflictResolutionStrategy: 'ask' }}
          maxSize={100}
          onFiles={onFiles}
          onUpload={onUpload}
        />
      </SmhUploadContext.Provider>,
    );
    const ok = new File(['x'], 'ok.txt');
    drop([ok, new File([new Uint8Array(200)], 'big.bin')]);
    expect(add).toHaveBeenCalledExactlyOnceWith([ok], expect.any(Function));
    expect(optionsFor(ok)).toEqual({ conflictResolutionStrategy: 'ask', folder: 'team/q3' });
    expect(onFiles).toHaveBeenCalledExactlyOnceWith([ok]);
    expect(onUpload).toHaveBeenCalledExactlyOnceWith([expect.objectContaining({ id: 'task-1' })]);
    expect(screen.getByRole('listitem')).toHaveTextContent('big.bin');
  });

  it('leaves the folder to the provider when none is given', () => {
    render(
      <SmhUploadContext.Provider value={context}>
        <UploadDropzone />
      </SmhUploadContext.Provider>,
    );
    drop([new File(['x'], 'a.txt')]);
    expect(add).toHaveBeenCalledWith([expect.any(File)], expect.any(Function));
    expect(optionsFor(new File(['x'], 'a.txt'))).toBeUndefined();
  });

  it('starts nothing with autoUpload={false}', () => {
    const onFiles = vi.fn<(files: File[]) => void>();
    render(
      <SmhUploadContext.Provider value={context}>
        <UploadDropzone autoUpload={false} onFiles={onFiles} />
      </SmhUploadContext.Provider>,
    );
    drop([new File(['x'], 'a.txt')]);
    expect(onFiles).toHaveBeenCalledTimes(1);
    expect(add).not.toHaveBeenCalled();
  });

  it('starts nothing outside a provider', () => {
    render(<UploadDropzone />);
    drop([new File(['x'], 'a.txt')]);
    expect(add).not.toHaveBeenCalled();
  });
});
