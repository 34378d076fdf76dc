// Fakes for the preview tests in jsdom, which has no image decoder, no canvas and no media: a
// createImageBitmap whose results the test hands out one by one, canvases that record what was
// moved into them, and object URLs that are counted.
import { vi } from 'vitest';

export interface FakeBitmap extends ImageBitmap {
  close: ReturnType<typeof vi.fn<() => void>>;
  readonly source: unknown;
}

export interface BitmapRequest {
  source: unknown;
  options: ImageBitmapOptions | undefined;
  /** Decodes: resolves with a bitmap of this size (a fake). */
  resolve(width?: number, height?: number): FakeBitmap;
  /** The file cannot be decoded. */
  reject(error?: unknown): void;
}

export interface PreviewFakes {
  requests: BitmapRequest[];
  bitmaps: FakeBitmap[];
  /** What each canvas's bitmaprenderer context was given, in order (null = released). */
  transfers: Map<HTMLCanvasElement, Array<ImageBitmap | null>>;
  urls: { created: string[]; revoked: string[] };
  /** Settles every request still waiting, so the page-wide scheduler is free for the next test. */
  settleAll(): void;
  /** settleAll, then puts the globals back. */
  restore(): void;
}

export function installPreviewFakes(): PreviewFakes {
  const requests: BitmapRequest[] = [];
  const bitmaps: FakeBitmap[] = [];
  const transfers = new Map<HTMLCanvasElement, Array<ImageBitmap | null>>();
  const urls = { created: [] as string[], revoked: [] as string[] };
  const pending = new Set<BitmapRequest>();

  const makeBitmap = (source: unknown, width: number, height: number): FakeBitmap => {
    const bitmap = { width, height, source, close: vi.fn<() => void>() } as unknown as FakeBitmap;
    bitmaps.push(bitmap);
    return bitmap;
  };

  vi.stubGlobal(
    'createImageBitmap',
    vi.fn((source: unknown, options?: ImageBitmapOptions) =>
      new Promise<ImageBitmap>((resolve, reject) => {
        const request: BitmapRequest = {
          source,
          options,
          resolve(width = options?.resizeWidth ?? 10, height = options?.resizeHeight ?? 10) {
            pending.delete(request);
            const bitmap = makeBitmap(source, width, height);
            resolve(bitmap);
            return bitmap;
          },
          reject(error = new DOMException('The source image could not be decoded.', 'InvalidStateError')) {
            pending.delete(request);
            reject(error);
          },
        };
        pending.add(request);
        requests.push(request);
      }),
    ),
  );

  const contexts = new WeakMap<HTMLCanvasElement, ImageBitmapRenderingContext>();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement, kind: string) {
    if (kind !== 'bitmaprenderer') return null;
    let context = contexts.get(this);
    if (context === undefined) {
      const log: Array<ImageBitmap | null> = [];
      transfers.set(this, log);
      context = {
        canvas: this,
        transferFromImageBitmap: (bitmap: ImageBitmap | null) => {
          log.push(bitmap);
        },
      } as ImageBitmapRenderingContext;
      contexts.set(this, context);
    }
    return context as never;
  });

  // jsdom has no object URLs: these are added for the test and taken away in restore().
  let next = 0;
  const had = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
  URL.createObjectURL = () => {
    const url = `blob:fake/${++next}`;
    urls.created.push(url);
    return url;
  };
  URL.revokeObjectURL = (url: string) => {
    urls.revoked.push(url);
  };

  return {
    requests,
    bitmaps,
    transfers,
    urls,
    settleAll() {
      for (const request of pending) request.reject(new DOMException('test over', 'AbortError'));
    },
    restore() {
      this.settleAll();
      URL.createObjectURL = had.create;
      URL.revokeObjectURL = had.revoke;
      vi.unstubAllGlobals();
      vi.restoreAllMocks();
    },
  };
}

export function pngFile(name = 'photo.png'): File {
  return new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], name, { type: 'image/png' });
}
