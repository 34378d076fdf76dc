// Makes a small ImageBitmap of an image or a video's first frame, off the main thread where the
// browser can: createImageBitmap decodes and scales a Blob on a worker thread in Chromium, so no
// full-size picture is ever loaded into an <img> (or held) on the page. Framework-free.
import { planPreview, type FilePreviewKind } from './previewKind';
import { sharedPreviewScheduler, type PreviewScheduler } from './previewScheduler';

export interface ThumbnailOptions {
  /** The box the thumbnail fits in, in CSS pixels (default 64); the picture keeps its aspect ratio inside it. */
  size?: number | undefined;
  /** Device pixels per CSS pixel (default `devicePixelRatio`, at most 2). */
  pixelRatio?: number | undefined;
  /** Stops the work: waiting work is dropped, running work cleans up and rejects with the reason. */
  signal?: AbortSignal | undefined;
  /** How long a video may take to show its first frame before it counts as undecodable (default 8000 ms). */
  videoTimeoutMs?: number | undefined;
  /** Where the work waits its turn (default: the page-wide one, two at a time at background priority). */
  scheduler?: PreviewScheduler | undefined;
}

/** A thumbnail, or why there is none. A `ready` one's `bitmap` is the caller's to `close()`. */
export type Thumbnail =
  | { status: 'ready'; kind: FilePreviewKind; bitmap: ImageBitmap; width: number; height: number }
  | { status: 'unsupported'; kind: FilePreviewKind }
  | { status: 'error'; kind: FilePreviewKind; error: unknown };

const DEFAULT_SIZE = 64;
const DEFAULT_VIDEO_TIMEOUT_MS = 8000;

function devicePixels(options: ThumbnailOptions): number {
  const ratio = options.pixelRatio ?? Math.min(2, (globalThis as { devicePixelRatio?: number }).devicePixelRatio ?? 1);
  return Math.max(1, Math.round((options.size ?? DEFAULT_SIZE) * ratio));
}

/** The size that fits `width`×`height` in a `box`-pixel square, never enlarged. */
export function fitInBox(width: number, height: number, box: number): { width: number; height: number } {
  const scale = Math.min(1, box / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function throwIfAborted(signal: AbortSignal, bitmap?: ImageBitmap): void {
  if (!signal.aborted) return;
  bitmap?.close();
  throw signal.reason;
}

/**
 * A browser that ignores the resize options (older Safari) hands back the full picture: scale it
 * down on an OffscreenCanvas and free the big one at once.
 */
function shrink(bitmap: ImageBitmap, box: number): ImageBitmap {
  if (Math.max(bitmap.width, bitmap.height) <= box * 1.5 || typeof OffscreenCanvas !== 'function') return bitmap;
  const { width, height } = fitInBox(bitmap.width, bitmap.height, box);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (context === null) return bitmap;
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return canvas.transferToImageBitmap();
}

async function imageThumbnail(file: Blob, box: number, signal: AbortSignal): Promise<ImageBitmap> {
  // The width alone keeps the aspect ratio, and the size is not known before decoding: a landscape
  // picture fits at once; a portrait one comes out taller than the box and is decoded again by height
  // when that would waste more than twice the pixels.
  let bitmap = await createImageBitmap(file, { resizeWidth: box, resizeQuality: 'medium' });
  throwIfAborted(signal, bitmap);
  if (bitmap.height > box * 2 && bitmap.width === box) {
    bitmap.close();
    bitmap = await createImageBitmap(file, { resizeHeight: box, resizeQuality: 'medium' });
    throwIfAborted(signal, bitmap);
  }
  return shrink(bitmap, box);
}

/** Resolves when `target` fires `name`; rejects on its `error` event or when `signal` aborts. */
function nextEvent(target: HTMLVideoElement, name: string, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      target.removeEventListener(name, onEvent);
      target.removeEventListener('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    const onEvent = () => {
      done();
      resolve();
    };
    const onError = () => {
      done();
      reject(target.error ?? new DOMException('The video could not be decoded.', 'EncodingError'));
    };
    const onAbort = () => {
      done();
      reject(signal.reason);
    };
    target.addEventListener(name, onEvent);
    target.addEventListener('error', onError);
    signal.addEventListener('abort', onAbort);
  });
}

