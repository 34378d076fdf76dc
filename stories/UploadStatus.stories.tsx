import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, waitFor, within } from 'storybook/test';
import { UploadStatus } from '../src/components';
import { MiB, NOW, TWELVE_PARTS, fakeTask, partMix, snapshot, uploadError, type StoryTask } from './fixtures';

const meta = {
  title: 'Components/UploadStatus',
  component: UploadStatus,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'Where one upload stands, in words: state, progress, parts, a renamed path, a near credential expiry, the ' +
          'actions that fit (pause, resume, cancel, retry; pick again or dismiss after a wrong re-pick), the conflict ' +
          'prompt (Escape closes it; the card opens it again) and, with `showStrategy`, the conflict strategy. Give it a ' +
          'live `task` (these stories use a fake one over a fixed snapshot), a `confirmKey` to poll SMH, or a `status` ' +
          'reply to render as is (see *From the server*).',
      },
    },
  },
  argTypes: {
    task: { control: false },
    confirmKey: { control: 'text' },
    status: { control: false },
    queryOptions: { control: false },
    now: { control: 'date' },
  },
  // Relative times ("expires in 4 minutes") are measured from a fixed instant.
  args: { now: NOW },
} satisfies Meta<typeof UploadStatus>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The story's fake task (every story here passes one). */
const taskOf = (args: { task?: unknown }) => args.task as StoryTask;

// The prompt is a modal <dialog>: on the docs page each such story gets its own frame, so one
// story's modal does not make the whole page inert.
const modal = { docs: { story: { inline: false, height: '420px' } } };

export const Idle: Story = {
  args: { task: fakeTask(snapshot({ state: 'idle', totalBytes: 94 * MiB })) },
};

export const Hashing: Story = {
  args: {
    task: fakeTask(snapshot({ state: 'hashing', totalBytes: 94 * MiB, hashedBytes: 38 * MiB })),
  },
};

export const Beginning: Story = {
  args: { task: fakeTask(snapshot({ state: 'beginning', totalBytes: 94 * MiB })) },
};

export const Uploading: Story = {
  args: {
    task: fakeTask(
      snapshot({
        state: 'uploading',
        partStates: TWELVE_PARTS,
        lastPartSize: 6 * MiB,
        bytesPerSecond: 6.4 * MiB,
        etaSeconds: 6,
        expiration: new Date(NOW + 50 * 60_000).toISOString(),
      }),
    ),
  },
  play: async ({ args, canvas, userEvent }) => {
    await expect(canvas.getByRole('progressbar')).toHaveAttribute('aria-valuetext', expect.stringContaining('about'));
    await userEvent.click(canvas.getByRole('button', { name: 'Pause' }));
    await expect(taskOf(args).pause).toHaveBeenCalledOnce();
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }));
    await expect(taskOf(args).cancel).toHaveBeenCalledOnce();
    await expect(taskOf(args).resume).not.toHaveBeenCalled();
  },
};

/** A small file goes as one simple PUT: no part map. */
export const UploadingOnePart: Story = {
  args: {
    task: fakeTask(
      snapshot({
        state: 'uploading',
        mode: 'simple',
        fileName: 'claim-form.pdf',
        requestedPath: ['claims', '2026-0142', 'claim-form.pdf'],
        partStates: ['sending'],
        partSize: 3 * MiB,
        bytesPerSecond: 2.1 * MiB,
        etaSeconds: 1,
      }),
    ),
  },
};

export const Paused: Story = {
  args: {
    task: fakeTask(snapshot({ state: 'paused', previousState: 'uploading', partStates: partMix(12, { stored: 5 }) })),
  },
  play: async ({ args, canvas, userEvent }) => {
    await expect(canvas.queryByRole('button', { name: 'Pause' })).not.toBeInTheDocument();
    await userEvent.click(canvas.getByRole('button', { name: 'Resume' }));
    await expect(taskOf(args).resume).toHaveBeenCalledOnce();
    await expect(taskOf(args).pause).not.toHaveBeenCalled();
  },
};

