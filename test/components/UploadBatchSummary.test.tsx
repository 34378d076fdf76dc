// UploadBatchSummary over a queue of hand-driven tasks, with the per-file cards beside it: the
// overall bar, the counts, the buttons, and one announcement when the batch ends (none per file).
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SmhApiError, SmhNetworkError } from '../../src/api/errors';
import { UploadBatchSummary } from '../../src/components/UploadBatchSummary';
import { UploadStatus } from '../../src/components/UploadStatus';
import type { UploadTask } from '../../src/core/types';
import type { UseUploadBatchResult } from '../../src/react/useUploadBatch';
import { batchWrapper, fakeQueue, fakeTasks, nextFrame } from '../react/batchHelpers';
import { fakeTask } from '../react/fakeTask';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** The summary above a list of quiet cards, as a portal lays them out. */
function Portal({ tasks }: { tasks: readonly UploadTask[] }) {
  return (
    <>
      <UploadBatchSummary />
      <ul>
        {tasks.map((task) => (
          <li key={task.id}>
            <UploadStatus task={task} announce={false} />
          </li>
        ))}
      </ul>
    </>
  );
}

function batchOf(patch: Partial<UseUploadBatchResult> = {}): UseUploadBatchResult {
  return {
    files: 4,
    counts: { waiting: 1, uploading: 1, paused: 0, conflict: 0, failed: 0, done: 2, cancelled: 0 },
    retryableFailed: 0,
    totalBytes: 4_000_000,
    doneBytes: 2_500_000,
    bytesPerSecond: 500_000,
    etaSeconds: 3,
    stalled: false,
    finished: false,
    retryAllFailed: vi.fn<() => number>(() => 0),
    pauseAll: vi.fn<() => void>(),
    resumeAll: vi.fn<() => void>(),
    cancelAll: vi.fn<() => Promise<void>>(async () => {}),
    ...patch,
  };
}

