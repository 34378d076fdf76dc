import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent as baseUserEvent, waitFor } from 'storybook/test';
import { UploadDropzone } from '../src/components';

const meta = {
  title: 'Components/UploadDropzone',
  component: UploadDropzone,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'A zone to pick files (click, Enter or Space opens the picker) or drop them, with `accept`, size and count ' +
          'rules; each rejected file is listed with its name and the reason, in a polite live region. Inside ' +
          '`SmhUploadProvider` accepted files start uploading through `useUploads().add`; these stories set ' +
          '`autoUpload={false}` and only report them in `onFiles` (see *Live* for real uploads).',
      },
    },
  },
  argTypes: { children: { control: false }, uploadOptions: { control: false } },
  args: { autoUpload: false, onFiles: fn(), onReject: fn() },
} satisfies Meta<typeof UploadDropzone>;

export default meta;
type Story = StoryObj<typeof meta>;

const file = (name: string, size: number, type: string) => new File([new Uint8Array(size)], name, { type });
const picker = (root: HTMLElement) => root.querySelector<HTMLInputElement>('input[type="file"]')!;

/**
 * Dispatches a drag event carrying `files` as the browser would. Chromium's DragEvent takes only a
 * real DataTransfer, which fireEvent cannot pass on, so the event is built here.
 */
function drag(target: Element, type: 'dragenter' | 'dragover' | 'drop', files: File[]) {
  const dataTransfer = new DataTransfer();
  for (const item of files) dataTransfer.items.add(item);
  target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer }));
}

function drop(target: Element, files: File[]) {
  drag(target, 'dragenter', files);
  drag(target, 'dragover', files);
  drag(target, 'drop', files);
}

export const Default: Story = {};

/** Tab to the zone, open the picker with Enter or Space, pick: the rules sort the files. */
export const KeyboardPick: Story = {
  args: { accept: 'image/*,.pdf', maxSize: 20_000_000 },
  play: async ({ args, canvas, canvasElement, userEvent, step }) => {
    const zone = canvas.getByRole('button', { name: 'Drop files here, or press Enter to choose' });
    const input = picker(canvasElement);
    let pickerOpened = 0;
    // Count the picker's openings without letting a real file dialog appear.
    const count = (event: MouseEvent) => {
      pickerOpened += 1;
      event.preventDefault();
    };
    input.addEventListener('click', count);

    await step('Tab reaches the zone; Enter and Space open the picker', async () => {
      await userEvent.tab();
      await expect(zone).toHaveFocus();
      await userEvent.keyboard('{Enter}');
      await userEvent.keyboard(' ');
      await expect(pickerOpened).toBe(2);
      input.removeEventListener('click', count);
    });

    await step('a picked file outside `accept` is turned away, with its name and the reason', async () => {
      const scan = file('claim-form.pdf', 120_000, 'application/pdf');
      const exe = file('setup.exe', 4_000, 'application/x-msdownload');
      // The picker would hide files outside `accept`; the zone must still refuse them if they come.
      await baseUserEvent.setup({ applyAccept: false }).upload(input, [scan, exe]);
      await expect(args.onFiles).toHaveBeenCalledOnce();
      await expect(args.onFiles).toHaveBeenCalledWith([scan]);
      await expect(args.onReject).toHaveBeenCalledOnce();
      await expect(canvas.getByRole('status')).toHaveTextContent(
        /“.?setup\.exe.?” was not added: this type of file is not accepted \(allowed: image\/\*, \.pdf\)\./,
      );
    });
  },
};

/** Dropped files too large, too small or too many are listed, each with why. */
export const DropRejected: Story = {
  args: { accept: 'image/*,.pdf', maxSize: 1_000_000, minSize: 1, maxFiles: 2 },
  play: async ({ args, canvas }) => {
    const zone = canvas.getByRole('button');
    const photos = [1, 2, 3].map((n) => file(`photo-${n}.jpg`, 200_000, 'image/jpeg'));
    drop(zone, [file('scan.png', 2_500_000, 'image/png'), file('empty.pdf', 0, 'application/pdf'), ...photos]);
    // The first two files within the rules go on; only the extra one is turned away.
    await waitFor(() => expect(args.onFiles).toHaveBeenCalledOnce());
    await expect(args.onFiles).toHaveBeenCalledWith(photos.slice(0, 2));
    const items = canvas.getAllByRole('listitem').map((item) => item.dataset['reason']);
    await expect(items).toEqual(['tooLarge', 'tooSmall', 'tooMany']);
    await expect(canvas.getByText(/scan\.png.+the limit is 1 MB\./)).toBeVisible();
  },
};

/** While files are dragged over, the zone says what a drop will do. */
export const DragActive: Story = {
  play: async ({ canvas, canvasElement }) => {
    const zone = canvas.getByRole('button');
    drag(zone, 'dragenter', [file('photo.jpg', 10, 'image/jpeg')]);
    await waitFor(() => expect(zone).toHaveTextContent('Drop to upload'));
    await expect(canvasElement.querySelector('.smh-dropzone')).toHaveAttribute('data-state', 'active');
  },
};

export const OneFileOnly: Story = { args: { multiple: false } };

export const Disabled: Story = {
  args: { disabled: true },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button')).toHaveAttribute('aria-disabled', 'true');
  },
};

/** Your own content; a function child gets the drag state and `open`. */
export const CustomContent: Story = {
  args: {
    children: ({ isDragActive }) => (
      <span>{isDragActive ? 'Release to add the documents' : 'Claim documents: PDF or photos, up to 20 MB each'}</span>
    ),
    accept: 'image/*,.pdf',
  },
};

/** Names SMH would refuse are turned away before anything is sent, each with the exact reason. */
export const RefusedNames: Story = {
  play: async ({ args, canvas }) => {
    const refused = [file('claim: final?.pdf', 10, ''), file('文'.repeat(86), 10, ''), file('..', 10, '')];
    drop(canvas.getByRole('button'), [...refused, file('claim-final.pdf', 10, '')]);
    await waitFor(() => expect(args.onFiles).toHaveBeenCalledOnce());
    const items = canvas.getAllByRole('listitem');
    await expect(items.map((item) => item.dataset['reason'])).toEqual(['nameCharacters', 'nameTooLong', 'nameDots']);
    await expect(items[0]).toHaveTextContent('the name contains “:”, “?”, which the server does not allow in names');
    await expect(items[1]).toHaveTextContent('the name is 258 bytes long in UTF-8; the limit is 255 bytes.');
  },
};

export const RefusedNamesChinese: Story = {
  globals: { locale: 'zh-CN' },
  play: async ({ canvas }) => {
    drop(canvas.getByRole('button'), [file('a|b.pdf', 10, '')]);
    await expect(await canvas.findByRole('listitem')).toHaveTextContent('名称中包含 “|”，服务器不允许名称中出现这些字符');
  },
};

export const Dark: Story = { globals: { theme: 'dark' } };

export const RejectedChinese: Story = {
  args: { accept: '.pdf', maxSize: 1_000_000 },
  globals: { locale: 'zh-CN' },
  play: async ({ canvas }) => {
    drop(canvas.getByRole('button'), [file('notes.txt', 10, 'text/plain')]);
    await expect(await canvas.findByRole('listitem')).toHaveTextContent(/notes\.txt/);
  },
};

export const RejectedDark: Story = {
  args: DropRejected.args,
  globals: { theme: 'dark' },
  play: async ({ canvas }) => {
    drop(canvas.getByRole('button'), [file('scan.png', 2_500_000, 'image/png')]);
    await expect(await canvas.findByRole('listitem')).toBeVisible();
  },
};