/** The COS credentials are being renewed; parts in flight carry on. */
export const Renewing: Story = {
  args: {
    task: fakeTask(
      snapshot({
        state: 'renewing',
        partStates: partMix(12, { stored: 7, sending: 1 }),
        bytesPerSecond: 5.8 * MiB,
        etaSeconds: 5,
        expiration: new Date(NOW + 2 * 60_000).toISOString(),
      }),
    ),
  },
};

export const Confirming: Story = {
  args: { task: fakeTask(snapshot({ state: 'confirming', partStates: partMix(12, { stored: 12 }) })) },
};

/** `ask` met a file of the same name: the prompt offers keeping both (rename) or cancelling. */
export const ConflictAsk: Story = {
  parameters: modal,
  args: {
    task: fakeTask(
      snapshot({ state: 'conflict', conflictResolutionStrategy: 'ask', partStates: partMix(12, {}), totalBytes: 94 * MiB }),
    ),
    allowOverwrite: false,
  },
  play: async ({ args, canvas, userEvent }) => {
    const dialog = await canvas.findByRole('dialog', { name: 'A file with this name already exists' });
    await expect(dialog).toHaveTextContent('/claims/2026-0142');
    await expect(canvas.queryByRole('button', { name: 'Replace' })).not.toBeInTheDocument();
    await userEvent.click(canvas.getByRole('button', { name: 'Keep both' }));
    await expect(taskOf(args).resolveConflict).toHaveBeenCalledOnce();
    await expect(taskOf(args).resolveConflict).toHaveBeenCalledWith('rename');
  },
};

/** Where the person may overwrite (a `*_force` grant), "Replace" is offered too. */
export const ConflictAskOverwriteAllowed: Story = {
  parameters: modal,
  args: { ...ConflictAsk.args, allowOverwrite: true },
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Replace' }));
    await expect(taskOf(args).resolveConflict).toHaveBeenCalledOnce();
    await expect(taskOf(args).resolveConflict).toHaveBeenCalledWith('overwrite');
  },
};

export const Done: Story = {
  args: {
    task: fakeTask(
      snapshot({
        state: 'done',
        partStates: partMix(12, { stored: 12 }),
        finalPath: ['claims', '2026-0142', 'site-survey-2026.mp4'],
      }),
    ),
  },
};

/** `rename` found the name taken: the saved path is shown beside the one asked for. */
export const DoneRenamed: Story = {
  args: {
    task: fakeTask(
      snapshot({
        state: 'done',
        partStates: partMix(12, { stored: 12 }),
        finalPath: ['claims', '2026-0142', 'site-survey-2026 (1).mp4'],
      }),
    ),
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('/claims/2026-0142/site-survey-2026.mp4')).toBeVisible();
    await expect(canvas.getByText('/claims/2026-0142/site-survey-2026 (1).mp4')).toBeVisible();
    await expect(canvas.getByText(/saved the file under a new name/)).toBeVisible();
  },
};

/** SMH answered 429 (or 5xx, or nothing): the task waits out its backoff and says so. */
export const RetryingAfter429: Story = {
  args: {
    task: fakeTask({ ...snapshot({ state: 'beginning', partStates: [] }), retrying: { attempt: 2, of: 6 } }),
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText(/trying again \(2 of 6\)/)).toBeVisible();
  },
};

/** A part failed while the device was offline: no retry is spent; the task waits for the network and says so. */
export const WaitingForNetwork: Story = {
  args: {
    task: fakeTask({ ...snapshot({ state: 'uploading', partStates: partMix(12, { stored: 5 }) }), waitingForNetwork: true }),
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Waiting for the network…')).toBeVisible();
  },
};

/** The name was taken under `ask` and the person chose Replace: the row says the old file is gone. */
export const DoneReplaced: Story = {
  args: {
    task: fakeTask({
      ...snapshot({
        state: 'done',
        partStates: partMix(12, { stored: 12 }),
        finalPath: ['claims', '2026-0142', 'site-survey-2026.mp4'],
      }),
      conflictResolutionStrategy: 'ask',
      conflictResolution: 'overwrite',
    }),
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText(/this file replaced the one that had it/)).toBeVisible();
  },
};

