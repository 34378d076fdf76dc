import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { PartMap } from '../../src/components/PartMap';
import { SmhI18nProvider, zhCN } from '../../src/i18n';
import type { PartState } from '../../src/core/types';
import { makeParts, MiB } from '../fixtures/smh';
import { makePartSnapshots } from './helpers';

function statesOf(counts: Partial<Record<PartState, number>>, order: PartState[] = ['stored', 'sending', 'failed', 'pending']) {
  return order.flatMap((state) => Array<PartState>(counts[state] ?? 0).fill(state));
}

/** A deterministic scatter of states (a linear congruential sequence, no Math.random). */
function scattered(count: number): PartState[] {
  const all: PartState[] = ['pending', 'sending', 'stored', 'failed'];
  let seed = 7;
  return Array.from({ length: count }, () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return all[seed % 4] as PartState;
  });
}

const detail = () => document.querySelector('.smh-partmap__detail')?.textContent;

describe('PartMap', () => {
  it('summarises stored, sending and failed parts with locale numbers', () => {
    const parts = makePartSnapshots(statesOf({ stored: 4812, sending: 6, failed: 2, pending: 5180 }), 1);
    render(<PartMap parts={parts} />);
    expect(screen.getByText('4,812 of 10,000 parts stored; 6 sending; 2 failed')).toBeInTheDocument();
  });

  it('speaks Chinese under a zh-CN provider', () => {
    render(
      <SmhI18nProvider locale="zh-CN" messages={zhCN}>
        <PartMap parts={makePartSnapshots(statesOf({ stored: 3, failed: 1 }))} />
      </SmhI18nProvider>,
    );
    expect(screen.getByText('已存储 3 / 4 个分块；1 个失败')).toBeInTheDocument();
  });

  it('merges consecutive parts of one state into one segment', () => {
    const parts = makePartSnapshots(statesOf({ stored: 40, sending: 4, pending: 56 }));
    render(<PartMap parts={parts} />);
    const options = screen.getAllByRole('option', { hidden: true });
    expect(options.map((option) => option.getAttribute('data-state'))).toEqual(['stored', 'sending', 'pending']);
    expect(options.map((option) => option.getAttribute('data-count'))).toEqual(['40', '4', '56']);
    expect(options[0]).toHaveAccessibleName('Parts 1–40: stored, 200 MB');
  });

  it('keeps the DOM bounded at 10,000 parts with scattered states', () => {
    const { container } = render(<PartMap parts={makePartSnapshots(scattered(10_000), 1)} />);
    const segments = container.querySelectorAll('.smh-partmap__segment');
    expect(segments.length).toBeGreaterThan(0);
    expect(segments.length).toBeLessThanOrEqual(200);
    expect(container.querySelectorAll('*').length).toBeLessThan(220);
    // The buckets still cover every part.
    const covered = [...segments].reduce((sum, segment) => sum + Number(segment.getAttribute('data-count')), 0);
    expect(covered).toBe(10_000);
  });

  it('marks a bucket that holds a failure as failed or mixed, never as stored', () => {
    const states = scattered(10_000).map((): PartState => 'stored');
    states[5_000] = 'failed';
    for (let index = 0; index < 10_000; index += 2) states[index] = index === 5_000 ? 'failed' : 'pending';
    const { container } = render(<PartMap parts={makePartSnapshots(states, 1)} maxSegments={100} />);
    const holding = [...container.querySelectorAll<HTMLElement>('.smh-partmap__segment')].find((segment) => {
      const start = Number(segment.dataset['start']);
      return start <= 5_000 && 5_000 < start + Number(segment.dataset['count']);
    });
    expect(holding?.dataset['state']).toBe('mixed');
    expect(holding).toHaveAccessibleName(expect.stringMatching(/1 failed/));
  });

  it('an update redraws only the changed runs: the untouched run keeps its DOM node', () => {
    const before = makePartSnapshots(statesOf({ stored: 4000, sending: 4, pending: 5996 }), 1);
    const { container, rerender } = render(<PartMap parts={before} />);
    const [storedRun, , pendingRun] = container.querySelectorAll('.smh-partmap__segment');
    // Part 4001 is stored, part 4005 starts sending: the sending run moves right by one.
    const after = before.map((part) =>
      part.number === 4001 ? { ...part, state: 'stored' as const } : part.number === 4005 ? { ...part, state: 'sending' as const } : part,
    );
    rerender(<PartMap parts={after} />);
    const segments = [...container.querySelectorAll('.smh-partmap__segment')];
    expect(segments.map((s) => [s.getAttribute('data-state'), s.getAttribute('data-count')])).toEqual([
      ['stored', '4001'],
      ['sending', '4'],
      ['pending', '5995'],
    ]);
    expect(segments[0]).toBe(storedRun);
    expect(segments[2]).not.toBe(pendingRun);
    expect(screen.getByText('4,001 of 10,000 parts stored; 4 sending')).toBeInTheDocument();
  });

  it('shows the focused part by keyboard: arrows by part, up/down by run, Home/End', async () => {
    const user = userEvent.setup();
    const parts = makePartSnapshots(statesOf({ stored: 3, sending: 2, pending: 5 }));
    render(<PartMap parts={parts} />);
    const map = screen.getByRole('listbox', { name: 'Parts' });
    await user.tab();
    expect(map).toHaveFocus();
    expect(detail()).toMatch(/^Part 1: stored, 5 MB, ETag "0+1", stored /);
    expect(map.getAttribute('aria-activedescendant')).toBe(screen.getAllByRole('option')[0]?.id);

    await user.keyboard('{ArrowRight}');
    expect(detail()).toMatch(/^Part 2: stored/);
    await user.keyboard('{ArrowDown}');
    expect(detail()).toBe('Part 4: sending, 5 MB');
    expect(map.getAttribute('aria-activedescendant')).toBe(screen.getAllByRole('option')[1]?.id);
    await user.keyboard('{ArrowDown}');
    expect(detail()).toBe('Part 6: waiting, 5 MB');
    await user.keyboard('{ArrowUp}');
    expect(detail()).toBe('Part 4: sending, 5 MB');
    await user.keyboard('{ArrowUp}');
    expect(detail()).toMatch(/^Part 1: stored/);
    await user.keyboard('{End}');
    expect(detail()).toBe('Part 10: waiting, 5 MB');
    await user.keyboard('{ArrowRight}');
    expect(detail()).toBe('Part 10: waiting, 5 MB');
    await user.keyboard('{Home}');
    expect(detail()).toMatch(/^Part 1:/);
  });

  it('takes the status reply: stored parts, pending up to totalParts', () => {
    render(<PartMap parts={makeParts(3, MiB)} totalParts={8} partSize={MiB} />);
    expect(screen.getByText('3 of 8 parts stored')).toBeInTheDocument();
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.getAttribute('data-state'))).toEqual(['stored', 'pending']);
  });

  it('does not invent a total from a status reply without totalParts', () => {
    const { container } = render(<PartMap parts={makeParts(4, MiB)} />);
    expect(screen.getByText('4 parts stored')).toBeInTheDocument();
    expect(container.firstElementChild).toHaveAttribute('data-state', 'partial');
  });

  it('renders an empty list without a bar', () => {
    render(<PartMap parts={[]} className="x" />);
    expect(screen.getByText('0 of 0 parts stored')).toBeInTheDocument();
    expect(screen.queryByRole('listbox')).toBeNull();
  });
});
