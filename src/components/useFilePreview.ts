// The headless preview: makes a file's thumbnail when its turn comes, draws it into the canvas the
// caller attaches, and frees everything (bitmap, canvas picture, pending work) when the file
// changes or the component goes. Nothing runs during render, so a server renders the fallback.
import { useCallback, useEffect, useRef, useState } from 'react';
import { planPreview, type FilePreviewKind } from './previewKind';
import type { PreviewScheduler } from './previewScheduler';
import { createThumbnail } from './thumbnail';

export type FilePreviewStatus = 'loading' | 'ready' | 'unsupported' | 'error';

export interface UseFilePreviewOptions {
  /** The box the picture fits in, in CSS pixels (default 64). */
  size?: number | undefined;
  /** False holds the work back (say, while the card is far out of view); once true, the preview is kept. Default true. */
  enabled?: boolean | undefined;
  /** How long a video may take to show a frame before it falls back to its icon (default 8000 ms). */
  videoTimeoutMs?: number | undefined;
  /** Where the work waits its turn (default: page-wide, two at a time, background priority). */
  scheduler?: PreviewScheduler | undefined;
}

export interface FilePreviewState {
  /** `loading` until the thumbnail is made; `unsupported` (HEIC, PDF, other kinds) and `error` show `kind`'s icon. */
  status: FilePreviewStatus;
  /** Which icon stands in when there is no picture. */
  kind: FilePreviewKind;
  /** The thumbnail's size in device pixels, once `ready`. */
  width: number | undefined;
  height: number | undefined;
  /**
   * Attach to a `<canvas>`: the thumbnail is moved into it (a `bitmaprenderer` context, no copy)
   * once ready. One canvas per preview; a different canvas later gets a freshly made one.
   */
  attachCanvas: (canvas: HTMLCanvasElement | null) => void;
}

interface Made {
  file: Blob;
  size: number;
  generation: number;
  status: 'ready' | 'unsupported' | 'error';
  width?: number;
  height?: number;
}

interface Drawing {
  bitmap: ImageBitmap;
  /** The canvas holding the picture, once drawn. */
  canvas?: HTMLCanvasElement;
  context?: ImageBitmapRenderingContext;
}

/** Frees a thumbnail: the canvas's picture and the bitmap (closing a bitmap moved into a canvas is harmless). */
function release(drawing: Drawing | undefined): void {
  if (drawing === undefined) return;
  drawing.context?.transferFromImageBitmap(null);
  drawing.bitmap.close();
}

function draw(drawing: Drawing, canvas: HTMLCanvasElement): boolean {
  const context = canvas.getContext('bitmaprenderer');
  if (context === null) return false;
  canvas.width = drawing.bitmap.width;
  canvas.height = drawing.bitmap.height;
  context.transferFromImageBitmap(drawing.bitmap);
  drawing.canvas = canvas;
  drawing.context = context;
  return true;
}

/**
 * A thumbnail of `file` (an image, or a video's first frame) for a list of files before and while
 * they upload. Returns where it stands, the icon kind to show meanwhile or instead, and a ref for
 * the `<canvas>` to draw it in. Made off the main thread where the browser can, two at a time
 * page-wide at background priority; the bitmap is closed and pending work aborted when `file`
 * changes or the component unmounts.
 */
export function useFilePreview(file: Blob | null | undefined, options: UseFilePreviewOptions = {}): FilePreviewState {
  const { size = 64, enabled = true, videoTimeoutMs, scheduler } = options;
  const plan = planPreview(file);
  // Once enabled, the preview is made and kept: scrolling a card out of view again frees nothing.
  const [started, setStarted] = useState(enabled);
  if (enabled && !started) setStarted(true);
  const [made, setMade] = useState<Made | undefined>(undefined);
  const [generation, setGeneration] = useState(0);
  const drawing = useRef<Drawing | undefined>(undefined);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const wanted = file != null && plan.source !== 'none';

  useEffect(() => {
    if (!wanted || !started) return undefined;
    const controller = new AbortController();
    createThumbnail(file, { size, signal: controller.signal, videoTimeoutMs, scheduler }).then(
      (thumbnail) => {
        if (thumbnail.status === 'ready') {
          const next: Drawing = { bitmap: thumbnail.bitmap };
          drawing.current = next;
          if (canvas.current !== null) draw(next, canvas.current);
          setMade({ file, size, generation, status: 'ready', width: thumbnail.width, height: thumbnail.height });
        } else {
          setMade({ file, size, generation, status: thumbnail.status });
        }
      },
      // Only an abort rejects, and an aborted preview has nobody left to tell.
      () => undefined,
    );
    return () => {
      controller.abort();
      release(drawing.current);
      drawing.current = undefined;
    };
  }, [wanted, started, file, size, videoTimeoutMs, scheduler, generation]);

  const attachCanvas = useCallback((node: HTMLCanvasElement | null) => {
    canvas.current = node;
    const current = drawing.current;
    if (node === null || current === undefined || current.canvas === node) return;
    // The picture was moved into another canvas: this one needs its own.
    if (current.canvas !== undefined) setGeneration((n) => n + 1);
    else draw(current, node);
  }, []);

  // What was made belongs to this file, size and round; anything else is still loading.
  const current = made !== undefined && made.file === file && made.size === size && made.generation === generation ? made : undefined;
  const status: FilePreviewStatus = !wanted ? 'unsupported' : (current?.status ?? 'loading');
  return {
    status,
    kind: plan.kind,
    width: status === 'ready' ? current?.width : undefined,
    height: status === 'ready' ? current?.height : undefined,
    attachCanvas,
  };
}
