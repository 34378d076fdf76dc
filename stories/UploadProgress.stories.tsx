import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { UploadProgress } from '../src/components';

const GB = 1_000_000_000;

const meta = {
  title: 'Components/UploadProgress',
  component: UploadProgress,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'A `role="progressbar"` with `aria-valuetext` (percent, amounts, time left), speed and time left beside it, ' +
          'and a polite live region that speaks on a state change or every 10 %. Leave `max` out for the ' +
          'indeterminate form. `data-state`, `data-value` and `data-max` are there for styling.',
      },
    },
  },
  argTypes: {
    state: {
      control: 'select',
      options: ['idle', 'hashing', 'uploading', 'paused', 'renewing', 'confirming', 'conflict', 'done', 'failed', 'cancelled', 'confirmed'],
    },
  },
  args: { value: 1.22 * GB, max: 2.9 * GB },
} satisfies Meta<typeof UploadProgress>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Idle: Story = { args: { value: 0, state: 'idle' } };

export const Hashing: Story = { args: { value: 0.8 * GB, state: 'hashing' } };

export const Uploading: Story = {
  args: { state: 'uploading', bytesPerSecond: 6_600_000, etaSeconds: 185 },
  play: async ({ canvas }) => {
    const bar = canvas.getByRole('progressbar', { name: 'Upload progress' });
    await expect(bar).toHaveAttribute('aria-valuetext', '42%, 1.2 GB of 2.9 GB, about 3 minutes left');
    await expect(canvas.getByText('6.6 MB/s')).toBeVisible();
  },
};

export const Paused: Story = { args: { state: 'paused' } };

export const Renewing: Story = { args: { state: 'renewing', bytesPerSecond: 5_000_000, etaSeconds: 330 } };

export const Confirming: Story = { args: { value: 2.9 * GB, state: 'confirming' } };

export const Conflict: Story = { args: { value: 0, state: 'conflict' } };

export const Done: Story = { args: { value: 2.9 * GB, state: 'done' } };

export const Failed: Story = { args: { state: 'failed' } };

export const Cancelled: Story = { args: { state: 'cancelled' } };

/** Total unknown (a status reply without the file's size): no percent, the bar moves on its own. */
export const Indeterminate: Story = {
  args: { value: 40 * 1024 * 1024, max: undefined, state: 'active' },
  play: async ({ canvas }) => {
    const bar = canvas.getByRole('progressbar');
    await expect(bar).not.toHaveAttribute('aria-valuenow');
    await expect(bar).toHaveAttribute('aria-valuetext', expect.stringMatching(/uploaded$/));
  },
};

/** 99.6 % reads 99 %, never 100 % before the end. */
export const AlmostDone: Story = {
  args: { value: 996, max: 1000, state: 'uploading' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('progressbar')).toHaveAttribute('aria-valuetext', expect.stringMatching(/^99%/));
  },
};

export const CustomLabel: Story = { args: { label: 'Uploading site-survey-2026.mp4', state: 'uploading' } };

export const UploadingDark: Story = { args: Uploading.args, globals: { theme: 'dark' } };

export const UploadingChinese: Story = {
  args: Uploading.args,
  globals: { locale: 'zh-CN' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('progressbar', { name: '上传进度' })).toBeVisible();
  },
};
