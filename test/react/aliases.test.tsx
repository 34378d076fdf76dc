// The renamed hooks keep their old names as deprecated aliases for one minor version.
import { describe, expect, it } from 'vitest';
import * as lib from '../../src/index';

describe('deprecated aliases', () => {
  it('useUploadTask is useUploadSnapshot, and useSmhUpload is useSmhUploadContext', () => {
    expect(lib.useUploadSnapshot).toBeTypeOf('function');
    expect(lib.useUploadTask).toBe(lib.useUploadSnapshot);
    expect(lib.useSmhUploadContext).toBeTypeOf('function');
    expect(lib.useSmhUpload).toBe(lib.useSmhUploadContext);
  });

  it('no zod schema is exported from the root any more', () => {
    expect(Object.keys(lib).filter((name) => name.endsWith('Schema'))).toEqual([]);
  });
});
