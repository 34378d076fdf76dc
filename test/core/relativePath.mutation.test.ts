import { describe, expect, it } from 'vitest';
import { relativePathOf, withRelativePath } from '../../src/core/relativePath';

describe('withRelativePath', () => {
  it('drops every leading slash of a recorded path, and only those', () => {
    const file = withRelativePath(new Blob(['x']), '//trip//day 1/photo.jpg');
    expect(relativePathOf(file)).toBe('trip//day 1/photo.jpg');
  });

  it('keeps a recorded path without leading slashes as it is', () => {
    expect(relativePathOf(withRelativePath(new Blob(['x']), 'trip/photo.jpg'))).toBe('trip/photo.jpg');
  });
});
