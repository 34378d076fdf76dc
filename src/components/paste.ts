// Pasted files: browsers name a pasted screenshot or copied image `image.png` whatever it is, so
// such a file gets a name of its own, `Pasted image 2026-11-30 15-04-05.png`: the local time in a
// fixed, locale-independent form, with only characters SMH takes, and ` (2)` when a name repeats.
// Files copied from a file manager keep their real names.

const GENERIC_NAME = /^(image|blob|clipboard)?(\.[a-z0-9]+)?$/i;

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/bmp': 'bmp',
  'image/tiff': 'tif',
  'image/svg+xml': 'svg',
  'image/heic': 'heic',
};

const two = (n: number) => String(n).padStart(2, '0');

/** `2026-11-30 15-04-05` in local time: digits and dashes only, the same in every locale. */
export function pasteStamp(date: Date): string {
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}-${two(date.getMinutes())}-${two(date.getSeconds())}`;
}

// Names handed out this page session, so two pastes in the same second still differ.
const given = new Set<string>();

/** The name a pasted file is stored under: its own, unless the browser made up a generic one. */
export function pastedName(file: File, now: Date): string {
  if (!GENERIC_NAME.test(file.name)) return file.name;
  const extension = EXTENSIONS[file.type.toLowerCase()] ?? /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? 'bin';
  const kind = file.type.startsWith('image/') ? 'Pasted image' : 'Pasted file';
  const base = `${kind} ${pasteStamp(now)}`;
  let name = `${base}.${extension}`;
  for (let n = 2; given.has(name); n += 1) name = `${base} (${n}).${extension}`;
  given.add(name);
  return name;
}

/** The files of a paste, the generic ones renamed; none when it held only text. */
export function pastedFiles(data: DataTransfer | null, now: Date = new Date()): File[] {
  if (data === null) return [];
  return [...data.files].map((file) => {
    const name = pastedName(file, now);
    return name === file.name ? file : new File([file], name, { type: file.type, lastModified: file.lastModified });
  });
}

/** Whether a paste aimed at a text field or editable content (which keeps its own paste). */
export function pastedIntoText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type !== 'file');
}
