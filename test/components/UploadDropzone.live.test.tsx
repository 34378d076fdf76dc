// The dropzone inside the real SmhUploadProvider: a dropped file becomes a queued task for the
// right path. SMH's begin call never answers here, so nothing is sent.
import { createEvent, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { SmhClient } from '../../src/api/types';
import { UploadDropzone } from '../../src/components/UploadDropzone';
import type { UploadTask } from '../../src/core/types';
import { zhCN } from '../../src/i18n';
import { SmhUploadProvider } from '../../src/react/SmhUploadProvider';
import { statusClient, withQueryClient } from './helpers';

const never = () => new Promise<never>(() => undefined);

function silentClient(): SmhClient {
  return {
    ...statusClient(new Error('unused')),
    beginUpload: vi.fn<SmhClient['beginUpload']>(never),
    beginSimpleUpload: vi.fn<SmhClient['beginSimpleUpload']>(never),
  };
}

describe('UploadDropzone in SmhUploadProvider', () => {
  it('queues one task per accepted file, in the folder asked for', () => {
    const onUpload = vi.fn<(tasks: UploadTask[]) => void>();
    render(
      withQueryClient(
        <SmhUploadProvider client={silentClient()} store={null}>
          <UploadDropzone folder={['team', 'q3']} onUpload={onUpload} />
        </SmhUploadProvider>,
      ),
    );
    const zone = screen.getByRole('button', { name: /Drop files here/ });
    const dataTransfer = { files: [new File(['hello'], 'notes.txt')], types: ['Files'] };
    fireEvent.dragEnter(zone, { dataTransfer });
    fireEvent(zone, createEvent.drop(zone, { dataTransfer }));
    expect(onUpload).toHaveBeenCalledTimes(1);
    const [tasks] = onUpload.mock.calls[0] ?? [[]];
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.getSnapshot()).toMatchObject({ fileName: 'notes.txt', requestedPath: ['team', 'q3', 'notes.txt'] });
  });

  it('takes its words from the provider', () => {
    render(
      withQueryClient(
        <SmhUploadProvider client={silentClient()} store={null} locale="zh-CN" messages={zhCN}>
          <UploadDropzone />
        </SmhUploadProvider>,
      ),
    );
    expect(screen.getByRole('button', { name: '将文件拖放到此处，或按 Enter 键选择' })).toBeInTheDocument();
  });
});
