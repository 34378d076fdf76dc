// Folders and paste through the rendered drop zone: what reaches onFiles (with relative paths), the
// word about what was skipped in both languages, folder-name rejections, the folder picker, paste.
import { act, createEvent, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { UploadDropzone } from '../../src/components/UploadDropzone';
import type { FileRejection } from '../../src/components/useUploadDropzone';
import { relativePathOf } from '../../src/core/relativePath';
import { SmhI18nProvider, zhCN } from '../../src/i18n';
import { dataTransferOf, type Tree } from './fakeEntries';

const zone = () => screen.getAllByRole('button')[0]!;

function drop(dataTransfer: DataTransfer) {
  fireEvent.dragEnter(zone(), { dataTransfer });
  fireEvent(zone(), createEvent.drop(zone(), { dataTransfer }));
}

const withPath = (name: string, path: string) => Object.defineProperty(new File(['x'], name), 'webkitRelativePath', { value: path });
const image = () => new File(['png'], 'image.png', { type: 'image/png' });

function paste(target: Element) {
  const event = createEvent.paste(target, { clipboardData: { files: [image()] } });
  fireEvent(target, event);
  return event;
}

const TREE: Tree = {
  'loose.txt': 'L',
  trip: { '.DS_Store': 'x', 'Thumbs.db': 'x', 'a.jpg': 'A', 'day 1': { 'b.jpg': 'B', '._b.jpg': 'x' }, empty: {} },
};

describe('UploadDropzone: folders', () => {
  it('hands on every file of a dropped folder with its relative path, and says what was skipped', async () => {
    const onFiles = vi.fn<(files: File[]) => void>();
    const onSkip = vi.fn<(skipped: unknown) => void>();
    render(<UploadDropzone onFiles={onFiles} onSkip={onSkip} />);
    drop(dataTransferOf(TREE));
    await waitFor(() => expect(onSkip).toHaveBeenCalledTimes(1));
    const files = onFiles.mock.calls.flatMap(([batch]) => batch);
    expect(files.map((f) => relativePathOf(f) || f.name).toSorted()).toEqual(['loose.txt', 'trip/a.jpg', 'trip/day 1/b.jpg']);
    expect(onSkip).toHaveBeenCalledWith({ systemFiles: 3, emptyFolders: ['trip/empty'], errors: [] });
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('3 system files skipped');
    expect(status).toHaveTextContent('1 empty folder skipped');
  });

  it('says it in Chinese too', async () => {
    render(
      <SmhI18nProvider locale="zh-CN" messages={zhCN}>
        <UploadDropzone />
      </SmhI18nProvider>,
    );
    drop(dataTransferOf(TREE));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('已跳过 3 个系统文件'));
    expect(screen.getByRole('status')).toHaveTextContent('已跳过 1 个空文件夹');
  });

  it('refuses a file under a folder SMH would refuse, naming the folder; the rest go on', async () => {
    const onFiles = vi.fn<(files: File[]) => void>();
    const onReject = vi.fn<(rejections: FileRejection[]) => void>();
    render(<UploadDropzone onFiles={onFiles} onReject={onReject} />);
    drop(dataTransferOf({ 'q3|draft': { 'a.txt': 'a' }, ok: { 'b.txt': 'b' } }));
    await waitFor(() => expect(onReject).toHaveBeenCalled());
    await waitFor(() => expect(onFiles).toHaveBeenCalled());
    expect(onReject.mock.calls[0]![0]).toEqual([expect.objectContaining({ reason: 'folderName' })]);
    expect(onReject.mock.calls[0]![0][0]!.message).toMatch(/q3\|draft\/a\.txt.*the folder .*q3\|draft.* “\|”/);
    expect(onFiles.mock.calls.flatMap(([b]) => b).map((f) => f.name)).toEqual(['b.txt']);
  });

  it('counts maxFiles across the batches of one folder drop', async () => {
    const many: Tree = {};
    for (let i = 0; i < 250; i += 1) many[`f${i}`] = 'x';
    const onFiles = vi.fn<(files: File[]) => void>();
    const onReject = vi.fn<(rejections: FileRejection[]) => void>();
    render(<UploadDropzone onFiles={onFiles} onReject={onReject} maxFiles={120} />);
    drop(dataTransferOf({ many }));
    await waitFor(() => expect(onReject.mock.calls.flatMap(([r]) => r)).toHaveLength(130));
    expect(onFiles.mock.calls.flatMap(([b]) => b)).toHaveLength(120);
  });

  it('with keepEmptyFolders hands the empty folders on instead of skipping them', async () => {
    const onEmptyFolders = vi.fn<(paths: string[]) => void>();
    render(<UploadDropzone keepEmptyFolders onEmptyFolders={onEmptyFolders} />);
    drop(dataTransferOf(TREE));
    await waitFor(() => expect(onEmptyFolders).toHaveBeenCalledWith(['trip/empty']));
    expect(screen.getByRole('status')).not.toHaveTextContent('empty folder');
  });

  it('a folder picker: `folderPicker` adds a button that opens an <input webkitdirectory>; `directory` makes the zone pick folders', () => {
    const { unmount } = render(<UploadDropzone folderPicker />);
    const folderInput = document.querySelector('input[webkitdirectory]') as HTMLInputElement;
    expect(folderInput).not.toBeNull();
    const click = vi.spyOn(folderInput, 'click');
    fireEvent.click(screen.getByRole('button', { name: 'Choose a folder' }));
    expect(click).toHaveBeenCalledTimes(1);
    unmount();
    render(<UploadDropzone directory />);
    expect(document.querySelectorAll('input[type="file"]')).toHaveLength(1);
    expect(document.querySelector('input[type="file"]')).toHaveAttribute('webkitdirectory');
    expect(zone()).toHaveTextContent('Drop a folder here');
  });

  it('picked folder files keep webkitRelativePath and lose the system files', () => {
    const onFiles = vi.fn<(files: File[]) => void>();
    render(<UploadDropzone directory onFiles={onFiles} />);
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    const files = [withPath('a.jpg', 'trip/a.jpg'), withPath('.DS_Store', 'trip/.DS_Store')];
    fireEvent.change(input, { target: { files } });
    expect(onFiles).toHaveBeenCalledExactlyOnceWith([files[0]]);
    expect(relativePathOf(files[0]!)).toBe('trip/a.jpg');
    expect(screen.getByRole('status')).toHaveTextContent('1 system file skipped');
  });
});

