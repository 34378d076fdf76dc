import type { Decorator, Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn } from 'storybook/test';
import { UploadBatchSummary } from '../src/components';
import type { UploadBatchCounts, UseUploadBatchResult } from '../src/react';

const MB = 1_000_000;
const NONE: UploadBatchCounts = { waiting: 0, uploading: 0, paused: 0, conflict: 0, failed: 0, done: 0, cancelled: 0 };

/** A batch as `useUploadBatch()` gives it, with the actions as spies. */
function batch(patch: Omit<Partial<UseUploadBatchResult>, 'counts'> & { counts: Partial<UploadBatchCounts> }): UseUploadBatchResult {
  const counts = { ...NONE, ...patch.counts };
  return {
    files: Object.values(counts).reduce((sum, n) => sum + n, 0),
    retryableFailed: counts.failed,
    totalBytes: 620 * MB,
    doneBytes: 240 * MB,
    bytesPerSecond: 0,
    etaSeconds: undefined,
    stalled: false,
    finished: false,
    retryAllFailed: fn(() => 0),
    pauseAll: fn(),
    resumeAll: fn(),
    cancelAll: fn(async () => {}),
    ...patch,
    counts,
  };
}

/** A phone's width (375 px less the page's margins). */
const narrow: Decorator = (Story) => (
  <div style={{ width: 343 }} data-testid="narrow-frame">
    <Story />
  </div>
);

const meta = {
  title: 'Components/UploadBatchSummary',
  component: UploadBatchSummary,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'Every upload of the provider queue at a glance (`useUploadBatch()`), or the `batch` given: one ' +
          '`role="progressbar"` over all bytes (files not begun count with their size), speed and time left, ' +
          'counts by state, "Retry all failed", "Pause all", "Resume all" and "Cancel all", and one polite ' +
          'announcement when the whole batch ends ("300 files uploaded, 2 failed"). Give the cards below it ' +
          '`announce={false}` so they do not speak per file.',
      },
    },
  },
} satisfies Meta<typeof UploadBatchSummary>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Running: Story = {
  args: {
    batch: batch({ counts: { waiting: 30, uploading: 2, done: 8 }, bytesPerSecond: 6_600_000, etaSeconds: 58 }),
  },
  play: async ({ args, canvas, userEvent }) => {
    const bar = canvas.getByRole('progressbar', { name: 'Progress of all uploads' });
    await expect(bar).toHaveAttribute('aria-valuetext', '38%, 240 MB of 620 MB, about 58 seconds left');
    await expect(canvas.getByText('8 of 40 files uploaded')).toBeVisible();
    await expect(canvas.getByText('6.6 MB/s')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Pause all' }));
    await expect(args.batch!.pauseAll).toHaveBeenCalledOnce();
  },
};

export const RunningChinese: Story = {
  args: Running.args,
  globals: { locale: 'zh-CN' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('progressbar', { name: '全部上传的进度' })).toBeVisible();
    await expect(canvas.getByText('已上传 8 / 40 个文件')).toBeVisible();
    await expect(canvas.getByRole('button', { name: '全部暂停' })).toBeVisible();
  },
};

/** Uploads run but no byte has moved for a while: no speed, and "time left unknown" rather than an old figure. */
export const Stalled: Story = {
  args: { batch: batch({ counts: { waiting: 12, uploading: 2, done: 6 }, stalled: true }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Nothing has moved for a few seconds; time left unknown.')).toBeVisible();
    await expect(canvas.getByRole('progressbar')).not.toHaveAttribute('aria-valuetext', expect.stringMatching(/left/));
  },
};

export const StalledChinese: Story = { args: Stalled.args, globals: { locale: 'zh-CN' } };

export const Paused: Story = {
  args: { batch: batch({ counts: { waiting: 12, paused: 2, done: 6 } }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Pause all' })).toHaveAttribute('aria-disabled', 'true');
    await expect(canvas.getByRole('button', { name: 'Resume all' })).not.toHaveAttribute('aria-disabled');
  },
};

/** Some failed while the rest go on; one cannot be mended by retrying (a name SMH refuses). */
export const SomeFailed: Story = {
  args: {
    batch: batch({
      counts: { waiting: 4, uploading: 2, conflict: 1, failed: 3, done: 30 },
      retryableFailed: 2,
      bytesPerSecond: 3_100_000,
      etaSeconds: 125,
    }),
  },
  play: async ({ args, canvas, userEvent }) => {
    await expect(canvas.getByText('1 failed file cannot be sent as it is: see its message below.')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry all failed' }));
    await expect(args.batch!.retryAllFailed).toHaveBeenCalledOnce();
  },
};

export const SomeFailedChinese: Story = {
  args: SomeFailed.args,
  globals: { locale: 'zh-CN' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: '重试全部失败项' })).toBeVisible();
  },
};

/** Over: only "Retry all failed" is left, for the failures a retry can mend. */
export const Finished: Story = {
  args: {
    batch: batch({ counts: { failed: 2, done: 298 }, finished: true, totalBytes: 900 * MB, doneBytes: 894 * MB }),
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('298 of 300 files uploaded')).toBeVisible();
    await expect(canvas.getAllByRole('button').map((button) => button.textContent)).toEqual(['Retry all failed']);
  },
};

export const FinishedChinese: Story = { args: Finished.args, globals: { locale: 'zh-CN', theme: 'dark' } };

export const FinishedDark: Story = { args: Finished.args, globals: { theme: 'dark' } };

export const AllDone: Story = {
  args: { batch: batch({ counts: { done: 300 }, finished: true, doneBytes: 620 * MB }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('progressbar')).toHaveAttribute('aria-valuetext', '100%, 620 MB of 620 MB');
    await expect(canvas.queryByRole('button')).not.toBeInTheDocument();
  },
};

/** 300 phone photos, every state at once. */
export const ThreeHundredFiles: Story = {
  args: {
    batch: batch({
      counts: { waiting: 180, uploading: 4, paused: 3, conflict: 2, failed: 5, cancelled: 6, done: 100 },
      retryableFailed: 5,
      totalBytes: 1_240 * MB,
      doneBytes: 410 * MB,
      bytesPerSecond: 11_800_000,
      etaSeconds: 71,
    }),
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('100 of 300 files uploaded')).toBeVisible();
    const counts = canvas.getByRole('list', { name: 'Uploads by state' });
    await expect(counts.querySelectorAll('li')).toHaveLength(7);
  },
};

export const ThreeHundredFilesChinese: Story = { args: ThreeHundredFiles.args, globals: { locale: 'zh-CN' } };

/** At a phone's width everything wraps inside the box: nothing sticks out. */
export const Narrow: Story = {
  args: ThreeHundredFiles.args,
  decorators: [narrow],
  play: async ({ canvas }) => {
    const frame = canvas.getByTestId('narrow-frame');
    const edge = frame.getBoundingClientRect().right;
    const sticking = [...frame.querySelectorAll('*')]
      .filter((element) => !element.classList.contains('smh-visually-hidden'))
      .filter((element) => element.getBoundingClientRect().right > edge + 0.5)
      .map((element) => element.className);
    await expect(sticking).toEqual([]);
  },
};

export const NarrowChinese: Story = { ...Narrow, globals: { locale: 'zh-CN' } };
