import type { Meta, StoryObj } from '@storybook/react-vite';
import { LiveUploader } from './live/LiveUploader';
import { EMULATOR_URL } from './live/emulator';
import { localeOf } from './locale';
import { withoutMockWorker } from './mockWorker';

/**
 * Real uploads to the local SMH + COS emulator, with its faults at hand: part failures,
 * bandwidth, latency, expiring the upload credentials, deleting the destination folder and a
 * burst of 429s. Start the emulator first with `npm run emulator` (or set `STORYBOOK_SMH_URL`);
 * without it these stories say so. They are left out of the test run (`!test`), which must not
 * depend on a running emulator; the browser and e2e tests cover the same paths.
 */
const meta = {
  title: 'Live/Emulator',
  component: LiveUploader,
  tags: ['!test'],
  // Real requests to the emulator go around msw's worker, so upload progress arrives byte by byte.
  beforeEach: withoutMockWorker,
  parameters: {
    layout: 'fullscreen',
    docs: { description: { component: `Uploads to the emulator at \`${EMULATOR_URL}\`.` } },
  },
  argTypes: {
    strategy: { control: 'inline-radio', options: ['ask', 'rename', 'overwrite'] },
    faults: { control: false },
    locale: { table: { disable: true } },
  },
  args: { strategy: 'rename', allowOverwrite: true, faults: {}, folder: 'storybook', locale: 'en' },
  // The inner provider speaks the toolbar's language too.
  render: (args, { globals }) => <LiveUploader {...args} locale={localeOf(globals['locale'])} />,
} satisfies Meta<typeof LiveUploader>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A clean emulator: pick, drop or generate files and watch them go. Same name twice → renamed. */
export const Upload: Story = {};

/** `ask`: upload the same sample twice and the second stops at the conflict prompt. */
export const AskOnConflict: Story = { args: { strategy: 'ask' } };

/** One part in five fails (503 or a dropped connection): retries carry the upload through. */
export const FlakyNetwork: Story = {
  args: { faults: { partFailureRate: 0.2, partFailureMode: 'mixed', bandwidthBytesPerSecond: 4_000_000 } },
};

/** 1 MB/s for all parts together, 100 ms per request: time to pause, expire credentials or delete the folder. */
export const SlowLink: Story = {
  args: { faults: { bandwidthBytesPerSecond: 1_000_000, latencyMs: 100 } },
};
