import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { FilePreview, UploadStatus } from '../src/components';
import { fakeTask, snapshot } from './fixtures';
import { brokenPhoto, heicPhoto, makePhoto, makeVideo, pdfEstimate } from './previewFiles';

const meta = {
  title: 'Components/FilePreview',
  component: FilePreview,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'A small thumbnail of an image, or of a video’s first frame, made off the main thread (`createImageBitmap` ' +
          'with resize options) two at a time at background priority, and freed when it unmounts. HEIC, PDF and other ' +
          'kinds, and files that fail to decode, show an icon by kind. `data-status` (`loading`, `ready`, ' +
          '`unsupported`, `error`) and `data-kind` are there for styling; `alt=""` makes it decorative. ' +
          'The headless `useFilePreview(file, { size })` gives the same status and a ref for your own `<canvas>`.',
      },
    },
  },
  args: { file: undefined, size: 64 },
} satisfies Meta<typeof FilePreview>;

export default meta;
type Story = StoryObj<typeof meta>;

const status = (canvasElement: HTMLElement) => canvasElement.querySelector<HTMLElement>('.smh-preview')?.dataset['status'];

async function settles(canvasElement: HTMLElement, expected: string) {
  await waitFor(() => expect(status(canvasElement)).toBe(expected), { timeout: 15_000 });
}

export const Image: Story = {
  loaders: [async () => ({ file: await makePhoto() })],
  render: (args, { loaded }) => <FilePreview {...args} file={loaded['file'] as File} />,
  play: async ({ canvas, canvasElement }) => {
    await settles(canvasElement, 'ready');
    await expect(canvas.getByRole('img', { name: 'Preview of \u2068dent-front.jpg\u2069' })).toBeVisible();
  },
};

/** A video's frame half a second in; where the browser cannot record a clip here, the video icon. */
export const Video: Story = {
  loaders: [async () => ({ file: await makeVideo() })],
  render: (args, { loaded }) => <FilePreview {...args} file={(loaded['file'] as File | undefined) ?? new File([], 'walkaround.webm', { type: 'video/webm' })} />,
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(status(canvasElement)).not.toBe('loading'), { timeout: 15_000 });
    await expect(canvasElement.querySelector('.smh-preview')).toHaveAttribute('data-kind', 'video');
  },
};

export const HeicFallback: Story = {
  args: { file: heicPhoto() },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('img', { name: 'Image, no preview: \u2068IMG_4821.HEIC\u2069' })).toHaveAttribute('data-status', 'unsupported');
  },
};

export const Pdf: Story = {
  args: { file: pdfEstimate() },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('img', { name: 'Document, no preview: \u2068repair-estimate.pdf\u2069' })).toHaveAttribute('data-kind', 'document');
  },
};

/** The bytes are not a picture: the decode fails, and the image icon stays. */
export const DecodeError: Story = {
  args: { file: brokenPhoto() },
  play: async ({ canvasElement }) => {
    await settles(canvasElement, 'error');
  },
};

/** In an upload card, through UploadStatus's `preview` slot; decorative, since the name is beside it. */
export const InUploadCard: Story = {
  loaders: [async () => ({ file: await makePhoto('dent-side.jpg') })],
  render: (_args, { loaded }) => (
    <UploadStatus
      task={fakeTask(snapshot({ fileName: 'dent-side.jpg', requestedPath: ['claims', 'dent-side.jpg'], state: 'uploading' }))}
      preview={<FilePreview file={loaded['file'] as File} alt="" />}
    />
  ),
  play: async ({ canvasElement }) => {
    await settles(canvasElement, 'ready');
  },
};

export const ImageChinese: Story = {
  ...Image,
  globals: { locale: 'zh-CN' },
  play: async ({ canvas, canvasElement }) => {
    await settles(canvasElement, 'ready');
    await expect(canvas.getByRole('img', { name: '\u2068dent-front.jpg\u2069 的预览' })).toBeVisible();
  },
};

export const VideoChinese: Story = { ...Video, globals: { locale: 'zh-CN' } };

export const HeicFallbackChinese: Story = {
  args: HeicFallback.args,
  globals: { locale: 'zh-CN' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('img', { name: '图片，无预览：\u2068IMG_4821.HEIC\u2069' })).toBeVisible();
  },
};

export const PdfChinese: Story = {
  args: Pdf.args,
  globals: { locale: 'zh-CN' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('img', { name: '文档，无预览：\u2068repair-estimate.pdf\u2069' })).toBeVisible();
  },
};

export const DecodeErrorChinese: Story = { ...DecodeError, globals: { locale: 'zh-CN' } };

export const InUploadCardChineseDark: Story = { ...InUploadCard, globals: { locale: 'zh-CN', theme: 'dark' } };
