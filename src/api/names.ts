// The names SMH refuses (docs/smh-protocol.md §7.2), checked before anything is sent: by the drop
// zone for each file and folder, and by the hooks for every segment of a target path.

/** Why SMH would refuse a file name (docs/smh-protocol.md §7.2), checked before anything is sent. */
export type NameProblem = 'nameEmpty' | 'nameDots' | 'nameCharacters' | 'nameTooLong';

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
