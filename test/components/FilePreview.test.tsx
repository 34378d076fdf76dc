// FilePreview and useFilePreview in jsdom, with a fake createImageBitmap whose decodes the test
// finishes by hand: what the card shows at each step, how many decodes run at once, the icons for
// what cannot be previewed, and that every bitmap, canvas picture, object URL and video is freed.
import { act, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FilePreview } from '../../src/components/FilePreview';
import { UploadStatus } from '../../src/components/UploadStatus';
import { SmhI18nProvider, zhCN } from '../../src/i18n';
import { fakeTask, hydrateOver } from './helpers';
import { installPreviewFakes, pngFile, type PreviewFakes } from './previewFakes';

let fakes: PreviewFakes;

/** Runs every timer (the scheduler's deferred starts, and any timeout) and the promises they settle. */
const flush = () => act(async () => {
  await vi.runAllTimersAsync();
});
/** Runs the scheduler's deferred starts, but not a video's timeout. */
const step = () => act(async () => {
  await vi.advanceTimersByTimeAsync(1);
});

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('devicePixelRatio', 1);
  fakes = installPreviewFakes();
});

afterEach(async () => {
  fakes.settleAll();
  await flush();
  vi.useRealTimers();
  fakes.restore();
});

const preview = (container: HTMLElement) => container.querySelector<HTMLElement>('.smh-preview')!;
const canvasOf = (container: HTMLElement) => container.querySelector<HTMLCanvasElement>('canvas')!;

describe('FilePreview: an image', () => {
  it('shows the icon while loading, then draws the decoded thumbnail into its canvas', async () => {
    const { container } = render(<FilePreview file={pngFile('claim.png')} size={48} />);
    expect(preview(container)).toHaveAttribute('data-status', 'loading');
    expect(preview(container)).toHaveAttribute('data-kind', 'image');
    expect(preview(container)).toHaveAttribute('aria-busy', 'true');
    expect(container.querySelector('.smh-preview__icon')).not.toBeNull();
    expect(canvasOf(container).hidden).toBe(true);

    await flush();
    expect(fakes.requests).toHaveLength(1);
    // Decoded and scaled in one go, to the box's width in device pixels.
    expect(fakes.requests[0]!.options).toMatchObject({ resizeWidth: 48, resizeQuality: 'medium' });
    const bitmap = fakes.requests[0]!.resolve(48, 36);
    await flush();

    expect(preview(container)).toHaveAttribute('data-status', 'ready');
    expect(preview(container)).not.toHaveAttribute('aria-busy');
    expect(container.querySelector('.smh-preview__icon')).toBeNull();
    const canvas = canvasOf(container);
    expect(canvas.hidden).toBe(false);
    expect([canvas.width, canvas.height]).toEqual([48, 36]);
    expect(fakes.transfers.get(canvas)).toEqual([bitmap]);
    expect(screen.getByRole('img', { name: 'Preview of \u2068claim.png\u2069' })).toBe(preview(container));
  });

  it('under StrictMode decodes once and draws, and still frees it on unmount', async () => {
    const { container, unmount } = render(
      <StrictMode>
        <FilePreview file={pngFile()} />
      </StrictMode>,
    );
    await flush();
    expect(fakes.requests).toHaveLength(1);
    const bitmap = fakes.requests[0]!.resolve();
    await flush();
    expect(preview(container)).toHaveAttribute('data-status', 'ready');
    expect(fakes.transfers.get(canvasOf(container))).toEqual([bitmap]);
    unmount();
    expect(bitmap.close).toHaveBeenCalled();
  });

  it('scales by the device pixel ratio, at most 2', async () => {
    vi.stubGlobal('devicePixelRatio', 3);
    render(<FilePreview file={pngFile()} size={40} />);
    await flush();
    expect(fakes.requests[0]!.options).toMatchObject({ resizeWidth: 80 });
  });

  it('decodes a very tall picture again by its height, and frees the first try', async () => {
    const { container } = render(<FilePreview file={pngFile('receipt.png')} size={50} />);
    await flush();
    const first = fakes.requests[0]!.resolve(50, 400);
    await flush();
    expect(first.close).toHaveBeenCalledOnce();
    expect(fakes.requests[1]!.options).toMatchObject({ resizeHeight: 50 });
    fakes.requests[1]!.resolve(7, 50);
    await flush();
    expect(preview(container)).toHaveAttribute('data-status', 'ready');
    expect([canvasOf(container).width, canvasOf(container).height]).toEqual([7, 50]);
  });

  it('is decorative with alt=""', async () => {
    const { container } = render(<FilePreview file={pngFile()} alt="" />);
    expect(preview(container)).toHaveAttribute('aria-hidden', 'true');
    expect(preview(container)).not.toHaveAttribute('role');
    expect(preview(container)).not.toHaveAttribute('aria-label');
  });

  it('speaks Chinese with the zh-CN catalogue', () => {
    render(
      <SmhI18nProvider locale="zh-CN" messages={zhCN}>
        <FilePreview file={new File(['%PDF'], '理赔.pdf', { type: 'application/pdf' })} />
      </SmhI18nProvider>,
    );
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('文档，无预览：\u2068理赔.pdf\u2069');
  });
});

