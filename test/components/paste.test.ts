import { describe, expect, it } from 'vitest';
import { checkFileName } from '../../src/api/names';
import { pastedFiles, pastedName, pasteStamp } from '../../src/components/paste';

const at = new Date(2026, 10, 30, 15, 4, 5);

describe('pasted file names', () => {
  it('names a pasted image by the local time, locale-independent and SMH-safe', () => {
    expect(pasteStamp(at)).toBe('2026-11-30 15-04-05');
    const name = pastedName(new File(['x'], 'image.png', { type: 'image/png' }), new Date(2001, 0, 2, 3, 4, 5));
    expect(name).toBe('Pasted image 2001-01-02 03-04-05.png');
    expect(checkFileName(name)).toBeUndefined();
  });

  it('gives each of several pasted images its own name', () => {
    const files = [new File(['a'], 'image.png', { type: 'image/png' }), new File(['b'], 'image.jpeg', { type: 'image/jpeg' }), new File(['c'], 'image.png', { type: 'image/png' })];
    const names = pastedFiles({ files } as unknown as DataTransfer, at).map((f) => f.name);
    expect(new Set(names).size).toBe(3);
    expect(names).toEqual(['Pasted image 2026-11-30 15-04-05.png', 'Pasted image 2026-11-30 15-04-05.jpg', 'Pasted image 2026-11-30 15-04-05 (2).png']);
  });

  it('keeps the bytes and type, and leaves a real file name (copied from a file manager) alone', async () => {
    const image = new File(['PNG!'], 'image.png', { type: 'image/png' });
    const report = new File(['pdf'], 'Report Q3.pdf', { type: 'application/pdf' });
    const [renamed, kept] = pastedFiles({ files: [image, report] } as unknown as DataTransfer, new Date(2027, 0, 1));
    expect(await renamed!.text()).toBe('PNG!');
    expect(renamed!.type).toBe('image/png');
    expect(kept).toBe(report);
  });

  it('takes nothing from a paste of text only', () => {
    expect(pastedFiles({ files: [] } as unknown as DataTransfer)).toEqual([]);
    expect(pastedFiles(null)).toEqual([]);
  });
});
