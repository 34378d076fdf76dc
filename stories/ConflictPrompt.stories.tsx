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
          'Focus moves into the dialog, Tab stays inside, Escape cancels, and focus returns where it was.',
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
  },
} satisfies Meta<typeof ConflictPrompt>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A page with a button that opens the prompt, as an app would: focus has somewhere to return to. */
function WithOpener(props: ConflictPromptProps) {
  const [open, setOpen] = useState(false);
  const [answer, setAnswer] = useState<ConflictResolution>();
  return (
    <div className="sb-smh-stack">
      <button type="button" className="smh-button" onClick={() => setOpen(true)}>
        Upload {props.fileName}
      </button>
      <p className="sb-smh-note">{answer === undefined ? 'No answer yet.' : `Answer: ${answer}`}</p>
      <ConflictPrompt
        {...props}
        open={open}
        onResolve={(resolution) => {
          props.onResolve(resolution);
          setAnswer(resolution);
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
    await expect(args.onResolve).toHaveBeenCalledWith('overwrite');
  },
};

/** Focus moves in, Tab cycles inside, Escape cancels once, and focus returns to the opener. */
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
    await step('Escape cancels and focus returns to the opener', async () => {
      await userEvent.keyboard('{Escape}');
      await expect(args.onResolve).toHaveBeenCalledOnce();
      await expect(args.onResolve).toHaveBeenCalledWith('cancel');
      await waitFor(() => expect(canvas.queryByRole('dialog')).not.toBeInTheDocument());
      await expect(opener).toHaveFocus();
      await expect(canvas.getByText('Answer: cancel')).toBeVisible();
    });
  },
};

/** At the library's root there is no folder to name. */
export const AtRoot: Story = { args: { folder: undefined, fileName: 'README.md' } };

/** A hostile name stays inert text, isolated so bidi controls cannot reorder the sentence. */
export const HostileName: Story = {
  args: { fileName: 'invoice\u202Etxt.exe <img src=x onerror=alert(1)>', folder: 'inbox' },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('img')).toBeNull();
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
