import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { PartMap } from '../src/components';
import type { PartState } from '../src/core/types';
import { makeParts } from '../test/fixtures/smh';
import { MiB, TWELVE_PARTS, partMix, partsOf } from './fixtures';

const meta = {
  title: 'Components/PartMap',
  component: PartMap,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'Every part of a multipart upload as a strip: stored, sending, failed, waiting. Runs of one state merge and, ' +
          'past `maxSegments`, parts are grouped into buckets that show their mix, so 10,000 parts stay a few hundred ' +
          'elements. The strip is a keyboard listbox (arrows, Page keys, Home/End) and names the part under focus or ' +
          'the pointer. Takes the engine\'s parts, or the status reply\'s stored parts with `totalParts`.',
      },
    },
  },
  argTypes: { parts: { control: false } },
} satisfies Meta<typeof PartMap>;

export default meta;
type Story = StoryObj<typeof meta>;

/** States scattered as retries leave them, from a fixed sequence (no Math.random). */
function scattered(count: number): PartState[] {
  const all: PartState[] = ['stored', 'stored', 'stored', 'sending', 'pending', 'failed'];
  let seed = 11;
  return Array.from({ length: count }, () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return all[seed % all.length] as PartState;
  });
}

export const OnePart: Story = { args: { parts: partsOf(['stored'], 3 * MiB) } };

export const OnePartSending: Story = { args: { parts: partsOf(['sending'], 3 * MiB) } };

export const TwelveParts: Story = {
  args: { parts: partsOf(TWELVE_PARTS, 8 * MiB, 6 * MiB) },
  play: async ({ canvas, userEvent }) => {
    await expect(canvas.getByText('6 of 12 parts stored; 2 sending')).toBeVisible();
    await userEvent.tab();
    const bar = canvas.getByRole('listbox', { name: 'Parts' });
    await expect(bar).toHaveFocus();
    await userEvent.keyboard('{ArrowRight}');
    await expect(canvas.getByText(/^Part 2: stored, 8(\.\d)? MB, ETag "0+2"/)).toBeVisible();
    await userEvent.keyboard('{End}');
    await expect(canvas.getByText(/^Part 12: waiting, 6(\.\d)? MB$/)).toBeVisible();
  },
};

export const TwelvePartsWithFailures: Story = {
  args: { parts: partsOf(partMix(12, { stored: 7, sending: 1, failed: 2 }), 8 * MiB) },
};

export const TwelvePartsStored: Story = { args: { parts: partsOf(partMix(12, { stored: 12 }), 8 * MiB) } };

/** 10,000 parts in runs: a handful of segments. */
export const TenThousandParts: Story = {
  args: { parts: partsOf(partMix(10_000, { stored: 4_812, sending: 6, failed: 2 }), 5 * MiB) },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('4,812 of 10,000 parts stored; 6 sending; 2 failed')).toBeVisible();
  },
};

/** 10,000 parts in scattered states: at most 200 buckets, each filled to its stored share. */
export const TenThousandScattered: Story = {
  args: { parts: partsOf(scattered(10_000), 5 * MiB) },
  play: async ({ canvasElement }) => {
    const segments = canvasElement.querySelectorAll('.smh-partmap__segment');
    await expect(segments.length).toBeLessThanOrEqual(200);
    await expect(canvasElement.querySelector('[data-state="mixed"]')).not.toBeNull();
  },
};

/** From the status reply: 5 stored parts of a plan of 12 (the caller knows the total). */
export const FromStatusReply: Story = {
  args: { parts: makeParts(5, 8 * MiB), totalParts: 12, partSize: 8 * MiB },
};

/** From the status reply without the total: only what is stored can be counted. */
export const FromStatusReplyNoTotal: Story = {
  args: { parts: makeParts(5, 8 * MiB) },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('5 parts stored')).toBeVisible();
  },
};

export const Empty: Story = { args: { parts: [] } };

export const TwelvePartsDark: Story = {
  args: { parts: partsOf(partMix(12, { stored: 7, sending: 1, failed: 2 }), 8 * MiB) },
  globals: { theme: 'dark' },
};

export const TenThousandChinese: Story = {
  args: TenThousandParts.args,
  globals: { locale: 'zh-CN' },
  play: async ({ canvas }) => {
    await expect(canvas.getByText(/^已存储 4,812 \/ 10,000 个分块/)).toBeVisible();
  },
};
