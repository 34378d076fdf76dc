// The drop zone's sentences: why a file was turned away, and what a folder read left out.
import type { SmhI18n } from '../i18n/types';
import { acceptList, MAX_NAME_BYTES, type FileRules, type NameCheck, type RejectionReason } from './fileRules';
import type { SkippedEntries } from './folderReader';
import { isolate } from './shared';

/** A refused character as people can read it: `“:”`, or its code for an invisible one. */
function shownCharacter(character: string): string {
  const code = character.charCodeAt(0);
  return code < 0x20 || code === 0x7f ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `“${character}”`;
}

function nameText(i18n: SmhI18n, name: NameCheck): string {
  const { t } = i18n;
  switch (name.problem) {
    case 'nameEmpty':
      return t('dropzone.nameEmpty');
    case 'nameDots':
      return t('dropzone.nameDots');
    case 'nameCharacters':
      return t('dropzone.nameCharacters', { characters: (name.characters ?? []).map(shownCharacter).join(t('comma')) });
    case 'nameTooLong':
      return t('dropzone.nameTooLong', { bytes: name.bytes ?? 0, max: MAX_NAME_BYTES });
  }
}

export function reasonText(
  i18n: SmhI18n,
  file: File,
  reason: RejectionReason,
  rules: FileRules,
  name?: NameCheck,
  folder?: string,
): string {
  const { t } = i18n;
  const size = i18n.formatBytes(file.size);
  switch (reason) {
    case 'nameEmpty':
    case 'nameDots':
    case 'nameCharacters':
    case 'nameTooLong':
      return nameText(i18n, name ?? { problem: reason });
    case 'folderName':
      return t('dropzone.folderName', { folder: isolate(folder ?? ''), reason: nameText(i18n, name ?? { problem: 'nameEmpty' }) });
    case 'type':
      return t('dropzone.type', { accept: acceptList(rules.accept).join(', ') });
    case 'tooLarge':
      return t('dropzone.tooLarge', { size, max: i18n.formatBytes(rules.maxSize ?? 0) });
    case 'tooSmall':
      return t('dropzone.tooSmall', { size, min: i18n.formatBytes(rules.minSize ?? 0) });
    case 'tooMany': {
      const count = rules.multiple === false ? 1 : (rules.maxFiles ?? 1);
      return t('dropzone.tooMany', { count });
    }
  }
}

/** "3 system files skipped", "1 empty folder skipped", and each unreadable folder or file. */
export function skippedText(i18n: SmhI18n, skipped: SkippedEntries, keepEmptyFolders: boolean): string[] {
  const { t } = i18n;
  const lines: string[] = [];
  if (skipped.systemFiles > 0) lines.push(t('dropzone.skippedSystem', { count: skipped.systemFiles }));
  if (!keepEmptyFolders && skipped.emptyFolders.length > 0) lines.push(t('dropzone.skippedEmpty', { count: skipped.emptyFolders.length }));
  for (const error of skipped.errors) lines.push(t('dropzone.unreadable', { name: isolate(error.path) }));
  return lines;
}