describe('UploadDropzone: paste', () => {


  it('is off by default', () => {
    const onFiles = vi.fn<(files: File[]) => void>();
    render(<UploadDropzone onFiles={onFiles} />);
    paste(zone());
    expect(onFiles).not.toHaveBeenCalled();
  });

  it('acceptPaste: a paste into the zone is taken like a drop, the image named by the time', () => {
    const onFiles = vi.fn<(files: File[]) => void>();
    render(<UploadDropzone onFiles={onFiles} acceptPaste />);
    expect(paste(zone()).defaultPrevented).toBe(true);
    expect(onFiles.mock.calls[0]![0][0]!.name).toMatch(/^Pasted image \d{4}-\d\d-\d\d \d\d-\d\d-\d\d( \(\d+\))?\.png$/);
    // Elsewhere on the page it is not taken.
    paste(document.body);
    expect(onFiles).toHaveBeenCalledTimes(1);
  });

  it("acceptPaste='document': a paste anywhere is taken, except into a text field", () => {
    const onFiles = vi.fn<(files: File[]) => void>();
    render(
      <>
        <input aria-label="note" />
        <UploadDropzone onFiles={onFiles} acceptPaste="document" />
      </>,
    );
    act(() => void paste(document.body));
    expect(onFiles).toHaveBeenCalledTimes(1);
    act(() => void paste(screen.getByLabelText('note')));
    expect(onFiles).toHaveBeenCalledTimes(1);
  });
});
