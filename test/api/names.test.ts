// The names SMH refuses (docs/smh-protocol.md §7.2), as checkFileName reports them before anything is sent.
import { describe, expect, it } from 'vitest';
import { checkFileName, MAX_NAME_BYTES } from '../../src/api/names';

describe('checkFileName', () => {
  it.each(['report.pdf', '照片 2024.jpg', '.hidden', '...', 'a b-c_d(1)[2]{3}#&%.txt', 'x'.repeat(MAX_NAME_BYTES)])('takes %j', (name) => {
    expect(checkFileName(name)).toBeUndefined();
  });

  it('refuses the empty name and the dot names', () => {
    expect(checkFileName('')).toEqual({ problem: 'nameEmpty' });
    expect(checkFileName('.')).toEqual({ problem: 'nameDots' });
    expect(checkFileName('..')).toEqual({ problem: 'nameDots' });
  });

  it.each(['\\', '/', ':', '*', '?', '"', '<', '>', '|', '\u0000', '\t', '\u001f', '\u007f'])('refuses %j anywhere in a name', (character) => {
    expect(checkFileName(`a${character}b.txt`)).toEqual({ problem: 'nameCharacters', characters: [character] });
  });

  it('lists each refused character once, in the order it first appears', () => {
    expect(checkFileName('a?b:c?d|e:f')).toEqual({ problem: 'nameCharacters', characters: ['?', ':', '|'] });
  });

  it('counts the length in UTF-8 bytes: 255 are taken, 256 are too long', () => {
    expect(checkFileName('x'.repeat(256))).toEqual({ problem: 'nameTooLong', bytes: 256 });
    // 85 three-byte characters are 255 bytes; one more is 258.
    expect(checkFileName('文'.repeat(85))).toBeUndefined();
    expect(checkFileName('文'.repeat(86))).toEqual({ problem: 'nameTooLong', bytes: 258 });
  });

  it('reports refused characters before the length of a name that has both', () => {
    expect(checkFileName(`${'x'.repeat(300)}?`)).toEqual({ problem: 'nameCharacters', characters: ['?'] });
  });
});
