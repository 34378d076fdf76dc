import { HttpError } from './http.js';

// SMH names (smh-api.md §7.2): `\ / : * ? " < > |` are illegal, a name is at most 255 characters.
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
export function parseFilePath(raw: string): string[] {
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
  if (segments.length === 0) throw new HttpError(400, 'EmptyPath', 'the file path is empty');
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

const EXT_TYPES: Record<string, { type: string; contentType: string }> = {
  jpg: { type: 'image', contentType: 'image/jpeg' },
  jpeg: { type: 'image', contentType: 'image/jpeg' },
  png: { type: 'image', contentType: 'image/png' },
  gif: { type: 'image', contentType: 'image/gif' },
  webp: { type: 'image', contentType: 'image/webp' },
  svg: { type: 'image', contentType: 'image/svg+xml' },
  heic: { type: 'image', contentType: 'image/heic' },
  mp4: { type: 'video', contentType: 'video/mp4' },
  mov: { type: 'video', contentType: 'video/quicktime' },
  webm: { type: 'video', contentType: 'video/webm' },
  mkv: { type: 'video', contentType: 'video/x-matroska' },
  mp3: { type: 'audio', contentType: 'audio/mpeg' },
  wav: { type: 'audio', contentType: 'audio/wav' },
  m4a: { type: 'audio', contentType: 'audio/mp4' },
  pdf: { type: 'doc', contentType: 'application/pdf' },
  doc: { type: 'doc', contentType: 'application/msword' },
  docx: { type: 'doc', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  xls: { type: 'doc', contentType: 'application/vnd.ms-excel' },
  xlsx: { type: 'doc', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  ppt: { type: 'doc', contentType: 'application/vnd.ms-powerpoint' },
  pptx: { type: 'doc', contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
  txt: { type: 'doc', contentType: 'text/plain' },
  csv: { type: 'doc', contentType: 'text/csv' },
  json: { type: 'file', contentType: 'application/json' },
  zip: { type: 'file', contentType: 'application/zip' },
};

/** SMH's `type` and a `contentType` from the name's extension (INFERRED mapping, see README). */
export function fileKind(name: string): { type: string; contentType: string } {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return EXT_TYPES[ext] ?? { type: 'file', contentType: 'application/octet-stream' };
}
