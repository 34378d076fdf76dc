// Previews in real Chromium: real PNG, JPEG and WebM files made in the page are decoded by the
// browser, scaled, and drawn; the test reads the drawn pixels back, not just that a canvas exists.
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, test } from 'vitest';
import { FilePreview } from '../../src/components/FilePreview';
import { createThumbnail } from '../../src/components/thumbnail';
// oxlint-disable-next-line import/no-unassigned-import -- the shipped stylesheet sizes the preview
import '../../src/components/styles.css';
import { recordCanvasWebm } from '../../stories/previewFiles';

const RED = [220, 20, 30];
const BLUE = [20, 40, 210];

let root: Root | undefined;
let host: HTMLElement | undefined;

afterEach(() => {
  root?.unmount();
  host?.remove();
  root = undefined;
});

/** A 400×300 picture, red on the left half and blue on the right, encoded by the browser. */
async function twoColourFile(type: 'image/png' | 'image/jpeg', name: string): Promise<File> {
  const canvas = new OffscreenCanvas(400, 300);
  const context = canvas.getContext('2d')!;
  context.fillStyle = `rgb(${RED.join(' ')})`;
  context.fillRect(0, 0, 200, 300);
  context.fillStyle = `rgb(${BLUE.join(' ')})`;
  context.fillRect(200, 0, 200, 300);
  const blob = await canvas.convertToBlob({ type, quality: 0.95 });
  return new File([blob], name, { type });
}

/** The RGB of a pixel of anything drawable (a bitmap, or a canvas holding one). */
async function pixel(source: ImageBitmap | HTMLCanvasElement, x: number, y: number): Promise<number[]> {
  const bitmap = source instanceof ImageBitmap ? source : await createImageBitmap(source);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  return Array.from(context.getImageData(x, y, 1, 1).data.slice(0, 3));
}

function near(actual: number[], expected: number[], tolerance = 24): boolean {
  return actual.every((value, i) => Math.abs(value - expected[i]!) <= tolerance);
}

describe('createThumbnail in Chromium', () => {
  test.each([
    ['image/png', 'claim.png'],
    ['image/jpeg', 'claim.jpg'],
  ] as const)('%s: a scaled bitmap that fits the box, with the picture in it', async (type, name) => {
    const file = await twoColourFile(type, name);
    const thumbnail = await createThumbnail(file, { size: 40, pixelRatio: 1 });
    expect(thumbnail.status).toBe('ready');
    if (thumbnail.status !== 'ready') return;
    expect([thumbnail.width, thumbnail.height]).toEqual([40, 30]);
    expect(near(await pixel(thumbnail.bitmap, 5, 15), RED)).toBe(true);
    expect(near(await pixel(thumbnail.bitmap, 35, 15), BLUE)).toBe(true);
    thumbnail.bitmap.close();
    expect(thumbnail.bitmap.width).toBe(0);
  });

  test('bytes that are not a picture: status error, nothing thrown', async () => {
    const file = new File([new Uint8Array(2048).fill(7)], 'broken.png', { type: 'image/png' });
    await expect(createThumbnail(file, { size: 40 })).resolves.toMatchObject({ status: 'error', kind: 'image' });
  });

  test('HEIC and PDF are not decoded: unsupported, with their kind', async () => {
    const heic = new File([new Uint8Array(64)], 'IMG_0001.HEIC', { type: 'image/heic' });
    const pdf = new File(['%PDF-1.7'], 'claim.pdf', { type: 'application/pdf' });
    await expect(createThumbnail(heic)).resolves.toEqual({ status: 'unsupported', kind: 'image' });
    await expect(createThumbnail(pdf)).resolves.toEqual({ status: 'unsupported', kind: 'document' });
  });
});

/** A short green WebM recorded from a canvas in the page, or undefined where Chromium cannot record one. */
const greenVideo = (): Promise<File | undefined> =>
  recordCanvasWebm({ width: 160, height: 120 }, (context) => {
    context.fillStyle = 'rgb(20 200 40)';
    context.fillRect(0, 0, 160, 120);
  });

async function show(file: File, size = 48): Promise<HTMLElement> {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  flushSync(() => root!.render(<FilePreview file={file} size={size} />));
  const preview = host.querySelector<HTMLElement>('.smh-preview')!;
  await expect.poll(() => preview.dataset.status, { timeout: 20_000 }).not.toBe('loading');
  return preview;
}

describe('FilePreview in Chromium', () => {
  test('an image: the canvas shows the picture, sized by the stylesheet', async () => {
    const preview = await show(await twoColourFile('image/png', 'photo.png'), 48);
    expect(preview.dataset.status).toBe('ready');
    const canvas = preview.querySelector('canvas')!;
    expect(canvas.hidden).toBe(false);
    expect(preview.getBoundingClientRect().width).toBe(48);
    expect(near(await pixel(canvas, 2, Math.floor(canvas.height / 2)), RED)).toBe(true);
    expect(near(await pixel(canvas, canvas.width - 3, Math.floor(canvas.height / 2)), BLUE)).toBe(true);
    expect(preview.querySelector('.smh-preview__icon')).toBeNull();
  });

  test('a video: its first frame, or where Chromium cannot record one here, the video icon', async () => {
    const video = await greenVideo();
    // No recorder in this build: a file that is not a playable video must still fall back.
    const preview = await show(video ?? new File([new Uint8Array(512)], 'clip.webm', { type: 'video/webm' }), 64);
    expect(preview.dataset.kind).toBe('video');
    expect(preview.dataset.status).toBe(video === undefined ? 'error' : 'ready');
    const canvas = preview.querySelector('canvas')!;
    const ratio = Math.min(2, devicePixelRatio);
    const drawn = video === undefined ? undefined : { size: [canvas.width, canvas.height], centre: await pixel(canvas, Math.floor(canvas.width / 2), Math.floor(canvas.height / 2)) };
    expect(drawn === undefined || drawn.size.join() === [Math.round(64 * ratio), Math.round(48 * ratio)].join()).toBe(true);
    expect(drawn === undefined || near(drawn.centre, [20, 200, 40], 40)).toBe(true);
  });

  test('a video that cannot be decoded falls back to the video icon', async () => {
    const preview = await show(new File([new Uint8Array(512).fill(1)], 'broken.webm', { type: 'video/webm' }));
    expect(preview.dataset.status).toBe('error');
    expect(preview.dataset.kind).toBe('video');
    expect(preview.querySelector('.smh-preview__icon')).not.toBeNull();
  });
});
