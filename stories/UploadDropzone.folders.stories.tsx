import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor } from 'storybook/test';
import { UploadDropzone } from '../src/components';

const meta = {
  title: 'Components/UploadDropzone/Folders',
  component: UploadDropzone,
  parameters: {
    docs: {
      description: {
        component:
          'Folders dropped on the zone are read entry by entry (their relative paths kept), system files and empty ' +
          'folders are left out with a word about them, and `folderPicker` adds a "Choose a folder" button. ' +
          'These stories drop a folder built in the page (Chromium gives a synthetic drop no folder entries).',
      },
    },
  },
  args: { autoUpload: false, folderPicker: true, onFiles: fn(), onSkip: fn(), onReject: fn() },
} satisfies Meta<typeof UploadDropzone>;

export default meta;
type Story = StoryObj<typeof meta>;

type Tree = { [name: string]: Tree | string };

const later = (run: () => void) => setTimeout(run, 0);

/** An entry shaped as Chromium's: readEntries on a later task, two at a time, then an empty batch. */
function entryOf(name: string, node: Tree | string): unknown {
  if (typeof node === 'string') {
    return { isFile: true, isDirectory: false, name, file: (ok: (file: File) => void) => later(() => ok(new File([node], name))) };
  }
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader: () => {
      const all = Object.entries(node).map(([key, child]) => entryOf(key, child));
      let at = 0;
      return { readEntries: (ok: (entries: unknown[]) => void) => later(() => ok(all.slice(at, (at += 2)))) };
    },
  };
}

function dropFolder(zone: Element, name: string, tree: Tree) {
  const entry = entryOf(name, tree);
  const dataTransfer = { types: ['Files'], files: [], items: [{ kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => null }], dropEffect: 'none' };
  for (const type of ['dragenter', 'dragover', 'drop']) {
    const event = new Event(type, { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
    zone.dispatchEvent(event);
  }
}

const CLAIM: Tree = {
  '.DS_Store': '',
  'report.pdf': 'pdf',
  photos: { 'front.jpg': 'a', 'rear.jpg': 'b', 'Thumbs.db': '', '._front.jpg': '' },
  empty: {},
};

/** A claim folder: three files go on with their paths, three system files and an empty folder are skipped. */
export const FolderDrop: Story = {
  play: async ({ args, canvas }) => {
    dropFolder(canvas.getAllByRole('button')[0]!, 'claim-7', CLAIM);
    await waitFor(() => expect(args.onSkip).toHaveBeenCalledOnce());
    await expect(canvas.getByRole('status')).toHaveTextContent('3 system files skipped');
    await expect(canvas.getByRole('status')).toHaveTextContent('1 empty folder skipped');
    await expect(canvas.getByRole('button', { name: 'Choose a folder' })).toBeVisible();
  },
};

export const FolderDropChinese: Story = {
  globals: { locale: 'zh-CN' },
  play: async ({ args, canvas }) => {
    dropFolder(canvas.getAllByRole('button')[0]!, '理赔-7', CLAIM);
    await waitFor(() => expect(args.onSkip).toHaveBeenCalledOnce());
    await expect(canvas.getByRole('status')).toHaveTextContent('已跳过 3 个系统文件');
    await expect(canvas.getByRole('button', { name: '选择文件夹' })).toBeVisible();
  },
};

/** A folder name the server refuses turns its files away, naming the folder. */
export const RefusedFolderName: Story = {
  play: async ({ canvas }) => {
    dropFolder(canvas.getAllByRole('button')[0]!, 'q3|draft', { 'a.txt': 'a' });
    // The refusal, not the "Reading folders…" line that comes and goes before it.
    await expect(await canvas.findByText(/the folder “.?q3\|draft.?” has a name/, {}, { timeout: 5000 })).toBeVisible();
  },
};

export const FolderDropDark: Story = { ...FolderDrop, globals: { theme: 'dark' } };
