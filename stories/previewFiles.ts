// Files for the preview stories, made in the browser when a story loads: a photo drawn on an
// OffscreenCanvas, a short WebM recorded from a canvas, and files no browser previews.

/** A 640×480 "claim photo": sky, ground and a car-coloured block, encoded as JPEG by the browser. */
export async function makePhoto(name = 'dent-front.jpg'): Promise<File> {
  const canvas = new OffscreenCanvas(640, 480);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#8ec5ff';
  context.fillRect(0, 0, 640, 300);
  context.fillStyle = '#6b7280';
  context.fillRect(0, 300, 640, 180);
  context.fillStyle = '#c0392b';
  context.fillRect(160, 220, 320, 140);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
  return new File([blob], name, { type: 'image/jpeg' });
}

/**
 * About a second (30 frames, 33 ms apart) of a canvas recorded as WebM, with `paint` drawing each
 * frame; undefined where the browser cannot record or wrote no data. The browser tests use it too.
 */
export async function recordCanvasWebm(
  size: { width: number; height: number },
  paint: (context: CanvasRenderingContext2D, frame: number) => void,
  name = 'walkaround.webm',
): Promise<File | undefined> {
  if (typeof MediaRecorder !== 'function' || !MediaRecorder.isTypeSupported('video/webm')) return undefined;
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d')!;
  paint(context, 0);
  const stream = canvas.captureStream(30);
  const recorder = new MediaRecorder(stream, { mimeType: 'video/webm' });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const stopped = new Promise<void>((resolve) => (recorder.onstop = () => resolve()));
  recorder.start();
  for (let frame = 1; frame <= 30; frame++) {
    await new Promise<void>((resolve) => setTimeout(resolve, 33));
    paint(context, frame);
  }
  recorder.stop();
  await stopped;
  for (const track of stream.getTracks()) track.stop();
  const blob = new Blob(chunks, { type: 'video/webm' });
  return blob.size > 0 ? new File([blob], name, { type: 'video/webm' }) : undefined;
}

/** About a second of a moving bar; undefined where the browser cannot record. */
export const makeVideo = (name = 'walkaround.webm'): Promise<File | undefined> =>
  recordCanvasWebm(
    { width: 320, height: 180 },
    (context, frame) => {
      context.fillStyle = '#0f766e';
      context.fillRect(0, 0, 320, 180);
      context.fillStyle = '#fde68a';
      context.fillRect((frame * 8) % 320, 60, 60, 60);
    },
    name,
  );

/** An iPhone photo: Chromium and Firefox cannot decode HEIC, so it shows the image icon. */
export const heicPhoto = (): File => new File([new Uint8Array(64)], 'IMG_4821.HEIC', { type: 'image/heic' });

export const pdfEstimate = (): File => new File(['%PDF-1.7\n'], 'repair-estimate.pdf', { type: 'application/pdf' });

/** Says it is a PNG, but its bytes are not a picture. */
export const brokenPhoto = (): File => new File([new Uint8Array(1024).fill(7)], 'damaged.png', { type: 'image/png' });
