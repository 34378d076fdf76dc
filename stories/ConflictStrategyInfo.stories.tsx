import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { ConflictStrategyInfo } from '../src/components';

const meta = {
  title: 'Components/ConflictStrategyInfo',
  component: ConflictStrategyInfo,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'What happens to a file of the same name, one sentence per strategy: `ask` (stop and ask), `rename` ' +
          '(SMH picks a new name) and `overwrite` (replace; never a folder), plus `force` from the status reply. ' +
          'The strategy in force is marked with `aria-current`.',
      },
    },
  },
  argTypes: {
    strategy: { control: 'inline-radio', options: ['ask', 'rename', 'overwrite'] },
    variant: { control: 'inline-radio', options: ['all', 'current'] },
  },
} satisfies Meta<typeof ConflictStrategyInfo>;

export default meta;
type Story = StoryObj<typeof meta>;

export const AllStrategies: Story = {};

export const Ask: Story = {
  args: { strategy: 'ask' },
  play: async ({ canvasElement }) => {
    const current = canvasElement.querySelector('[aria-current="true"]');
    await expect(current).toHaveAttribute('data-strategy', 'ask');
  },
};

export const Rename: Story = { args: { strategy: 'rename' } };

export const Overwrite: Story = { args: { strategy: 'overwrite', force: false } };

/** `overwrite` with a force grant: the file at the path is replaced without asking. */
export const OverwriteForce: Story = {
  args: { strategy: 'overwrite', force: true },
  play: async ({ canvas }) => {
    await expect(canvas.getByText(/replaces whatever file is already at its path/)).toBeVisible();
  },
};

/** Only the strategy in force, as UploadStatus shows it. */
export const CurrentOnly: Story = { args: { strategy: 'rename', variant: 'current' } };

export const AskDark: Story = { args: { strategy: 'ask' }, globals: { theme: 'dark' } };

export const OverwriteForceChinese: Story = {
  args: { strategy: 'overwrite', force: true },
  globals: { locale: 'zh-CN' },
};
