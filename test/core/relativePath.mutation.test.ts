import { describe, expect, it } from 'vitest';
import { relativeFolders, relativePathOf, withRelativePath } from '../../src/core/relativePath';

describe('withRelativePath', () => {
  it('drops every leading slash of a recorded path, and only those', () => {
    const file = withRelativePath(new Blob(['x']), '//trip//day 1/photo.jpg');
    expect(relativePathOf(file)).toBe('trip//day 1/photo.jpg');
  });

  it('keeps a recorded path without leading slashes as it is', () => {
    expect(relativePathOf(withRelativePath(new Blob(['x']), 'trip/photo.jpg'))).toBe('trip/photo.jpg');
  });
});

// `<input webkitdirectory>` gives each File its own `webkitRelativePath`; a plain Blob stands in for it here.
const picked = (webkitRelativePath: unknown) => Object.assign(new Blob(['x']), { webkitRelativePath });

describe('relativePathOf a file from a folder input', () => {
  it("reads the file's own webkitRelativePath, without leading slashes", () => {
    expect(relativePathOf(picked('trip/day 1/photo.jpg'))).toBe('trip/day 1/photo.jpg');
    expect(relativePathOf(picked('/trip/photo.jpg'))).toBe('trip/photo.jpg');
  });

  it('is empty for a file picked on its own, or one whose webkitRelativePath is not a string', () => {
    expect(relativePathOf(picked(''))).toBe('');
    expect(relativePathOf(picked(undefined))).toBe('');
    expect(relativePathOf(picked(42))).toBe('');
  });

  it('prefers the path the folder reader recorded', () => {
    expect(relativePathOf(withRelativePath(picked('other/name.jpg'), 'trip/photo.jpg'))).toBe('trip/photo.jpg');
  });
});

describe('relativeFolders', () => {
  it("gives every folder of the path, outermost first, without the file's own name", () => {
    expect(relativeFolders('trip/day 1/photo.jpg')).toEqual(['trip', 'day 1']);
    expect(relativeFolders('a/b/c/d.txt')).toEqual(['a', 'b', 'c']);
  });

  it('has no folders for a file on its own, or no path at all', () => {
    expect(relativeFolders('photo.jpg')).toEqual([]);
    expect(relativeFolders('')).toEqual([]);
  });

  it('skips the empty folders a doubled, leading or trailing slash would make', () => {
    expect(relativeFolders('trip//day 1/photo.jpg')).toEqual(['trip', 'day 1']);
    expect(relativeFolders('/trip/day 1//photo.jpg')).toEqual(['trip', 'day 1']);
  });
});