type VideoFrame = { bitmap: ImageBitmap } | { unsupported: true };

/**
 * The frame a little way into a video, from a muted element that is never put in the page. The
 * element is emptied and its object URL revoked whatever happens, and a file that never gets to a
 * frame gives up after `timeoutMs`.
 */
async function videoThumbnail(file: Blob, type: string, box: number, signal: AbortSignal, timeoutMs: number): Promise<VideoFrame> {
  const video = document.createElement('video');
  if (video.canPlayType(type) === '') return { unsupported: true };
  const stop = new AbortController();
  const forward = () => stop.abort(signal.reason);
  signal.addEventListener('abort', forward, { once: true });
  const timer = setTimeout(
    () => stop.abort(new DOMException(`No video frame within ${timeoutMs} ms.`, 'TimeoutError')),
    timeoutMs,
  );
  const url = URL.createObjectURL(file);
  try {
    video.muted = true;
    video.playsInline = true;
    video.preload = 'metadata';
    const metadata = nextEvent(video, 'loadedmetadata', stop.signal);
    video.src = url;
    await metadata;
    // An audio file in a video container has no picture.
    if (video.videoWidth === 0 || video.videoHeight === 0) return { unsupported: true };
    // A little way in: the very first frame is often black (a fade-in).
    const duration = Number.isFinite(video.duration) ? video.duration : 0;
    const seeked = nextEvent(video, 'seeked', stop.signal);
    video.currentTime = Math.min(0.5, duration / 4);
    await seeked;
    if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) await nextEvent(video, 'loadeddata', stop.signal);
    const { width, height } = fitInBox(video.videoWidth, video.videoHeight, box);
    const bitmap = await createImageBitmap(video, { resizeWidth: width, resizeHeight: height, resizeQuality: 'medium' });
    throwIfAborted(stop.signal, bitmap);
    return { bitmap };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', forward);
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}

/** Makes the thumbnail now, without waiting for a turn. */
export async function makeThumbnail(file: Blob, options: ThumbnailOptions & { signal: AbortSignal }): Promise<Thumbnail> {
  const { kind, source, type } = planPreview(file);
  const { signal } = options;
  throwIfAborted(signal);
  if (source === 'none' || typeof createImageBitmap !== 'function') return { status: 'unsupported', kind };
  const box = devicePixels(options);
  try {
    let bitmap: ImageBitmap;
    if (source === 'image') {
      bitmap = await imageThumbnail(file, box, signal);
    } else {
      if (typeof document === 'undefined') return { status: 'unsupported', kind };
      const frame = await videoThumbnail(file, type, box, signal, options.videoTimeoutMs ?? DEFAULT_VIDEO_TIMEOUT_MS);
      if ('unsupported' in frame) return { status: 'unsupported', kind };
      bitmap = frame.bitmap;
    }
    return { status: 'ready', kind, bitmap, width: bitmap.width, height: bitmap.height };
  } catch (error) {
    // The caller stopped it: that is not a broken file.
    throwIfAborted(signal);
    return { status: 'error', kind, error };
  }
}

/**
 * A thumbnail of an image (PNG, JPEG, GIF, WebP, AVIF, BMP) or of a video's first frame, fitting
 * `size` CSS pixels, made when its turn comes (two at a time page-wide, at background priority).
 * Never rejects for a bad file: HEIC, PDF and other kinds are `unsupported`, a file that fails to
 * decode is `error`. Rejects only when `signal` aborts. Close a `ready` bitmap when done with it.
 */
export function createThumbnail(file: Blob, options: ThumbnailOptions = {}): Promise<Thumbnail> {
  const scheduler = options.scheduler ?? sharedPreviewScheduler();
  return scheduler.run((signal) => makeThumbnail(file, { ...options, signal }), options.signal);
}