export const Cancelled: Story = {
  args: { task: fakeTask(snapshot({ state: 'cancelled', partStates: partMix(12, { stored: 4 }) })) },
};

/** The credentials expire within the warning window (default 10 minutes). */
export const ExpiringSoon: Story = {
  args: {
    task: fakeTask(
      snapshot({
        state: 'uploading',
        partStates: partMix(12, { stored: 3, sending: 2 }),
        bytesPerSecond: 1.2 * MiB,
        etaSeconds: 60,
        expiration: new Date(NOW + 4 * 60_000).toISOString(),
      }),
    ),
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Upload link expires in 4 minutes')).toBeVisible();
  },
};

/** Past `expiration`: the engine renews before the next part (or the upload fails). */
export const Expired: Story = {
  args: {
    task: fakeTask(
      snapshot({
        state: 'paused',
        previousState: 'uploading',
        partStates: partMix(12, { stored: 3 }),
        expiration: new Date(NOW - 3 * 60_000).toISOString(),
      }),
    ),
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Upload link expired 3 minutes ago')).toBeVisible();
  },
};

/** 10,000 parts (COS's limit): the map groups them, so the DOM stays small. */
export const TenThousandParts: Story = {
  args: {
    task: fakeTask(
      snapshot({
        state: 'uploading',
        fileName: 'archive-2025.tar',
        requestedPath: ['backups', 'archive-2025.tar'],
        partSize: 5 * MiB,
        partStates: partMix(10_000, { stored: 4_180, sending: 8 }),
        bytesPerSecond: 48 * MiB,
        etaSeconds: 610,
      }),
    ),
  },
  play: async ({ canvasElement }) => {
    const segments = canvasElement.querySelectorAll('.smh-partmap__segment');
    await expect(segments.length).toBeGreaterThan(0);
    await expect(segments.length).toBeLessThanOrEqual(200);
  },
};

/** SMH already had these bytes (instant upload): nothing was sent, so no parts are counted as stored. */
export const InstantUpload: Story = {
  args: {
    task: fakeTask({
      ...snapshot({ state: 'done', partStates: partMix(13, { stored: 13 }), finalPath: ['claims', '2026-0142', 'site-survey-2026.mp4'] }),
      mode: 'instant',
    }),
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('The server already had this file, so nothing needed to be sent.')).toBeVisible();
    await expect(canvas.queryByText(/parts stored/)).not.toBeInTheDocument();
  },
};

/**
 * A resume given the wrong file (`FileMismatch`): nothing was sent and the stored upload is kept.
 * The card offers Pick again (with `onPickAgain`) and Dismiss, which drops only this attempt;
 * never Cancel, which would cancel the stored upload on the server.
 */
export const WrongPick: Story = {
  args: {
    task: fakeTask({
      ...snapshot({ state: 'failed', partStates: partMix(12, {}), confirmKey: 'ck-story-wrong-pick' }),
      error: uploadError('FileMismatch'),
    }),
    onPickAgain: fn(),
    onDismiss: fn(),
  },
  play: async ({ args, canvas, userEvent }) => {
    await expect(canvas.getByText('Not the same file')).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
    await expect(canvas.getByRole('button', { name: 'Pick again' })).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Dismiss' }));
    await expect(args.onDismiss).toHaveBeenCalledOnce();
    await expect(taskOf(args).cancel).not.toHaveBeenCalled();
  },
};

export const WrongPickChinese: Story = {
  args: WrongPick.args,
  globals: { locale: 'zh-CN' },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('不是同一个文件')).toBeVisible();
    await expect(canvas.getByRole('button', { name: '重新选择' })).toBeVisible();
    await expect(canvas.getByRole('button', { name: '忽略' })).toBeVisible();
  },
};

