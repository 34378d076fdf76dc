// What kind of file a preview shows, from its type and name only (no reading, no DOM): whether to
// try a thumbnail at all, and which icon stands in when there is none.

/** The icon a file falls back to, and what its thumbnail is made from. */
export type FilePreviewKind = 'image' | 'video' | 'document' | 'generic';

// Types Chromium, Firefox and Safari all decode with createImageBitmap. HEIC/HEIF (phone photos)
// decode only in Safari, SVG blobs nowhere, TIFF nowhere: those go straight to the icon.
const DECODABLE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/pjpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);

const IMAGE_EXTENSIONS: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jfif: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
  heic: 'image/heic',
  heif: 'image/heif',
  svg: 'image/svg+xml',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};

const VIDEO_EXTENSIONS: Readonly<Record<string, string>> = {
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  ogv: 'video/ogg',
  mov: 'video/quicktime',
};

const DOCUMENT_EXTENSIONS = new Set([
  'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp', 'rtf', 'txt', 'csv', 'md', 'pages', 'numbers', 'key',
]);
const DOCUMENT_TYPE = /^(text\/|application\/(pdf|msword|rtf|vnd\.(ms-|openxmlformats-officedocument|oasis\.opendocument)))/;

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? '' : name.slice(dot + 1).toLowerCase();
}

/** The MIME type a file is treated as: its own, or one guessed from the extension when the browser gave none. */
function typeOf(file: Blob): string {
  if (file.type !== '') return file.type.toLowerCase();
  const name = (file as Partial<File>).name ?? '';
  const extension = extensionOf(name);
  return IMAGE_EXTENSIONS[extension] ?? VIDEO_EXTENSIONS[extension] ?? (DOCUMENT_EXTENSIONS.has(extension) ? 'text/x-document' : '');
}

export interface PreviewPlan {
  kind: FilePreviewKind;
  /** What makes the thumbnail: an image decode, a video frame, or nothing (the icon). */
  source: 'image' | 'video' | 'none';
  type: string;
}

/** Which icon, and whether a thumbnail is worth trying. Pure: safe during render and on a server. */
export function planPreview(file: Blob | null | undefined): PreviewPlan {
  if (file == null) return { kind: 'generic', source: 'none', type: '' };
  const type = typeOf(file);
  if (type.startsWith('image/')) return { kind: 'image', source: DECODABLE_IMAGES.has(type) ? 'image' : 'none', type };
  if (type.startsWith('video/')) return { kind: 'video', source: 'video', type };
  const extension = extensionOf((file as Partial<File>).name ?? '');
  if (DOCUMENT_TYPE.test(type) || DOCUMENT_EXTENSIONS.has(extension)) return { kind: 'document', source: 'none', type };
  return { kind: 'generic', source: 'none', type };
}
