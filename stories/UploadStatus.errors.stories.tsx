import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { UploadStatus } from '../src/components';
import { ERRORS, NOW, fakeTask, partMix, snapshot, uploadError, type SnapshotOverrides, type StoryTask } from './fixtures';

/**
 * `failed` with one error of each family the UI explains differently: SMH's codes (`SmhApiError`),
 * a reply that does not parse (`SmhResponseError`), COS refusing a part (`CosError`), no response
 * (`SmhNetworkError`) and the engine's own checks (`UploadError`). Each shows what to do, and the
 * code and request ID for support.
 */
const meta = {
  title: 'Components/UploadStatus/Failed',
  component: UploadStatus,
  argTypes: { task: { control: false } },
  args: { now: NOW },
} satisfies Meta<typeof UploadStatus>;

export default meta;
type Story = StoryObj<typeof meta>;

function failed(error: Error, overrides: SnapshotOverrides = {}): Story {
  return {
    args: {
      task: fakeTask(
        snapshot({ state: 'failed', previousState: 'uploading', partStates: partMix(12, { stored: 5, failed: 1 }), error, ...overrides }),
      ),
    },
  };
}

// ── SmhApiError: SMH answered with an error code ───────────────────────────

export const NoPermission = failed(ERRORS.noPermission);
export const InvalidAccessToken = failed(ERRORS.invalidToken);
export const QuotaReached = failed(ERRORS.quota);
/** 409 under a strategy other than `ask` (under `ask` it becomes the conflict prompt). */
export const SameNameExists = failed(ERRORS.sameName);
export const RateLimited = failed(ERRORS.rateLimit);
export const FolderMissing = failed(ERRORS.folderMissing, { partStates: [] });
export const IllegalFileName = failed(ERRORS.badName, { partStates: [], fileName: 'report:final?.pdf' });
export const ServerError = failed(ERRORS.server);
/** A code this library does not know yet still gets a sentence, and the code for support. */
export const UnknownApiCode = failed(ERRORS.unknownCode);

// ── SmhResponseError: a 2xx reply that does not match SMH's documented shape ─

export const MalformedReply = failed(ERRORS.response);

// ── CosError: COS refused a part ───────────────────────────────────────────

/** The signed headers expired and renewing did not help. */
export const CosCredentialsExpired = failed(ERRORS.cosExpired, {
  expiration: new Date(NOW - 60_000).toISOString(),
});
export const CosSignatureRefused = failed(ERRORS.cosDenied);
export const CosUnavailable = failed(ERRORS.cosServer);

// ── SmhNetworkError: no response at all ────────────────────────────────────

export const NetworkError: Story = {
  ...failed(ERRORS.network),
  play: async ({ args, canvas, userEvent }) => {
    const alert = canvas.getByRole('alert');
    await expect(alert).toHaveTextContent('The server could not be reached');
    await expect(alert).toHaveTextContent('Code NetworkError');
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect((args.task as StoryTask).start).toHaveBeenCalledOnce();
  },
};

// ── UploadError: the engine's own checks ───────────────────────────────────

export const FileMismatch = failed(uploadError('FileMismatch'));
export const TaskGone = failed(uploadError('TaskGone'));
/** A parent folder was deleted mid-upload (status `path: null`). */
export const PathDeleted = failed(uploadError('PathDeleted'), { finalPath: null });
export const InvalidFile = failed(uploadError('InvalidFile'), { partStates: [], totalBytes: 0 });
export const InsecureUrl = failed(uploadError('InsecureUrl'), { partStates: [] });
export const IntegrityMismatch = failed(uploadError('IntegrityMismatch'));
export const ResumeLocked = failed(uploadError('ResumeLocked'));

export const ServerErrorChineseDark: Story = {
  ...failed(ERRORS.server),
  globals: { locale: 'zh-CN', theme: 'dark' },
};

export const CosUnavailableDark: Story = {
  ...failed(ERRORS.cosServer),
  globals: { theme: 'dark' },
};

/** The request ID is what support needs; the token never appears. */
export const SupportDetails: Story = {
  ...failed(ERRORS.cosExpired),
  play: async ({ canvas }) => {
    const alert = canvas.getByRole('alert');
    await expect(alert).toHaveTextContent('Request ID NjQ-cos-accessdenied');
    await expect(alert).not.toHaveTextContent(/q-signature|security-token|access_token/i);
  },
};