describe('UploadBatchSummary', () => {
  it('shows one named bar over every byte, the files done, and the counts by state', () => {
    const queue = fakeQueue([
      fakeTask({ id: 'a', state: 'uploading', totalBytes: 2_000_000, storedBytes: 500_000 }),
      fakeTask({ id: 'b', state: 'idle', totalBytes: 1_000_000 }),
      fakeTask({ id: 'c', state: 'done', totalBytes: 1_000_000, storedBytes: 1_000_000 }),
      fakeTask({ id: 'd', state: 'failed', totalBytes: 1_000_000, error: new SmhNetworkError('offline') }),
    ]);
    render(<UploadBatchSummary />, { wrapper: batchWrapper(queue) });
    const summary = screen.getByRole('region', { name: 'All uploads' });
    const bar = within(summary).getByRole('progressbar', { name: 'Progress of all uploads' });
    expect(bar).toHaveAttribute('aria-valuenow', '1500000');
    expect(bar).toHaveAttribute('aria-valuemax', '5000000');
    expect(bar).toHaveAttribute('aria-valuetext', '30%, 1.5 MB of 5 MB');
    expect(within(summary).getByText('1 of 4 files uploaded')).toBeInTheDocument();
    const counts = within(within(summary).getByRole('list', { name: 'Uploads by state' })).getAllByRole('listitem');
    expect(counts.map((item) => item.textContent)).toEqual(['1 uploading', '1 waiting', '1 failed', '1 uploaded']);
  });

  it('shows speed and time left, or says the time left is unknown, or that nothing moves', () => {
    const { rerender } = render(<UploadBatchSummary batch={batchOf()} />);
    expect(screen.getByText('500 kB/s')).toBeInTheDocument();
    expect(screen.getByText('about 3 seconds left')).toBeInTheDocument();
    expect(screen.queryByText('Time left unknown')).not.toBeInTheDocument();

    rerender(<UploadBatchSummary batch={batchOf({ bytesPerSecond: 0, etaSeconds: undefined })} />);
    expect(screen.getByText('Time left unknown')).toBeInTheDocument();

    rerender(<UploadBatchSummary batch={batchOf({ bytesPerSecond: 0, etaSeconds: undefined, stalled: true })} />);
    expect(screen.getByText('Nothing has moved for a few seconds; time left unknown.')).toBeInTheDocument();
  });

  it('speaks once when the batch ends, with what it came to, and never per file', () => {
    const tasks = fakeTasks(3, () => ({ state: 'uploading', totalBytes: 1_000, storedBytes: 0 }));
    const queue = fakeQueue(tasks);
    render(<Portal tasks={tasks} />, { wrapper: batchWrapper(queue) });
    // The summary's region is the only live region on the page, and it starts silent.
    const [live, ...others] = screen.getAllByRole('status');
    expect(others).toEqual([]);
    expect(live).toHaveTextContent(/^$/);

    act(() => tasks[0]!.emit({ storedBytes: 500 }));
    nextFrame();
    act(() => tasks[0]!.emit({ state: 'done', storedBytes: 1_000 }));
    nextFrame();
    act(() => tasks[1]!.emit({ state: 'failed', error: new SmhNetworkError('offline') }));
    nextFrame();
    // Two of three over, one failed: still nothing said, and no card's failure is an alert.
    expect(live).toHaveTextContent(/^$/);
    expect(screen.queryAllByRole('alert')).toEqual([]);
    expect(screen.getAllByRole('status')).toEqual([live]);

    act(() => tasks[2]!.emit({ state: 'done', storedBytes: 1_000 }));
    nextFrame();
    expect(live).toHaveTextContent('2 files uploaded, 1 failed');

    // Retried and ended again: said again, since the region emptied in between.
    act(() => tasks[1]!.emit({ state: 'uploading', error: undefined }));
    nextFrame();
    expect(live).toHaveTextContent(/^$/);
    act(() => tasks[1]!.emit({ state: 'done', storedBytes: 1_000 }));
    nextFrame();
    expect(live).toHaveTextContent('3 files uploaded');
  });

  it('says nothing for a batch that had already ended when it appeared', () => {
    render(<UploadBatchSummary batch={batchOf({ finished: true, counts: { waiting: 0, uploading: 0, paused: 0, conflict: 0, failed: 0, done: 4, cancelled: 0 } })} />);
    expect(screen.getByRole('status')).toHaveTextContent(/^$/);
  });

  it('speaks the end in Chinese with the zh-CN catalogue', () => {
    const tasks = fakeTasks(2, () => ({ state: 'uploading' }));
    render(<UploadBatchSummary />, { wrapper: batchWrapper(fakeQueue(tasks), { locale: 'zh-CN' }) });
    act(() => {
      tasks[0]!.emit({ state: 'done', storedBytes: 4_000 });
      tasks[1]!.emit({ state: 'cancelled' });
    });
    nextFrame();
    expect(screen.getByRole('status')).toHaveTextContent('已上传 1 个文件，1 个已取消');
    expect(screen.getByRole('region', { name: '全部上传' })).toBeInTheDocument();
  });

  it('"Retry all failed" starts the failures a retry can mend and is offered only when there are some', () => {
    const retryable = fakeTask({ id: 'busy', state: 'failed', error: new SmhApiError('busy', { status: 503, code: 'ServerOverloaded' }) });
    const refused = fakeTask({ id: 'name', state: 'failed', error: new SmhApiError('bad name', { status: 400, code: 'IllegalFileName' }) });
    const start = vi.spyOn(retryable, 'start');
    const startRefused = vi.spyOn(refused, 'start');
    render(<UploadBatchSummary />, { wrapper: batchWrapper(fakeQueue([retryable, refused])) });
    expect(screen.getByText('1 failed file cannot be sent as it is: see its message below.')).toBeInTheDocument();
    // The batch ended: only the retry is left to offer.
    expect(screen.getAllByRole('button').map((button) => button.textContent)).toEqual(['Retry all failed']);

    fireEvent.click(screen.getByRole('button', { name: 'Retry all failed' }));
    expect(start).toHaveBeenCalledTimes(1);
    expect(startRefused).not.toHaveBeenCalled();
    nextFrame();
    // It is running again: pause, resume and cancel all are back, and no retry is left to offer.
    expect(screen.queryByRole('button', { name: 'Retry all failed' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Pause all' })).not.toHaveAttribute('aria-disabled');
  });

  it('pauses, resumes and cancels all, each offered only when it applies', () => {
    const running = batchOf();
    const { rerender } = render(<UploadBatchSummary batch={running} />);
    const resume = screen.getByRole('button', { name: 'Resume all' });
    expect(resume).toHaveAttribute('aria-disabled', 'true');
    fireEvent.click(resume);
    expect(running.resumeAll).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Pause all' }));
    expect(running.pauseAll).toHaveBeenCalledTimes(1);

    const paused = batchOf({ counts: { waiting: 1, uploading: 0, paused: 1, conflict: 0, failed: 0, done: 2, cancelled: 0 } });
    rerender(<UploadBatchSummary batch={paused} />);
    expect(screen.getByRole('button', { name: 'Pause all' })).toHaveAttribute('aria-disabled', 'true');
    fireEvent.click(screen.getByRole('button', { name: 'Resume all' }));
    expect(paused.resumeAll).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel all' }));
    expect(paused.cancelAll).toHaveBeenCalledTimes(1);
  });

  it('offers only the actions asked for', () => {
    render(<UploadBatchSummary batch={batchOf({ counts: { waiting: 0, uploading: 1, paused: 0, conflict: 0, failed: 1, done: 2, cancelled: 0 }, retryableFailed: 1 })} actions={['retryFailed', 'pauseAll']} />);
    expect(screen.getAllByRole('button').map((button) => button.textContent)).toEqual(['Retry all failed', 'Pause all']);
  });

  it('keeps focus in the summary when the button that had it goes away', () => {
    const tasks = fakeTasks(1, () => ({ state: 'uploading' }));
    render(<UploadBatchSummary />, { wrapper: batchWrapper(fakeQueue(tasks)) });
    act(() => screen.getByRole('button', { name: 'Pause all' }).focus());
    expect(screen.getByRole('button', { name: 'Pause all' })).toHaveFocus();
    act(() => tasks[0]!.emit({ state: 'done', storedBytes: 4_000 }));
    nextFrame();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'All uploads' })).toHaveFocus();
  });

  it('shows nothing but its silent live region while the queue is empty', () => {
    render(<UploadBatchSummary />, { wrapper: batchWrapper(fakeQueue()) });
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(/^$/);
  });
});

describe('per-file cards', () => {
  it('speak and alert on their own by default, and not with announce={false}', () => {
    const task = fakeTask({ state: 'failed', error: new SmhNetworkError('offline') });
    const { rerender } = render(<UploadStatus task={task} />);
    expect(screen.getByRole('alert')).toBeInTheDocument();
    expect(screen.getByRole('status')).toBeInTheDocument();
    rerender(<UploadStatus task={task} announce={false} />);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });
});