describe('FilePreview: what cannot be previewed falls back to an icon by kind', () => {
  it.each([
    ['IMG_0001.HEIC', 'image/heic', 'image', 'Image, no preview: \u2068IMG_0001.HEIC\u2069'],
    ['claim.pdf', 'application/pdf', 'document', 'Document, no preview: \u2068claim.pdf\u2069'],
    ['notes.txt', 'text/plain', 'document', 'Document, no preview: \u2068notes.txt\u2069'],
    ['drawing.svg', 'image/svg+xml', 'image', 'Image, no preview: \u2068drawing.svg\u2069'],
    ['backup.zip', 'application/zip', 'generic', 'File, no preview: \u2068backup.zip\u2069'],
    // No type from the browser: the extension decides.
    ['IMG_0002.heic', '', 'image', 'Image, no preview: \u2068IMG_0002.heic\u2069'],
  ])('%s (%s): %s icon, nothing decoded', async (name, type, kind, label) => {
    const { container } = render(<FilePreview file={new File(['x'], name, { type })} />);
    expect(preview(container)).toHaveAttribute('data-status', 'unsupported');
    expect(preview(container)).toHaveAttribute('data-kind', kind);
    expect(screen.getByRole('img', { name: label })).toBeInTheDocument();
    await flush();
    expect(fakes.requests).toEqual([]);
    expect(container.querySelector('.smh-preview__icon')).not.toBeNull();
  });

  it('an image that fails to decode shows its icon (status error), without throwing', async () => {
    const { container } = render(<FilePreview file={pngFile('broken.png')} />);
    await flush();
    fakes.requests[0]!.reject();
    await flush();
    expect(preview(container)).toHaveAttribute('data-status', 'error');
    expect(preview(container)).toHaveAttribute('data-kind', 'image');
    expect(screen.getByRole('img', { name: 'Image, no preview: \u2068broken.png\u2069' })).toBeInTheDocument();
  });

  it('where the browser has no createImageBitmap, every file gets its icon', async () => {
    vi.stubGlobal('createImageBitmap', undefined);
    const { container } = render(<FilePreview file={pngFile()} />);
    await flush();
    expect(preview(container)).toHaveAttribute('data-status', 'unsupported');
  });

  it('no file: the generic icon', () => {
    const { container } = render(<FilePreview file={undefined} />);
    expect(preview(container)).toHaveAttribute('data-status', 'unsupported');
    expect(preview(container)).toHaveAttribute('data-kind', 'generic');
  });
});

describe('FilePreview: two at a time', () => {
  it('decodes at most two files at once; the next starts when one finishes', async () => {
    const files = Array.from({ length: 5 }, (_, i) => pngFile(`photo-${i}.png`));
    render(
      <>
        {files.map((file) => (
          <FilePreview key={file.name} file={file} />
        ))}
      </>,
    );
    await flush();
    expect(fakes.requests.map((r) => (r.source as File).name)).toEqual(['photo-0.png', 'photo-1.png']);

    fakes.requests[1]!.resolve();
    await flush();
    expect(fakes.requests.map((r) => (r.source as File).name)).toEqual(['photo-0.png', 'photo-1.png', 'photo-2.png']);

    fakes.requests[0]!.reject();
    fakes.requests[2]!.resolve();
    await flush();
    expect(fakes.requests).toHaveLength(5);
  });
});

