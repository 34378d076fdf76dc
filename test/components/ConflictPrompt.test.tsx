import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ConflictPrompt } from '../../src/components/ConflictPrompt';
import { ConflictStrategyInfo } from '../../src/components/ConflictStrategyInfo';
import type { ConflictResolution } from '../../src/core/types';
import { SmhI18nProvider, zhCN } from '../../src/i18n';

interface HarnessProps {
  allowOverwrite?: boolean;
  onResolve: (r: ConflictResolution, options: { applyToAll: boolean }) => void;
  othersWaiting?: number;
  /** Default true: the harness closes the dialog on Escape, as UploadStatus does. */
  closesOnEscape?: boolean;
}

function Harness({ allowOverwrite = false, onResolve, othersWaiting, closesOnEscape = true }: HarnessProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Upload
      </button>
      <ConflictPrompt
        open={open}
        fileName="report.pdf"
        folder={['team', 'q3']}
        allowOverwrite={allowOverwrite}
        othersWaiting={othersWaiting}
        onResolve={(resolution, options) => {
          onResolve(resolution, options);
          setOpen(false);
        }}
        onDismiss={closesOnEscape ? () => setOpen(false) : undefined}
      />
    </>
  );
}

describe('ConflictPrompt', () => {
  it('is a labelled modal dialog that takes focus and names the file and folder', async () => {
    const user = userEvent.setup();
    render(<Harness onResolve={vi.fn<(resolution: ConflictResolution) => void>()} />);
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    const dialog = screen.getByRole('dialog', { name: 'A file with this name already exists' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription(/report\.pdf.*already exists in.*\/team\/q3/);
    expect(screen.getByRole('button', { name: 'Keep both' })).toHaveFocus();
  });

  it('hides Replace unless overwriting is allowed', async () => {
    const user = userEvent.setup();
    const { unmount } = render(<Harness onResolve={vi.fn<(resolution: ConflictResolution) => void>()} />);
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(screen.queryByRole('button', { name: 'Replace' })).toBeNull();
    unmount();
    render(<Harness allowOverwrite onResolve={vi.fn<(resolution: ConflictResolution) => void>()} />);
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(screen.getByRole('button', { name: 'Replace' })).toHaveAccessibleDescription(
      'Replace the existing file with the new one.',
    );
  });

  it('traps Tab and Shift+Tab inside', async () => {
    const user = userEvent.setup();
    render(<Harness allowOverwrite onResolve={vi.fn<(resolution: ConflictResolution) => void>()} />);
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    const keep = screen.getByRole('button', { name: 'Keep both' });
    const replace = screen.getByRole('button', { name: 'Replace' });
    const cancel = screen.getByRole('button', { name: 'Cancel upload' });
    await user.tab();
    expect(replace).toHaveFocus();
    await user.tab();
    expect(cancel).toHaveFocus();
    await user.tab();
    expect(keep).toHaveFocus();
    await user.tab({ shift: true });
    expect(cancel).toHaveFocus();
  });

  it('Escape closes the dialog without answering (never cancels), and focus returns to where it was', async () => {
    const user = userEvent.setup();
    const onResolve = vi.fn<HarnessProps['onResolve']>();
    render(<Harness onResolve={onResolve} />);
    const opener = screen.getByRole('button', { name: 'Upload' });
    await user.click(opener);
    await user.keyboard('{Escape}');
    expect(onResolve).not.toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(opener).toHaveFocus();
  });

  it('Escape without onDismiss leaves the dialog open and answers nothing', async () => {
    const user = userEvent.setup();
    const onResolve = vi.fn<HarnessProps['onResolve']>();
    render(<Harness onResolve={onResolve} closesOnEscape={false} />);
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    await user.keyboard('{Escape}');
    expect(onResolve).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('offers the same answer for the other clashes waiting, before the buttons', async () => {
    const user = userEvent.setup();
    const onResolve = vi.fn<HarnessProps['onResolve']>();
    render(<Harness onResolve={onResolve} othersWaiting={2} />);
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    const all = screen.getByRole('checkbox', { name: 'Give the same answer to the 2 other name clashes waiting' });
    expect(all).not.toBeChecked();
    await user.tab({ shift: true });
    expect(all).toHaveFocus();
    await user.keyboard(' ');
    await user.click(screen.getByRole('button', { name: 'Keep both' }));
    expect(onResolve).toHaveBeenCalledExactlyOnceWith('rename', { applyToAll: true });
  });

  it('offers no "same answer" checkbox with no other clash waiting', async () => {
    const user = userEvent.setup();
    const onResolve = vi.fn<HarnessProps['onResolve']>();
    render(<Harness onResolve={onResolve} />);
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(screen.queryByRole('checkbox')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Keep both' }));
    expect(onResolve).toHaveBeenCalledExactlyOnceWith('rename', { applyToAll: false });
  });

  it.each<[string, ConflictResolution]>([
    ['Keep both', 'rename'],
    ['Replace', 'overwrite'],
    ['Cancel upload', 'cancel'],
  ])('%s resolves with %s', async (name, resolution) => {
    const user = userEvent.setup();
    const onResolve = vi.fn<HarnessProps['onResolve']>();
    render(<Harness allowOverwrite onResolve={onResolve} />);
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    await user.click(screen.getByRole('button', { name }));
    expect(onResolve).toHaveBeenCalledExactlyOnceWith(resolution, { applyToAll: false });
  });

  it('renders a hostile file name as text', () => {
    render(<ConflictPrompt fileName="<img src=x onerror=alert(1)>.txt" onResolve={vi.fn<(resolution: ConflictResolution) => void>()} />);
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByRole('dialog')).toHaveTextContent('<img src=x onerror=alert(1)>.txt');
  });

  it('speaks Chinese', () => {
    render(
      <SmhI18nProvider locale="zh-CN" messages={zhCN}>
        <ConflictPrompt fileName="a.txt" onResolve={vi.fn<(resolution: ConflictResolution) => void>()} allowOverwrite />
      </SmhI18nProvider>,
    );
    expect(screen.getByRole('dialog', { name: '已存在同名文件' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '保留两者' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '替换' })).toBeInTheDocument();
  });
});

describe('ConflictStrategyInfo', () => {
  it('explains each strategy in a sentence about the file of the same name, marking the current one', () => {
    render(<ConflictStrategyInfo strategy="rename" force={false} />);
    const terms = screen.getAllByRole('term').map((term) => term.textContent);
    // The same words as the prompt's buttons (Keep both, Replace) and the card's notes.
    expect(terms).toEqual(['Ask', 'Keep both', 'Replace', 'Force']);
    expect(screen.getByText(/stops and asks whether to keep both/)).toBeInTheDocument();
    expect(screen.getByText(/Both files are kept: the new one is saved under a new name/)).toBeInTheDocument();
    expect(screen.getByText(/new file replaces the existing one/)).toBeInTheDocument();
    expect(screen.getByText(/handled by the strategy/)).toBeInTheDocument();
    const current = document.querySelector('[aria-current="true"]');
    expect(current).toHaveAttribute('data-strategy', 'rename');
  });

  it('shows only the strategy in force with variant="current", and force when on', () => {
    render(<ConflictStrategyInfo strategy="overwrite" force variant="current" className="mine" />);
    expect(screen.getAllByRole('term').map((term) => term.textContent)).toEqual(['Replace', 'Force']);
    expect(screen.getByText(/replaces whatever file is already at its path/)).toBeInTheDocument();
    expect(document.querySelector('.smh-strategy')).toHaveClass('mine');
  });
});
