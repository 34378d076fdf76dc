// The dropzone's rules, as pure functions: the names SMH refuses (api/names.ts), `accept` as the
// <input accept> attribute reads it (MIME types, `type/*` wildcards, `.ext` extensions), sizes and counts.

import { checkFileName, type NameCheck, type NameProblem } from '../api/names';
import { relativeFolders, relativePathOf } from '../core/relativePath';

export { checkFileName, MAX_NAME_BYTES } from '../api/names';
export type { NameCheck, NameProblem } from '../api/names';

/** `folderName`: a folder on the file's relative path has a name SMH refuses (see `folder`). */
export type RejectionReason = NameProblem | 'folderName' | 'type' | 'tooLarge' | 'tooSmall' | 'tooMany';

export interface FileRules {
  accept?: string | readonly string[] | undefined;
  maxSize?: number | undefined;
  minSize?: number | undefined;
  maxFiles?: number | undefined;
  multiple?: boolean | undefined;
}

export interface CheckedFiles {
  accepted: File[];
  rejected: Array<{ file: File; reason: RejectionReason; name?: NameCheck; folder?: string }>;
}

export function acceptList(accept: FileRules['accept']): string[] {
  if (accept === undefined) return [];
  const items = typeof accept === 'string' ? accept.split(',') : accept;
  return items.map((item) => item.trim().toLowerCase()).filter(Boolean);
}

export function matchesAccept(file: File, accept: FileRules['accept']): boolean {
  const rules = acceptList(accept);
  if (rules.length === 0) return true;
  const name = file.name.toLowerCase();
  // Browsers leave `type` empty for unknown kinds: only an extension rule can admit those.
  const type = file.type.toLowerCase();
  return rules.some((rule) => {
    if (rule.startsWith('.')) return name.endsWith(rule);
    if (rule.endsWith('/*')) return type !== '' && type.startsWith(rule.slice(0, -1));
    return type === rule;
  });
}

/** The first folder on the file's relative path that SMH would refuse, as `a/b:c` with its problem. */
function folderProblem(file: File): { name: NameCheck; folder: string } | undefined {
  const folders = relativeFolders(relativePathOf(file));
  for (let i = 0; i < folders.length; i += 1) {
    const name = checkFileName(folders[i]!);
    if (name !== undefined) return { name, folder: folders.slice(0, i + 1).join('/') };
  }
  return undefined;
}

export function checkFiles(files: readonly File[], rules: FileRules): CheckedFiles {
  const accepted: File[] = [];
  const rejected: CheckedFiles['rejected'] = [];
  for (const file of files) {
    const name = checkFileName(file.name);
    const folder = folderProblem(file);
    if (name !== undefined) rejected.push({ file, reason: name.problem, name });
    else if (folder !== undefined) rejected.push({ file, reason: 'folderName', ...folder });
    else if (!matchesAccept(file, rules.accept)) rejected.push({ file, reason: 'type' });
    else if (rules.maxSize !== undefined && file.size > rules.maxSize) rejected.push({ file, reason: 'tooLarge' });
    else if (rules.minSize !== undefined && file.size < rules.minSize) rejected.push({ file, reason: 'tooSmall' });
    else accepted.push(file);
  }
  const limit = rules.multiple === false ? 1 : (rules.maxFiles ?? Number.POSITIVE_INFINITY);
  // The first files within the limit go on; only the extras are turned away.
  for (const file of accepted.splice(Math.max(0, limit))) rejected.push({ file, reason: 'tooMany' });
  return { accepted, rejected };
}
