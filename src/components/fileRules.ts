// The dropzone's rules, as pure functions: the names SMH refuses, `accept` as the <input accept>
// attribute reads it (MIME types, `type/*` wildcards, `.ext` extensions), sizes and counts.

/** Why SMH would refuse a file name (docs/smh-protocol.md §7.2), checked before anything is sent. */
export type NameProblem = 'nameEmpty' | 'nameDots' | 'nameCharacters' | 'nameTooLong';

export type RejectionReason = NameProblem | 'type' | 'tooLarge' | 'tooSmall' | 'tooMany';

/** The longest name SMH takes (`FileNameLengthExceed`), counted in UTF-8 bytes to be safe. */
export const MAX_NAME_BYTES = 255;

// `IllegalFileName`: \ / : * ? " < > | and the control characters (U+0000–U+001F, U+007F).
// oxlint-disable-next-line no-control-regex -- control characters are exactly what SMH refuses
const RESERVED = /[\\/:*?"<>|\u0000-\u001F\u007F]/g;

export interface NameCheck {
  problem: NameProblem;
  /** `nameCharacters`: the refused characters found, each once, in order. */
  characters?: readonly string[];
  /** `nameTooLong`: the name's length in UTF-8 bytes. */
  bytes?: number;
}

/** Why SMH would refuse `name` as a file name, or undefined when it takes it. */
export function checkFileName(name: string): NameCheck | undefined {
  if (name === '') return { problem: 'nameEmpty' };
  if (name === '.' || name === '..') return { problem: 'nameDots' };
  const found = name.match(RESERVED);
  if (found !== null) return { problem: 'nameCharacters', characters: [...new Set(found)] };
  const bytes = new TextEncoder().encode(name).length;
  if (bytes > MAX_NAME_BYTES) return { problem: 'nameTooLong', bytes };
  return undefined;
}

export interface FileRules {
  accept?: string | readonly string[] | undefined;
  maxSize?: number | undefined;
  minSize?: number | undefined;
  maxFiles?: number | undefined;
  multiple?: boolean | undefined;
}

export interface CheckedFiles {
  accepted: File[];
  rejected: Array<{ file: File; reason: RejectionReason; name?: NameCheck }>;
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

export function checkFiles(files: readonly File[], rules: FileRules): CheckedFiles {
  const accepted: File[] = [];
  const rejected: CheckedFiles['rejected'] = [];
  for (const file of files) {
    const name = checkFileName(file.name);
    if (name !== undefined) rejected.push({ file, reason: name.problem, name });
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
