import type { Meta, StoryObj } from '@storybook/react-vite';
import { delay, http } from 'msw';
import { expect } from 'storybook/test';
import { UploadStatus } from '../src/components';
import {
  STATUS_ROUTE,
  confirmedAfter,
  failingThenRecovering,
  pathDeleted,
  progressingParts,
  rateLimited,
  taskGone,
} from '../test/fixtures/handlers';
import { MiB, NOW, statusReply } from './fixtures';
import { serveStatus } from './statusServer';

/**
 * `UploadStatus` from SMH's side only: a `status` reply rendered as is, or a `confirmKey` polled
 * through the provider's client. The polled stories are answered by msw with the status
 * endpoint's real reply shape (test/fixtures/handlers.ts): parts appearing poll by poll,
 * confirmed, 404 gone, `path: null`, 500s and 429s.
 */
const meta = {
  title: 'Components/UploadStatus/From the server',
  component: UploadStatus,
  argTypes: { status: { control: false }, queryOptions: { control: false } },
  args: {
    now: NOW,
    fileName: 'site-survey-2026.mp4',
    requestedPath: ['claims', '2026-0142', 'site-survey-2026.mp4'],
  },
} satisfies Meta<typeof UploadStatus>;

export default meta;
type Story = StoryObj<typeof meta>;

// Fast polls, so a story shows movement within seconds.
const quick = { intervalMs: 1_000, maxIntervalMs: 4_000 };

// The scenarios answer for test/fixtures/smh.ts's task, whose path is /foo/bar/video.mp4.
const polled = { fileName: 'video.mp4', requestedPath: ['foo', 'bar', 'video.mp4'] };

// ── A status reply, no fetching ────────────────────────────────────────────

/** The caller knows the file's size, so the whole plan (12 parts) is drawn. */
export const ReplyInProgress: Story = {
  args: { status: statusReply(5), totalBytes: 94 * MiB },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('5 of 12 parts stored')).toBeVisible();
  },
};

/** Without the file's size only what is stored can be told. */
export const ReplyWithoutSize: Story = {
  args: { status: statusReply(5) },
  play: async ({ canvas }) => {
    await expect(canvas.getByText(/stored in 5 parts$/)).toBeVisible();
  },
};

export const ReplyConfirmed: Story = {
  args: { status: statusReply(12, { confirmed: true }), totalBytes: 94 * MiB },
};

/** The server saved it under another name (`rename`): both paths are shown. */
export const ReplyRenamed: Story = {
  args: {
    status: statusReply(12, { confirmed: true, path: ['claims', '2026-0142', 'site-survey-2026 (1).mp4'] }),
    totalBytes: 94 * MiB,
  },
};

/** `path: null`: a parent folder was deleted while the upload was open. */
export const ReplyPathNull: Story = {
  args: { status: statusReply(3, { path: null }), totalBytes: 94 * MiB },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Destination folder deleted')).toBeVisible();
  },
};

/** `overwrite` with `force`: the upload replaces whatever is at its path. */
export const ReplyOverwriteForce: Story = {
  args: {
    status: statusReply(4, { conflictResolutionStrategy: 'overwrite', force: true }),
    totalBytes: 94 * MiB,
  },
};

export const ReplyAsk: Story = {
  args: { status: statusReply(4, { conflictResolutionStrategy: 'ask' }), totalBytes: 94 * MiB },
};

/** The credentials in `uploadPartInfo` run out within ten minutes. */
export const ReplyExpiringSoon: Story = {
  args: {
    status: statusReply(4, {
      uploadPartInfo: { ...statusReply(0).uploadPartInfo!, expiration: new Date(NOW + 6 * 60_000).toISOString() },
    }),
    totalBytes: 94 * MiB,
  },
};

// ── Polled by confirmKey (msw answers) ─────────────────────────────────────

/** The first reply has not arrived yet. */
export const PollingLoading: Story = {
  args: { ...polled, confirmKey: 'ck-story-loading' },
  beforeEach: () =>
    serveStatus('ck-story-loading', {
      handler: http.get(STATUS_ROUTE, async () => {
        await delay('infinite');
      }),
      requests: [],
    }),
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByText('Loading upload status…')).toBeVisible();
    await expect(canvasElement.querySelector('article')).toHaveAttribute('aria-busy', 'true');
  },
};

