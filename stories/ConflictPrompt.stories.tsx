import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, waitFor } from 'storybook/test';
import { ConflictPrompt, type ConflictPromptProps } from '../src/components';
import type { ConflictResolution } from '../src/core/types';

const meta = {
  title: 'Components/ConflictPrompt',
  component: ConflictPrompt,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'The `conflict` state (strategy `ask` met a file of the same name) as a modal dialog: keep both (SMH ' +
          'renames the new file), replace (only with `allowOverwrite`, where the person may overwrite) or cancel. ' +
          'Focus moves into the dialog, Tab stays inside, Escape only closes it (`onDismiss`: the upload keeps ' +
          'waiting, never cancelled), and focus returns where it was. With `othersWaiting`, a checkbox gives the ' +
          'same answer to every other clash waiting.',
      },
      // A modal makes the rest of its page inert: each story gets its own frame on the docs page.
      story: { inline: false, height: '360px' },
    },
  },
  args: {
    fileName: 'site-survey-2026.mp4',
    folder: ['claims', '2026-0142'],
    allowOverwrite: false,
    onResolve: fn(),
    onDismiss: fn(),
  },
} satisfies Meta<typeof ConflictPrompt>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A page with a button that opens the prompt, as an app would: focus has somewhere to return to. */
function WithOpener(props: ConflictPromptProps) {
  const [open, setOpen] = useState(false);
  const [answer, setAnswer] = useState<ConflictResolution | 'closed, still waiting'>();
  return (
    <div className="sb-smh-stack">
      <button type="button" className="smh-button" onClick={() => setOpen(true)}>
        Upload {props.fileName}
      </button>
      <p className="sb-smh-note">{answer === undefined ? 'No answer yet.' : `Answer: ${answer}`}</p>
      <ConflictPrompt
        {...props}
        open={open}
        onResolve={(resolution, options) => {
          props.onResolve(resolution, options);
          setAnswer(resolution);
          setOpen(false);
        }}
        onDismiss={() => {
          props.onDismiss?.();
          setAnswer('closed, still waiting');
          setOpen(false);
        }}
      />
    </div>
  );
}

export const RenameOrCancel: Story = {
  play: async ({ canvas }) => {
    const dialog = await canvas.findByRole('dialog', { name: 'A file with this name already exists' });
    await expect(dialog).toHaveAccessibleDescription(/already exists in .\/claims\/2026-0142/);
    // "Replace" is offered only where overwriting is allowed.
    await expect(canvas.queryByRole('button', { name: 'Replace' })).not.toBeInTheDocument();
    await expect(canvas.getByRole('button', { name: 'Keep both' })).toHaveFocus();
  },
};

export const OverwriteAllowed: Story = {
  args: { allowOverwrite: true },
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Replace' }));
    await expect(args.onResolve).toHaveBeenCalledOnce();
    await expect(args.onResolve).toHaveBeenCalledWith('overwrite', { applyToAll: false });
  },
};

/** Focus moves in, Tab cycles inside, Escape closes without answering, and focus returns to the opener. */
export const KeyboardAndFocus: Story = {
  args: { allowOverwrite: true },
  render: (args) => <WithOpener {...args} />,
  play: async ({ args, canvas, userEvent, step }) => {
    const opener = canvas.getByRole('button', { name: /^Upload / });
    await userEvent.click(opener);
    const keepBoth = await canvas.findByRole('button', { name: 'Keep both' });
    const replace = canvas.getByRole('button', { name: 'Replace' });
    const cancel = canvas.getByRole('button', { name: 'Cancel upload' });

    await step('focus moves into the dialog', async () => {
      await waitFor(() => expect(keepBoth).toHaveFocus());
    });
    await step('Tab and Shift+Tab stay inside', async () => {
      await userEvent.tab();
      await expect(replace).toHaveFocus();
      await userEvent.tab();
      await expect(cancel).toHaveFocus();
      await userEvent.tab();
      await expect(keepBoth).toHaveFocus();
      await userEvent.tab({ shift: true });
      await expect(cancel).toHaveFocus();
    });
    await step('Escape closes without answering (nothing cancelled) and focus returns to the opener', async () => {
      await userEvent.keyboard('{Escape}');
      await expect(args.onResolve).not.toHaveBeenCalled();
      await expect(args.onDismiss).toHaveBeenCalled();
      await waitFor(() => expect(canvas.queryByRole('dialog')).not.toBeInTheDocument());
      await expect(opener).toHaveFocus();
      await expect(canvas.getByText('Answer: closed, still waiting')).toBeVisible();
    });
  },
};

/** At the library's root there is no folder to name. */
export const AtRoot: Story = { args: { folder: undefined, fileName: 'README.md' } };

/** A hostile name stays inert text, isolated, its bidi override shown as a code rather than obeyed. */
export const HostileName: Story = {
  args: { fileName: 'invoice\u202Etxt.exe <img src=x onerror=alert(1)>', folder: 'inbox' },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvasElement.querySelector('img')).toBeNull();
    await expect(await canvas.findByRole('dialog')).toHaveAccessibleDescription(/invoice\[U\+202E\]txt\.exe/);
  },
};

/** Two more clashes wait: one tick gives them the same answer. */
export const ApplyToAll: Story = {
  args: { allowOverwrite: true, othersWaiting: 2 },
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole('checkbox', { name: 'Give the same answer to the 2 other name clashes waiting' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Keep both' }));
    await expect(args.onResolve).toHaveBeenCalledWith('rename', { applyToAll: true });
  },
};

export const ApplyToAllChinese: Story = {
  args: { allowOverwrite: true, othersWaiting: 2 },
  globals: { locale: 'zh-CN' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('checkbox', { name: '对其余 2 个等待中的同名冲突使用相同的选择' })).toBeVisible();
  },
};

export const Dark: Story = { args: { allowOverwrite: true }, globals: { theme: 'dark' } };

export const Chinese: Story = {
  args: { allowOverwrite: true },
  globals: { locale: 'zh-CN' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('dialog', { name: '已存在同名文件' })).toBeVisible();
  },
};

export const ChineseDark: Story = { args: { allowOverwrite: false }, globals: { locale: 'zh-CN', theme: 'dark' } };
