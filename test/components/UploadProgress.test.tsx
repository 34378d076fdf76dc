import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { UploadProgress } from '../../src/components/UploadProgress';
import { SmhI18nProvider, zhCN } from '../../src/i18n';

const GB = 1_000_000_000;

describe('UploadProgress', () => {
  it('is a progressbar whose value text reads percent, amounts and time left', () => {
    render(<UploadProgress value={1.22 * GB} max={2.9 * GB} etaSeconds={185} bytesPerSecond={6_600_000} />);
    const bar = screen.getByRole('progressbar', { name: 'Upload progress' });
    expect(bar).toHaveAttribute('aria-valuemin', '0');
    expect(bar).toHaveAttribute('aria-valuemax', String(2.9 * GB));
    expect(bar).toHaveAttribute('aria-valuenow', String(1.22 * GB));
    expect(bar).toHaveAttribute('aria-valuetext', '42%, 1.2 GB of 2.9 GB, about 3 minutes left');
    expect(bar).toHaveAttribute('data-state', 'uploading');
    expect(screen.getByText('6.6 MB/s')).toBeInTheDocument();
  });

  it('exposes state, value and max as data attributes and passes DOM props through', () => {
    const { container } = render(
      <UploadProgress value={5} max={10} state="paused" className="mine" data-testid="p" title="t" />,
    );
    const root = container.firstElementChild as HTMLElement;
    expect(root).toHaveClass('smh-progress', 'mine');
    expect(root).toHaveAttribute('data-state', 'paused');
    expect(root).toHaveAttribute('data-value', '5');
    expect(root).toHaveAttribute('data-max', '10');
    expect(root).toHaveAttribute('title', 't');
  });

  it('never reads 100 % before the end and clamps values past the total', () => {
    const { rerender } = render(<UploadProgress value={996} max={1000} />);
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuetext', expect.stringMatching(/^99%/));
    rerender(<UploadProgress value={1500} max={1000} />);
    const bar = screen.getByRole('progressbar');
    expect(bar).toHaveAttribute('aria-valuenow', '1000');
    expect(bar).toHaveAttribute('data-state', 'done');
  });

  it('reads 99 % while every byte is sent but the upload is not done, and 100 % once it is', () => {
    const { rerender } = render(<UploadProgress value={1000} max={1000} state="uploading" />);
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuetext', expect.stringMatching(/^99%/));
    rerender(<UploadProgress value={1000} max={1000} state="confirming" />);
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuetext', expect.stringMatching(/^99%/));
    rerender(<UploadProgress value={1000} max={1000} state="done" />);
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuetext', expect.stringMatching(/^100%/));
  });

  it('has an indeterminate form when the total is unknown', () => {
    const { container } = render(<UploadProgress value={3_000_000} />);
    const bar = screen.getByRole('progressbar');
    expect(bar).not.toHaveAttribute('aria-valuenow');
    expect(bar).not.toHaveAttribute('aria-valuemax');
    expect(bar).toHaveAttribute('aria-valuetext', '3 MB uploaded');
    expect(container.firstElementChild).toHaveAttribute('data-indeterminate');
  });

  it('announces only state changes and each new 10 % step, not every byte', () => {
    const { rerender } = render(<UploadProgress value={0} max={1000} state="uploading" />);
    const live = screen.getByRole('status');
    expect(live).toHaveAttribute('aria-live', 'polite');
    const heard: string[] = [];
    const listen = () => {
      const text = live.textContent ?? '';
      if (text !== '' && heard[heard.length - 1] !== text) heard.push(text);
    };
    for (let value = 0; value <= 350; value += 7) {
      rerender(<UploadProgress value={value} max={1000} state="uploading" />);
      listen();
    }
    rerender(<UploadProgress value={350} max={1000} state="paused" />);
    listen();
    rerender(<UploadProgress value={351} max={1000} state="paused" />);
    listen();
    expect(heard).toEqual(['Uploading: 10%', 'Uploading: 20%', 'Uploading: 30%', 'Paused: 35%']);
  });

  it('speaks Chinese under a zh-CN provider, and the locale prop wins', () => {
    const { rerender } = render(
      <SmhI18nProvider locale="zh-CN" messages={zhCN}>
        <UploadProgress value={1.22 * GB} max={2.9 * GB} etaSeconds={185} />
      </SmhI18nProvider>,
    );
    expect(screen.getByRole('progressbar', { name: '上传进度' })).toHaveAttribute(
      'aria-valuetext',
      '42%，已上传 1.2 GB，共 2.9 GB，约剩 3分钟',
    );
    rerender(
      <SmhI18nProvider locale="zh-CN" messages={zhCN}>
        <UploadProgress value={1} max={2} locale="en" />
      </SmhI18nProvider>,
    );
    expect(screen.getByRole('progressbar', { name: 'Upload progress' })).toBeInTheDocument();
  });
});
