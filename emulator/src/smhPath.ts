import { HttpError } from './http.js';

// SMH names (docs/smh-protocol.md §7.2): `\ / : * ? " < > |` are illegal, a name is at most 255 characters.
const ILLEGAL_NAME = /[\\/:*?"<>|]/;

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) < 0x20) return true;
  return false;
}
const MAX_NAME = 255;
const MAX_DEPTH = 64;

/**
 * Splits the raw (still encoded) FilePath part of a URL into decoded segments. `/` and `%2F`
 * both separate segments (official SDKs send either). Anything that could climb out of the
 * tree or smuggle a separator (`.`/`..`, NUL, a backslash, a double-encoded slash) is refused.
 */
export function parseFilePath(raw: string, allowRoot = false): string[] {
  if (raw === '' && allowRoot) return [];
  if (raw === '') throw new HttpError(400, 'EmptyPath', 'the file path is empty');
  const segments: string[] = [];
  for (const rawPart of raw.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(rawPart);
    } catch {
      throw new HttpError(400, 'IllegalFileName', 'the file path is not valid percent-encoding');
    }
    for (const segment of decoded.split('/')) {
      if (segment === '') continue;
      validateName(segment);
      segments.push(segment);
    }
  }
  if (segments.length === 0 && !allowRoot) throw new HttpError(400, 'EmptyPath', 'the file path is empty');
  if (segments.length > MAX_DEPTH) throw new HttpError(400, 'DirectoryLevelExceed', `a path may have at most ${MAX_DEPTH} levels`);
  return segments;
}

export function validateName(segment: string): void {
  if (segment === '.' || segment === '..') {
    throw new HttpError(400, 'IllegalFileName', 'a path segment may not be "." or ".."');
  }
  if (ILLEGAL_NAME.test(segment) || hasControlCharacter(segment)) {
    throw new HttpError(400, 'IllegalFileName', 'a name may not contain \\ / : * ? " < > |, NUL or control characters');
  }
  if (/%(2f|5c|00)/i.test(segment)) {
    throw new HttpError(400, 'IllegalFileName', 'a name may not contain an encoded slash, backslash or NUL');
  }
  if (segment.length > MAX_NAME) throw new HttpError(400, 'FileNameLengthExceed', `a name may have at most ${MAX_NAME} characters`);
}

/** `report.pdf` → `report (n).pdf`; names without an extension (or dotfiles) get the suffix at the end. */
export function renamed(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return `${name} (${n})`;
  return `${name.slice(0, dot)} (${n})${name.slice(dot)}`;
}

// docs/smh-protocol.md §12.4 and the list-directory docs: an entry's `type` is `dir`, `file`, `image`,
// `video` or `symlink`; `fileType` is the finer kind (`word`, `excel`, `powerpoint`, `portable`, `text`,
// `archive`, `psd`, `audio`, …, else `other`). The extension decides both, as SMH does (INFERRED table).
const KINDS: [type: string, fileType: string, extensions: Record<string, string>][] = [
  ['image', 'image', {
    jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp',
    svg: 'image/svg+xml', heic: 'image/heic', tif: 'image/tiff', tiff: 'image/tiff',
  }],
  ['video', 'video', {
    mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm', mkv: 'video/x-matroska', avi: 'video/x-msvideo',
    m4v: 'video/mp4', flv: 'video/x-flv', wmv: 'video/x-ms-wmv',
  }],
  ['file', 'audio', { mp3: 'audio/mpeg', wav: 'audio/wav', m4a: 'audio/mp4', flac: 'audio/flac', aac: 'audio/aac', ogg: 'audio/ogg' }],
  ['file', 'word', {
    doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    wps: 'application/vnd.ms-works', rtf: 'application/rtf',
  }],
  ['file', 'excel', {
    xls: 'application/vnd.ms-excel', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    csv: 'text/csv', et: 'application/vnd.ms-excel',
  }],
  ['file', 'powerpoint', {
    ppt: 'application/vnd.ms-powerpoint',
    pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', dps: 'application/vnd.ms-powerpoint',
  }],
  ['file', 'portable', { pdf: 'application/pdf' }],
  ['file', 'text', { txt: 'text/plain', md: 'text/markdown', log: 'text/plain', json: 'application/json', xml: 'application/xml' }],
  ['file', 'archive', {
    zip: 'application/zip', rar: 'application/vnd.rar', '7z': 'application/x-7z-compressed', tar: 'application/x-tar',
    gz: 'application/gzip', tgz: 'application/gzip',
  }],
  ['file', 'psd', { psd: 'image/vnd.adobe.photoshop' }],
];

export interface FileKind {
  type: string;
  fileType: string;
  contentType: string;
}

const BY_EXTENSION = new Map<string, FileKind>(
  KINDS.flatMap(([type, fileType, extensions]) =>
    Object.entries(extensions).map(([ext, contentType]) => [ext, { type, fileType, contentType }] as const)),
);

/** SMH's `type`, `fileType` and a `contentType` from the name's extension. */
export function fileKind(name: string): FileKind {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return BY_EXTENSION.get(ext) ?? { type: 'file', fileType: 'other', contentType: 'application/octet-stream' };
}
