// A status rendered on a server (e.g. from a prefetched status query) hydrates without a
// mismatch, even though the server's clock and time zone are not the reader's; the
// clock-dependent text appears once hydration is done.
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UploadStatus } from '../../src/components/UploadStatus';
import { makeUploadPartInfo, makeUploadTaskStatus } from '../fixtures/smh';
import { hydrateOver } from './helpers';

const SERVER_NOW = Date.parse('2026-01-01T10:30:00.000Z');

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('UploadStatus rendered on a server, then hydrated', () => {
  it('matches on hydration and then shows the expiry and the start time for the reader', async () => {
    const status = makeUploadTaskStatus({
      creationTime: '2026-01-01T08:00:00.000Z',
      uploadPartInfo: makeUploadPartInfo({ expiration: new Date(SERVER_NOW + 4 * 60_000).toISOString() }),
    });
    const ui = <UploadStatus status={status} fileName="video.mp4" />;

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(SERVER_NOW);
    const html = renderToString(ui);
    // No clock on the server: no "expires in …"; the start time is in UTC and says so.
    expect(html).not.toContain('expires');
    expect(html).toMatch(/Started .*8:00:00\sAM UTC/);

    // The page reaches the reader two minutes later.
    vi.setSystemTime(SERVER_NOW + 2 * 60_000);
    const { container, recoverable } = await hydrateOver(html, ui);

    expect(recoverable).not.toHaveBeenCalled();
    expect(container.textContent).toContain('Upload link expires in 2 minutes');
    expect(container.textContent).not.toContain('UTC');
  });
});