describe('FilePreview waits until it nears the viewport', () => {
  it('decodes nothing while out of view, then decodes once it scrolls near', async () => {
    const observers: Array<{ callback: IntersectionObserverCallback; options?: IntersectionObserverInit; disconnected: boolean }> = [];
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        record: (typeof observers)[number];
        constructor(callback: IntersectionObserverCallback, options?: IntersectionObserverInit) {
          this.record = { callback, options, disconnected: false };
          observers.push(this.record);
        }
        observe() {}
        disconnect() {
          this.record.disconnected = true;
        }
      },
    );
    const { container } = render(<FilePreview file={pngFile()} />);
    await flush();
    expect(fakes.requests).toEqual([]);
    expect(observers[0]!.options).toEqual({ rootMargin: '200px' });

    act(() => observers[0]!.callback([{ isIntersecting: true } as IntersectionObserverEntry], {} as IntersectionObserver));
    await flush();
    expect(fakes.requests).toHaveLength(1);
    expect(observers[0]!.disconnected).toBe(true);
    fakes.requests[0]!.resolve();
    await flush();
    expect(preview(container)).toHaveAttribute('data-status', 'ready');
  });

  it('lazy={false} decodes at once', async () => {
    vi.stubGlobal('IntersectionObserver', class {
      observe() {}
      disconnect() {}
    });
    render(<FilePreview file={pngFile()} lazy={false} />);
    await flush();
    expect(fakes.requests).toHaveLength(1);
  });
});

describe('FilePreview frees what it holds', () => {
  it('on unmount: the bitmap is closed and the canvas picture released', async () => {
    const { container, unmount } = render(<FilePreview file={pngFile()} />);
    await flush();
    const bitmap = fakes.requests[0]!.resolve();
    await flush();
    const canvas = canvasOf(container);
    unmount();
    expect(bitmap.close).toHaveBeenCalledOnce();
    expect(fakes.transfers.get(canvas)).toEqual([bitmap, null]);
  });

  it('on a new file: the old thumbnail is freed, the new one made and drawn', async () => {
    const { container, rerender } = render(<FilePreview file={pngFile('a.png')} />);
    await flush();
    const first = fakes.requests[0]!.resolve();
    await flush();
    rerender(<FilePreview file={pngFile('b.png')} />);
    expect(first.close).toHaveBeenCalledOnce();
    expect(preview(container)).toHaveAttribute('data-status', 'loading');
    await flush();
    const second = fakes.requests[1]!.resolve();
    await flush();
    expect(fakes.transfers.get(canvasOf(container))).toEqual([first, null, second]);
    expect(preview(container)).toHaveAttribute('data-status', 'ready');
  });

  it('unmounted while waiting for its turn: never decoded at all', async () => {
    const files = Array.from({ length: 3 }, (_, i) => pngFile(`p${i}.png`));
    const { rerender } = render(
      <>
        {files.map((file) => (
          <FilePreview key={file.name} file={file} />
        ))}
      </>,
    );
    await flush();
    expect(fakes.requests).toHaveLength(2);
    // The third card goes while it waits.
    rerender(
      <>
        {files.slice(0, 2).map((file) => (
          <FilePreview key={file.name} file={file} />
        ))}
      </>,
    );
    fakes.requests[0]!.resolve();
    fakes.requests[1]!.resolve();
    await flush();
    expect(fakes.requests).toHaveLength(2);
  });

  it('unmounted while decoding: the bitmap that arrives afterwards is closed at once, never drawn', async () => {
    const { unmount } = render(<FilePreview file={pngFile()} />);
    await flush();
    unmount();
    const late = fakes.requests[0]!.resolve();
    await flush();
    expect(late.close).toHaveBeenCalledOnce();
    expect([...fakes.transfers.values()].flat()).not.toContain(late);
  });
});

/** Captures the off-page video element the preview makes, with media calls faked. */
function fakeVideos() {
  const videos: HTMLVideoElement[] = [];
  const create = document.createElement.bind(document);
  vi.spyOn(document, 'createElement').mockImplementation(((tag: string, options?: ElementCreationOptions) => {
    const element = create(tag, options);
    if (tag === 'video') videos.push(element as HTMLVideoElement);
    return element;
  }) as typeof document.createElement);
  vi.spyOn(HTMLMediaElement.prototype, 'canPlayType').mockReturnValue('maybe');
  const load = vi.spyOn(HTMLMediaElement.prototype, 'load').mockImplementation(() => undefined);
  return { videos, load };
}

const clip = () => new File(['webm'], 'walkaround.webm', { type: 'video/webm' });