/** Escape closes the name-clash dialog without an answer: the upload waits, and the card opens it again. */
export const ConflictClosedWithEscape: Story = {
  parameters: modal,
  args: ConflictAskOverwriteAllowed.args,
  play: async ({ args, canvas, userEvent }) => {
    await canvas.findByRole('dialog');
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog')).not.toBeInTheDocument());
    await expect(taskOf(args).resolveConflict).not.toHaveBeenCalled();
    await expect(taskOf(args).cancel).not.toHaveBeenCalled();
    const reopen = canvas.getByRole('button', { name: 'Choose what to do' });
    await expect(reopen).toHaveFocus();
    await expect(canvas.getByText(/The upload waits until you choose/)).toBeVisible();
    await userEvent.click(reopen);
    await expect(await canvas.findByRole('dialog')).toBeVisible();
  },
};

const clashing = (id: string, name: string) =>
  fakeTask({
    ...snapshot({ state: 'conflict', conflictResolutionStrategy: 'ask', partStates: partMix(4, {}) }),
    id,
    fileName: name,
    requestedPath: ['claims', '2026-0142', name],
  });

/** Three uploads met a file of the same name: one answer, with the box ticked, goes to all three. */
export const ConflictApplyToAll: Story = {
  parameters: modal,
  args: { task: clashing('clash-1', 'front.jpg'), allowOverwrite: true },
  render: function ThreeClashes(args) {
    const [others] = useState(() => [clashing('clash-2', 'rear.jpg'), clashing('clash-3', 'damage.jpg')]);
    return (
      <div className="sb-smh-stack" data-others="">
        <UploadStatus {...args} />
        {others.map((task) => (
          <UploadStatus key={task.id} task={task} allowOverwrite />
        ))}
      </div>
    );
  },
  play: async ({ args, canvas, userEvent }) => {
    const dialog = await canvas.findByRole('dialog', { name: 'A file with this name already exists (1 of 3)' });
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'Give the same answer to the 2 other name clashes waiting' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep both' }));
    await expect(taskOf(args).resolveConflict).toHaveBeenCalledWith('rename');
  },
};

/**
 * A right-to-left override would make `invoice\u202Egnp.exe` read "invoiceexe.png". Names and paths
 * are isolated and their bidi controls shown as codes, so the name reads as what it is.
 */
export const BidiSpoofedName: Story = {
  args: {
    task: fakeTask({
      ...snapshot({ state: 'done', partStates: partMix(2, { stored: 2 }) }),
      fileName: 'invoice\u202Egnp.exe',
      requestedPath: ['claims', 'invoice\u202Egnp.exe'],
      finalPath: ['claims', 'invoice\u202Egnp (1).exe'],
    }),
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('article', { name: 'invoice[U+202E]gnp.exe' })).toBeVisible();
    await expect(canvas.getByText('/claims/invoice[U+202E]gnp (1).exe')).toBeVisible();
  },
};

/** With `showStrategy`, the card explains the strategy in force (off by default). */
export const WithStrategy: Story = {
  args: { ...Uploading.args, showStrategy: true },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Keep both')).toBeVisible();
  },
};


// ── Theme and language (also switchable in the toolbar) ────────────────────

export const UploadingDark: Story = {
  args: Uploading.args,
  globals: { theme: 'dark' },
};

export const ConflictDark: Story = {
  parameters: modal,
  args: ConflictAskOverwriteAllowed.args,
  globals: { theme: 'dark' },
};

export const UploadingChinese: Story = {
  args: Uploading.args,
  globals: { locale: 'zh-CN' },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('正在上传')).toBeVisible();
    await expect(canvas.getByRole('button', { name: '暂停' })).toBeVisible();
  },
};

export const InstantUploadChinese: Story = {
  args: InstantUpload.args,
  globals: { locale: 'zh-CN' },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('服务器上已有此文件，因此无需发送任何内容。')).toBeVisible();
  },
};

export const DoneRenamedChineseDark: Story = {
  args: DoneRenamed.args,
  globals: { locale: 'zh-CN', theme: 'dark' },
};
