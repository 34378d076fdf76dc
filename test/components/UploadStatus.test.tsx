import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { CosError, SmhApiError } from '../../src/api/errors';
import { UploadError } from '../../src/core/errors';
import type { UploadTaskStatus } from '../../src/api/types';
import { UploadStatus } from '../../src/components/UploadStatus';
import { SmhI18nProvider, zhCN } from '../../src/i18n';
import { makeParts, makeUploadPartInfo, makeUploadTaskStatus, MiB } from '../fixtures/smh';
import { fakeTask, HOSTILE_NAMES, makePartSnapshots, MB, shownName, statusClient, withQueryClient } from './helpers';

const NOW = Date.parse('2026-01-01T10:30:00.000Z');

function uploadingTask() {
  return fakeTask({
    state: 'uploading',
    totalBytes: 50 * MB,
    storedBytes: 20 * MB,
    inflightBytes: 1 * MB,
    partSize: 5 * MB,
    parts: makePartSnapshots(['stored', 'stored', 'stored', 'stored', 'sending', 'sending', 'pending', 'pending', 'pending', 'pending']),
    bytesPerSecond: 2 * MB,
    etaSeconds: 15,
  });
}

describe('UploadStatus with a live task', () => {
  it('shows the state in words, progress and parts', () => {
    render(<UploadStatus task={uploadingTask()} />);
    const status = screen.getByRole('article', { name: 'video.mp4' });
    expect(status).toHaveAttribute('data-state', 'uploading');
    expect(within(status).getByText('Uploading')).toBeInTheDocument();
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuetext', '42%, 21 MB of 50 MB, about 15 seconds left');
    expect(screen.getByText('4 of 10 parts stored; 2 sending')).toBeInTheDocument();
  });

  it('explains the strategy in force only when showStrategy asks for it', () => {
    const { container, unmount } = render(<UploadStatus task={uploadingTask()} />);
    expect(container.querySelector('.smh-strategy')).toBeNull();
    unmount();
    const shown = render(<UploadStatus task={uploadingTask()} showStrategy />);
    expect(shown.container.querySelector('.smh-strategy dt')).toHaveTextContent('Keep both');
  });

  // The engine's high-water mark itself is pinned in test/core/lifecycle.test.ts.
  it("shows the snapshot's progressBytes, not storedBytes + inflightBytes", () => {
    const task = uploadingTask();
    render(<UploadStatus task={task} />);
    act(() => task.emit({ storedBytes: 20 * MB, inflightBytes: 0, progressBytes: 25 * MB }));
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', String(25 * MB));
  });

  it('offers the actions that fit the state, as buttons calling the task', async () => {
    const user = userEvent.setup();
    const task = uploadingTask();
    render(<UploadStatus task={task} />);
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Pause', 'Cancel']);
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    expect(task.pause).toHaveBeenCalledTimes(1);

    act(() => task.emit({ state: 'paused' }));
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Resume', 'Cancel']);
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(task.resume).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(task.cancel).toHaveBeenCalledTimes(1);

    act(() => task.emit({ state: 'cancelled' }));
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(screen.getByText('Cancelled')).toBeInTheDocument();
  });

  it('keeps keyboard focus on the button when Pause turns into Resume and back', async () => {
    const user = userEvent.setup();
    const task = uploadingTask();
    task.pause.mockImplementation(() => task.emit({ state: 'paused' }));
    task.resume.mockImplementation(() => task.emit({ state: 'uploading' }));
    render(<UploadStatus task={task} />);
    act(() => screen.getByRole('button', { name: 'Pause' }).focus());
    await user.keyboard('{Enter}');
    expect(screen.getByRole('button', { name: 'Resume' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('button', { name: 'Pause' })).toHaveFocus();
    expect(task.pause).toHaveBeenCalledTimes(1);
    expect(task.resume).toHaveBeenCalledTimes(1);
  });

  it('says the file replaced the one of the same name when the person chose Replace', () => {
    render(<UploadStatus task={fakeTask({ state: 'done', conflictResolution: 'overwrite', finalPath: ['foo', 'video.mp4'] })} />);
    expect(screen.getByText(/this file replaced the one that had it/)).toBeInTheDocument();
  });

  it('says it is trying again while an SMH call waits out a 429 or a 5xx', () => {
    const task = fakeTask({ state: 'beginning', retrying: { attempt: 2, of: 6 } });
    render(<UploadStatus task={task} />);
    expect(screen.getByText('The server is busy or out of reach; trying again (2 of 6).')).toBeInTheDocument();
    act(() => task.emit({ state: 'uploading', retrying: undefined }));
    expect(screen.queryByText(/trying again/)).toBeNull();
  });

  it('says it waits for the network while the device is offline (en and zh-CN)', () => {
    const task = fakeTask({ state: 'uploading', waitingForNetwork: true });
    const { unmount } = render(<UploadStatus task={task} />);
    expect(screen.getByText('Waiting for the network…')).toBeInTheDocument();
    act(() => task.emit({ state: 'uploading', waitingForNetwork: undefined }));
    expect(screen.queryByText('Waiting for the network…')).toBeNull();
    unmount();
    render(
      <SmhI18nProvider locale="zh-CN" messages={zhCN}>
        <UploadStatus task={fakeTask({ state: 'uploading', waitingForNetwork: true })} />
      </SmhI18nProvider>,
    );
    expect(screen.getByText('正在等待网络恢复…')).toBeInTheDocument();
  });

  it('moves focus to the row, not <body>, when the focused button goes away as the upload ends', async () => {
    const user = userEvent.setup();
    const task = uploadingTask();
    task.cancel.mockImplementation(async () => task.emit({ state: 'cancelled' }));
    render(<UploadStatus task={task} />);
    act(() => screen.getByRole('button', { name: 'Cancel' }).focus());
    await user.keyboard('{Enter}');
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(screen.getByRole('article', { name: 'video.mp4' })).toHaveFocus();
  });

  it('leaves focus alone when it had moved elsewhere before the upload ended', () => {
    const task = uploadingTask();
    render(
      <>
        <UploadStatus task={task} />
        <input aria-label="elsewhere" />
      </>,
    );
    act(() => screen.getByRole('button', { name: 'Pause' }).focus());
    act(() => screen.getByRole('textbox', { name: 'elsewhere' }).focus());
    act(() => task.emit({ state: 'done' }));
    expect(screen.getByRole('textbox', { name: 'elsewhere' })).toHaveFocus();
  });

  it('keeps focus on Cancel, never on another action, when Pause appears beside it', () => {
    const task = fakeTask({ state: 'beginning', totalBytes: 50 * MB });
    render(<UploadStatus task={task} />);
    act(() => screen.getByRole('button', { name: 'Cancel' }).focus());
    act(() => task.emit({ state: 'uploading' }));
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Pause', 'Cancel']);
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
  });

  it('offers no Pause for a single-request upload, whose bytes a pause would throw away', () => {
    render(<UploadStatus task={fakeTask({ state: 'uploading', mode: 'simple', totalBytes: 3 * MB, inflightBytes: MB })} />);
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Cancel']);
  });

  it('shows no bar for a cancelled upload, which would read as finished', () => {
    render(<UploadStatus task={fakeTask({ state: 'cancelled', totalBytes: 3 * MB, progressBytes: 3 * MB })} />);
    expect(screen.getByText('Cancelled')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('offers Retry only when trying again can help', () => {
    const refused = fakeTask({
      state: 'failed',
      error: new SmhApiError('bad name', { status: 400, code: 'IllegalFileName', requestId: 'r-1' }),
    });
    const { unmount } = render(<UploadStatus task={refused} />);
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Cancel']);
    unmount();
    const busy = fakeTask({ state: 'failed', error: new SmhApiError('overloaded', { status: 503, code: 'ServerOverloaded', requestId: 'r-2' }) });
    render(<UploadStatus task={busy} />);
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Retry', 'Cancel']);
  });

  it('explains a failure and retries from where it stopped', async () => {
    const user = userEvent.setup();
    const task = fakeTask({
      state: 'failed',
      totalBytes: 10 * MB,
      storedBytes: 5 * MB,
      bytesPerSecond: 2 * MB,
      etaSeconds: 3,
      error: new CosError('Request has expired', { status: 403, code: 'AccessDenied', requestId: 'NjQ2-cos' }),
    });
    render(<UploadStatus task={task} />);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'The upload link expired and could not be renewed: your session may have ended. Sign in again and resume.',
    );
    expect(screen.getByText('Code AccessDenied')).toBeInTheDocument();
    // Nothing is moving: no speed and no time left.
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuetext', '50%, 5 MB of 10 MB');
    expect(screen.getByText('Request ID NjQ2-cos')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(task.start).toHaveBeenCalledTimes(1);
  });

  it('shows the conflict prompt and passes the answer to the task', async () => {
    const user = userEvent.setup();
    const task = fakeTask({
      state: 'conflict',
      conflictResolutionStrategy: 'ask',
      error: new SmhApiError('exists', { status: 409, code: 'SameNameDirectoryOrFileExists' }),
    });
    render(<UploadStatus task={task} />);
    const dialog = screen.getByRole('dialog', { name: 'A file with this name already exists' });
    expect(dialog).toHaveAccessibleDescription(/video\.mp4.*already exists in.*\/foo/);
    expect(within(dialog).queryByRole('button', { name: 'Replace' })).toBeNull();
    // The prompt explains the 409; it is not shown again as an error.
    expect(screen.queryByRole('alert')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Keep both' }));
    expect(task.resolveConflict).toHaveBeenCalledExactlyOnceWith('rename');
  });

  it('asks about several name clashes one at a time, oldest first, saying how many wait', async () => {
    const user = userEvent.setup();
    const first = fakeTask({ state: 'conflict', fileName: 'a.pdf', requestedPath: ['foo', 'a.pdf'] });
    const second = fakeTask({ state: 'conflict', fileName: 'b.pdf', requestedPath: ['foo', 'b.pdf'] });
    first.resolveConflict.mockImplementation(() => first.emit({ state: 'uploading' }));
    // StrictMode rehearses an unmount of the row that joins later: that must not count as an answer.
    const { rerender } = render(
      <StrictMode>
        <UploadStatus task={first} />
      </StrictMode>,
    );
    rerender(
      <StrictMode>
        <UploadStatus task={first} />
        <UploadStatus task={second} />
      </StrictMode>,
    );
    const dialogs = screen.getAllByRole('dialog');
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]).toHaveAccessibleName('A file with this name already exists (1 of 2)');
    expect(dialogs[0]).toHaveAccessibleDescription(/a\.pdf/);
    expect(within(screen.getByRole('article', { name: 'b.pdf' })).getByText(/answer the name clash on screen first/)).toBeInTheDocument();

    await user.click(within(dialogs[0]!).getByRole('button', { name: 'Keep both' }));
    const next = screen.getByRole('dialog');
    // Counted within the run: the second of two, not "1 of 1".
    expect(next).toHaveAccessibleName('A file with this name already exists (2 of 2)');
    expect(next).toHaveAccessibleDescription(/b\.pdf/);
  });

  it('Escape closes the clash dialog, leaves every task waiting, and a card opens it again', async () => {
    const user = userEvent.setup();
    const first = fakeTask({ id: 'a', state: 'conflict', fileName: 'a.pdf', requestedPath: ['foo', 'a.pdf'] });
    const second = fakeTask({ id: 'b', state: 'conflict', fileName: 'b.pdf', requestedPath: ['foo', 'b.pdf'] });
    render(
      <>
        <UploadStatus task={first} />
        <UploadStatus task={second} />
      </>,
    );
    expect(screen.getByRole('dialog')).toHaveAccessibleDescription(/a\.pdf/);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    for (const task of [first, second]) {
      expect(task.resolveConflict).not.toHaveBeenCalled();
      expect(task.cancel).not.toHaveBeenCalled();
    }
    const a = screen.getByRole('article', { name: 'a.pdf' });
    const b = screen.getByRole('article', { name: 'b.pdf' });
    expect(a).toHaveAttribute('data-state', 'conflict');
    expect(within(a).getByText(/The upload waits until you choose/)).toBeInTheDocument();
    // Focus lands on the way back in, not on <body>.
    expect(within(a).getByRole('button', { name: 'Choose what to do' })).toHaveFocus();
    // The second card's clash can be answered first.
    await user.click(within(b).getByRole('button', { name: 'Choose what to do' }));
    expect(screen.getByRole('dialog')).toHaveAccessibleDescription(/b\.pdf/);
    await user.click(screen.getByRole('button', { name: 'Keep both' }));
    expect(second.resolveConflict).toHaveBeenCalledExactlyOnceWith('rename');
    expect(first.resolveConflict).not.toHaveBeenCalled();
  });

  it('gives one answer to every waiting clash when "apply to all" is ticked', async () => {
    const user = userEvent.setup();
    const tasks = ['a', 'b', 'c'].map((id) => {
      const task = fakeTask({ id, state: 'conflict', fileName: `${id}.pdf`, requestedPath: ['foo', `${id}.pdf`] });
      task.resolveConflict.mockImplementation(() => task.emit({ state: 'uploading' }));
      return task;
    });
    render(
      <>
        {tasks.map((task) => (
          <UploadStatus key={task.id} task={task} allowOverwrite />
        ))}
      </>,
    );
    await user.click(screen.getByRole('checkbox', { name: 'Give the same answer to the 2 other name clashes waiting' }));
    await user.click(screen.getByRole('button', { name: 'Replace' }));
    for (const task of tasks) expect(task.resolveConflict).toHaveBeenCalledExactlyOnceWith('overwrite');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('offers Replace in the prompt when allowOverwrite is set', () => {
    render(<UploadStatus task={fakeTask({ state: 'conflict' })} allowOverwrite />);
    expect(screen.getByRole('button', { name: 'Replace' })).toBeInTheDocument();
  });

  it('shows the final path beside the requested one when the server renamed the file', () => {
    render(
      <UploadStatus
        task={fakeTask({ state: 'done', totalBytes: 10, storedBytes: 10, finalPath: ['foo', 'video (1).mp4'] })}
      />,
    );
    const article = screen.getByRole('article');
    expect(article).toHaveAttribute('data-renamed');
    expect(within(article).getByText('Requested path').nextElementSibling).toHaveTextContent('/foo/video.mp4');
    expect(within(article).getByText('Saved as').nextElementSibling).toHaveTextContent('/foo/video (1).mp4');
    expect(screen.getByText(/server saved the file under a new name/)).toBeInTheDocument();
  });

  it('shows the credential expiry only when it is near', () => {
    const task = uploadingTask();
    task.emit({ expiration: new Date(NOW + 4 * 60_000).toISOString() });
    const { rerender } = render(<UploadStatus task={task} now={NOW} />);
    expect(screen.getByText('Upload link expires in 4 minutes')).toBeInTheDocument();
    act(() => task.emit({ expiration: new Date(NOW + 60 * 60_000).toISOString() }));
    rerender(<UploadStatus task={task} now={NOW} />);
    expect(screen.queryByText(/Upload link expires/)).toBeNull();
  });

  it('follows the task as it changes', () => {
    const task = uploadingTask();
    render(<UploadStatus task={task} />);
    act(() => task.emit({ storedBytes: 50 * MB, inflightBytes: 0, state: 'done', parts: makePartSnapshots(Array(10).fill('stored')) }));
    expect(screen.getByRole('article')).toHaveAttribute('data-state', 'done');
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuetext', '100%, 50 MB of 50 MB');
  });

  it.each(HOSTILE_NAMES)('renders the file name %j as text', (name) => {
    const { container } = render(<UploadStatus task={fakeTask({ fileName: name, requestedPath: ['in', name] })} />);
    expect(container.querySelector('img')).toBeNull();
    const shown = shownName(name);
    expect(screen.getByRole('article', { name: shown })).toBeInTheDocument();
    expect(container.querySelector('.smh-status__name bdi')?.textContent).toBe(shown);
  });

  it('shows bidi controls in names and paths as codes, isolated, so a name cannot pass for another', () => {
    const name = 'invoice\u202Egnp.exe';
    const { container } = render(
      <UploadStatus
        task={fakeTask({ state: 'done', fileName: name, requestedPath: ['in\u2067', name], finalPath: ['in\u2067', `${name} (1)`] })}
      />,
    );
    const nameElement = container.querySelector('.smh-status__name bdi');
    expect(nameElement).toHaveTextContent('invoice[U+202E]gnp.exe');
    expect(nameElement).toHaveAttribute('dir', 'auto');
    expect(screen.getByText('Saved as').nextElementSibling).toHaveTextContent('/in[U+2067]/invoice[U+202E]gnp.exe (1)');
    // No control character is left anywhere in the card.
    expect(container.textContent).not.toMatch(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
  });

  it('says the server already had the file after an instant upload, not that parts were stored', () => {
    const { container } = render(
      <UploadStatus
        task={fakeTask({
          state: 'done',
          mode: 'instant',
          totalBytes: 65 * MB,
          storedBytes: 65 * MB,
          partSize: 5 * MB,
          parts: makePartSnapshots(Array.from({ length: 13 }, () => 'stored' as const)),
        })}
      />,
    );
    expect(screen.getByText('The server already had this file, so nothing needed to be sent.')).toBeInTheDocument();
    expect(screen.queryByText(/parts stored/)).toBeNull();
    expect(container.querySelector('.smh-partmap')).toBeNull();
  });

  it('speaks Chinese under a zh-CN provider', () => {
    render(
      <SmhI18nProvider locale="zh-CN" messages={zhCN}>
        <UploadStatus task={uploadingTask()} />
      </SmhI18nProvider>,
    );
    expect(screen.getByText('正在上传')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '暂停' })).toBeInTheDocument();
    expect(screen.getByText('已存储 4 / 10 个分块；2 个发送中')).toBeInTheDocument();
  });
});

const wrongPick = () =>
  fakeTask({
    state: 'failed',
    previousState: 'beginning',
    confirmKey: 'ck-9',
    error: new UploadError('This is not the file the upload was started with (a different modification time).', 'FileMismatch'),
  });

describe('UploadStatus after a wrong re-pick (FileMismatch)', () => {

  it('offers Pick again and Dismiss, never Cancel, and Dismiss leaves the stored upload alone', async () => {
    const user = userEvent.setup();
    const task = wrongPick();
    const onDismiss = vi.fn<() => void>();
    const onPickAgain = vi.fn<(file: File) => void>();
    render(<UploadStatus task={task} onDismiss={onDismiss} onPickAgain={onPickAgain} />);
    const card = screen.getByRole('article', { name: 'video.mp4' });
    expect(within(card).getByText('Not the same file')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(/nothing was sent\. What is already stored is kept/);
    expect(within(card).getAllByRole('button').map((b) => b.textContent)).toEqual(['Pick again', 'Dismiss']);
    await user.click(within(card).getByRole('button', { name: 'Dismiss' }));
    expect(onDismiss).toHaveBeenCalledTimes(1);
    expect(task.cancel).not.toHaveBeenCalled();
  });

  it('Pick again opens a file picker and hands over the file chosen', async () => {
    const user = userEvent.setup();
    const onPickAgain = vi.fn<(file: File) => void>();
    const { container } = render(<UploadStatus task={wrongPick()} onPickAgain={onPickAgain} />);
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    const opened = vi.fn<() => void>();
    input.addEventListener('click', opened);
    await user.click(screen.getByRole('button', { name: 'Pick again' }));
    expect(opened).toHaveBeenCalledTimes(1);
    const file = new File(['x'], 'video.mp4');
    await user.upload(input, file);
    expect(onPickAgain).toHaveBeenCalledExactlyOnceWith(file);
  });

  it('offers no button at all when nothing can pick again or dismiss (never Cancel)', () => {
    render(<UploadStatus task={wrongPick()} />);
    expect(screen.queryAllByRole('button')).toEqual([]);
  });
});

describe('UploadStatus with a status reply', () => {
  it('shows what is stored without inventing a total', () => {
    render(<UploadStatus status={makeUploadTaskStatus()} now={NOW} />);
    expect(screen.getByText('Not finished')).toBeInTheDocument();
    expect(screen.getByText('2.1 MB stored in 2 parts')).toBeInTheDocument();
    const bar = screen.getByRole('progressbar');
    expect(bar).not.toHaveAttribute('aria-valuemax');
    expect(bar).toHaveAttribute('aria-valuetext', '2.1 MB uploaded');
    expect(screen.getByText('2 parts stored')).toBeInTheDocument();
    expect(screen.getByText('Path').nextElementSibling).toHaveTextContent('/foo/bar/video.mp4');
    expect(screen.getByText('Upload link expires in 5 minutes')).toBeInTheDocument();
  });

  it('uses a known file size for percent and the part count', () => {
    render(<UploadStatus status={makeUploadTaskStatus({ parts: makeParts(2, 4 * MiB) })} totalBytes={40 * MiB} />);
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuetext', expect.stringMatching(/^20%, 8\.4 MB of 42 MB/));
    expect(screen.getByText('2 of 10 parts stored')).toBeInTheDocument();
  });

  it('explains the force flag and the strategy', () => {
    render(<UploadStatus status={makeUploadTaskStatus({ conflictResolutionStrategy: 'overwrite', force: true })} showStrategy />);
    expect(screen.getByText('Replace')).toBeInTheDocument();
    expect(screen.getByText(/replaces whatever file is already at its path/)).toBeInTheDocument();
  });

  it('shows a confirmed upload with its final path and no actions', () => {
    render(<UploadStatus status={makeUploadTaskStatus({ confirmed: true, path: ['foo', 'bar', 'video (2).mp4'] })} requestedPath="foo/bar/video.mp4" />);
    expect(screen.getByRole('article')).toHaveAttribute('data-state', 'confirmed');
    expect(screen.getByText('Upload complete')).toBeInTheDocument();
    expect(screen.getByText('Saved as').nextElementSibling).toHaveTextContent('/foo/bar/video (2).mp4');
    expect(screen.getByText('Requested path').nextElementSibling).toHaveTextContent('/foo/bar/video.mp4');
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByText(/Upload link/)).toBeNull();
  });

  it('says so when a folder on the path was deleted (path: null)', () => {
    render(<UploadStatus status={makeUploadTaskStatus({ path: null })} fileName="video.mp4" />);
    expect(screen.getByRole('article')).toHaveAttribute('data-state', 'pathDeleted');
    expect(screen.getByText('Destination folder deleted')).toBeInTheDocument();
    expect(screen.getByText(/cannot finish\. Upload the file again into an existing folder/)).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows an expired link as past', () => {
    const status = makeUploadTaskStatus({ uploadPartInfo: makeUploadPartInfo({ expiration: new Date(NOW - 120_000).toISOString() }) });
    render(<UploadStatus status={status} now={NOW} />);
    expect(screen.getByText('Upload link expired 2 minutes ago')).toBeInTheDocument();
  });
});

describe('UploadStatus with a confirmKey', () => {
  it('shows loading, then the reply', async () => {
    const answers: Array<(status: UploadTaskStatus) => void> = [];
    const client = statusClient(() => new Promise<UploadTaskStatus>((resolve) => answers.push(resolve)));
    render(withQueryClient(<UploadStatus confirmKey="ck-1" queryOptions={{ client }} fileName="video.mp4" />));
    expect(screen.getByRole('article')).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByText('Loading upload status…')).toBeInTheDocument();
    await act(async () => answers[0]?.(makeUploadTaskStatus({ confirmed: true })));
    expect(await screen.findByText('Upload complete')).toBeInTheDocument();
    expect(client.getUploadStatus).toHaveBeenCalledWith('ck-1', expect.anything());
  });

  it('says the task is gone on a 404 ConfirmKeyNotFound', async () => {
    const client = statusClient(new SmhApiError('no such key', { status: 404, code: 'ConfirmKeyNotFound' }));
    render(withQueryClient(<UploadStatus confirmKey="ck-gone" queryOptions={{ client }} />));
    expect(await screen.findByText('Upload not found')).toBeInTheDocument();
    expect(screen.getByRole('article')).toHaveAttribute('data-state', 'gone');
    expect(screen.getByText(/no longer exists on the server/)).toBeInTheDocument();
  });

  it('explains an error and lets the person retry', async () => {
    const user = userEvent.setup();
    const client = statusClient(new SmhApiError('nope', { status: 403, code: 'NoPermission', requestId: 'r-42' }));
    render(withQueryClient(<UploadStatus confirmKey="ck-denied" queryOptions={{ client }} />));
    expect(await screen.findByRole('alert')).toHaveTextContent(/do not have permission to upload here/);
    expect(screen.getByText('Request ID r-42')).toBeInTheDocument();
    expect(screen.getByRole('article')).toHaveAttribute('data-state', 'error');
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(client.getUploadStatus).toHaveBeenCalledTimes(2));
  });
});

describe('UploadStatus input', () => {
  it('throws a clear TypeError with nothing to show', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => render(<UploadStatus />)).toThrow(new TypeError('<UploadStatus> needs a `task`, a `confirmKey` or a `status` to show.'));
  });

  it('passes className and DOM props through', () => {
    render(<UploadStatus status={makeUploadTaskStatus()} className="mine" data-testid="st" />);
    expect(screen.getByTestId('st')).toHaveClass('smh-status', 'mine');
  });
});