/** Each poll finds one more part stored; after the last, the task is confirmed and polling stops. */
export const PollingProgress: Story = {
  args: { ...polled, confirmKey: 'ck-story-progress', queryOptions: quick, totalBytes: 8 * MiB, partSize: MiB },
  beforeEach: () => serveStatus('ck-story-progress', progressingParts({ confirmKey: 'ck-story-progress' })),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('1 of 8 parts stored')).toBeVisible();
    // The reply's path is the one asked for: nothing was renamed.
    await expect(canvas.queryByText(/saved the file under a new name/)).not.toBeInTheDocument();
  },
};

export const PollingConfirmed: Story = {
  args: { ...polled, confirmKey: 'ck-story-confirmed', totalBytes: 2 * MiB },
  beforeEach: () => serveStatus('ck-story-confirmed', confirmedAfter(1, { confirmKey: 'ck-story-confirmed' })),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Upload complete')).toBeVisible();
    await expect(canvas.getByText('The file is stored.')).toBeVisible();
  },
};

/** 404 `ConfirmKeyNotFound`: finished long ago, cancelled or expired. A state, not a failure. */
export const PollingGone: Story = {
  args: { ...polled, confirmKey: 'ck-story-gone' },
  beforeEach: () => serveStatus('ck-story-gone', taskGone({ confirmKey: 'ck-story-gone' })),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Upload not found')).toBeVisible();
    await expect(canvas.queryByRole('alert')).not.toBeInTheDocument();
  },
};

export const PollingPathDeleted: Story = {
  args: { ...polled, confirmKey: 'ck-story-path-deleted', totalBytes: 2 * MiB },
  beforeEach: () => serveStatus('ck-story-path-deleted', pathDeleted({ confirmKey: 'ck-story-path-deleted' })),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Destination folder deleted')).toBeVisible();
  },
};

/** Every poll answers 500: after the retries the error is shown, with a Retry button. */
export const PollingServerError: Story = {
  args: { ...polled, confirmKey: 'ck-story-500', queryOptions: { intervalMs: 100, maxIntervalMs: 10_000 } },
  beforeEach: () =>
    serveStatus(
      'ck-story-500',
      failingThenRecovering({ confirmKey: 'ck-story-500', failures: Number.POSITIVE_INFINITY }),
    ),
  play: async ({ canvas }) => {
    const alert = await canvas.findByRole('alert', {}, { timeout: 10_000 });
    await expect(alert).toHaveTextContent('The server had a problem');
    await expect(alert).toHaveTextContent('Request ID req-fixture-1');
    await expect(canvas.getByRole('button', { name: 'Retry' })).toBeVisible();
  },
};

/** Two 500s, then healthy replies: the retries hide the blip. */
export const PollingRecovers: Story = {
  args: { ...polled, confirmKey: 'ck-story-recovers', queryOptions: { intervalMs: 200 }, totalBytes: 4 * MiB },
  beforeEach: () =>
    serveStatus('ck-story-recovers', failingThenRecovering({ confirmKey: 'ck-story-recovers', failures: 2 })),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Not finished', {}, { timeout: 10_000 })).toBeVisible();
    await expect(canvas.queryByRole('alert')).not.toBeInTheDocument();
  },
};

/** 429 `RateLimitExceeded` twice: polling waits a full interval, then carries on. */
export const PollingRateLimited: Story = {
  args: { ...polled, confirmKey: 'ck-story-429', queryOptions: { intervalMs: 200 }, totalBytes: 4 * MiB },
  beforeEach: () => serveStatus('ck-story-429', rateLimited({ confirmKey: 'ck-story-429', times: 2 })),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Not finished', {}, { timeout: 10_000 })).toBeVisible();
  },
};

export const PollingProgressChinese: Story = {
  ...PollingProgress,
  globals: { locale: 'zh-CN' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('已存储 1 / 8 个分块')).toBeVisible();
  },
};

export const PollingConfirmedDark: Story = {
  ...PollingConfirmed,
  globals: { theme: 'dark' },
};