describe('FilePreview: a video', () => {
  it('draws a frame a little way in, then empties the video and revokes its URL', async () => {
    const { videos, load } = fakeVideos();
    const { container } = render(<FilePreview file={clip()} size={64} />);
    await step();
    const video = videos[0]!;
    expect(video.isConnected).toBe(false);
    expect(video.muted).toBe(true);
    expect(video.preload).toBe('metadata');
    expect(video.getAttribute('src')).toBe(fakes.urls.created[0]);

    let seekTo = 0;
    Object.defineProperties(video, {
      currentTime: { get: () => seekTo, set: (value: number) => {
        seekTo = value;
      } },
      videoWidth: { value: 1280 },
      videoHeight: { value: 720 },
      duration: { value: 12 },
      readyState: { value: HTMLMediaElement.HAVE_CURRENT_DATA },
    });
    video.dispatchEvent(new Event('loadedmetadata'));
    await step();
    expect(video.currentTime).toBe(0.5);
    video.dispatchEvent(new Event('seeked'));
    await step();
    expect(fakes.requests[0]!.source).toBe(video);
    expect(fakes.requests[0]!.options).toMatchObject({ resizeWidth: 64, resizeHeight: 36 });
    fakes.requests[0]!.resolve(64, 36);
    await step();

    expect(preview(container)).toHaveAttribute('data-status', 'ready');
    expect(video.hasAttribute('src')).toBe(false);
    expect(load).toHaveBeenCalled();
    expect(fakes.urls.revoked).toEqual(fakes.urls.created);
  });

  it('a video that never shows a frame falls back to its icon after the timeout, and is freed', async () => {
    const { videos } = fakeVideos();
    const { container } = render(<FilePreview file={clip()} videoTimeoutMs={5000} />);
    await flush();
    expect(preview(container)).toHaveAttribute('data-status', 'error');
    expect(preview(container)).toHaveAttribute('data-kind', 'video');
    expect(videos[0]!.hasAttribute('src')).toBe(false);
    expect(fakes.urls.revoked).toEqual(fakes.urls.created);
    expect(fakes.requests).toEqual([]);
  });

  it('a video the browser cannot play is unsupported, and no URL is made', async () => {
    fakeVideos();
    vi.mocked(HTMLMediaElement.prototype.canPlayType).mockReturnValue('');
    const { container } = render(<FilePreview file={new File(['x'], 'clip.mov', { type: 'video/quicktime' })} />);
    await flush();
    expect(preview(container)).toHaveAttribute('data-status', 'unsupported');
    expect(fakes.urls.created).toEqual([]);
  });

  it('unmounted while the video loads: the element is emptied and its URL revoked', async () => {
    const { videos } = fakeVideos();
    const { unmount } = render(<FilePreview file={clip()} />);
    await step();
    expect(videos).toHaveLength(1);
    unmount();
    await flush();
    expect(videos[0]!.hasAttribute('src')).toBe(false);
    expect(fakes.urls.revoked).toEqual(fakes.urls.created);
  });
});

describe('FilePreview on a server, then hydrated', () => {
  it('renders the loading icon on the server without touching a browser API, and hydrates without a mismatch', async () => {
    const ui = <FilePreview file={pngFile('claim.png')} />;
    const html = renderToString(ui);
    expect(html).toContain('data-status="loading"');
    expect(fakes.requests).toEqual([]);

    const { container, recoverable } = await hydrateOver(html, ui);
    await flush();
    expect(recoverable).not.toHaveBeenCalled();
    fakes.requests[0]!.resolve();
    await flush();
    expect(container.querySelector('.smh-preview')).toHaveAttribute('data-status', 'ready');
    container.remove();
  });
});

describe('UploadStatus preview slot', () => {
  it('shows what it is given before the file name', () => {
    const task = fakeTask({ fileName: 'claim.png' });
    const { container } = render(<UploadStatus task={task} preview={<FilePreview file={pngFile('claim.png')} alt="" />} />);
    const header = container.querySelector('.smh-status__header')!;
    expect(header.firstElementChild).toHaveClass('smh-status__preview');
    expect(header.querySelector('.smh-preview')).not.toBeNull();
  });

  it('renders no slot without a preview', () => {
    const { container } = render(<UploadStatus task={fakeTask()} />);
    expect(container.querySelector('.smh-status__preview')).toBeNull();
  });
});
