import { createIndexedDbResumeStore } from '../core/indexedDbStore';
import { createLocalStorageResumeStore } from '../core/resumeStore';
import type { ResumeStore } from '../core/types';

/**
 * The provider's store when none is given: IndexedDB where it exists (it keeps the File too, so
 * a reload resumes without a re-pick), else localStorage. Chosen on first use, never at render,
 * so a server render touches no browser global.
 */
export function defaultResumeStore(): ResumeStore {
  let chosen: ResumeStore | undefined;
  const pick = () =>
    (chosen ??=
      typeof globalThis.indexedDB === 'undefined'
        ? createLocalStorageResumeStore()
        : createIndexedDbResumeStore());
  return {
    list: () => pick().list(),
    get: (confirmKey) => pick().get(confirmKey),
    put: (record, file) => pick().put(record, file),
    remove: (confirmKey) => pick().remove(confirmKey),
    getFile: async (confirmKey) => pick().getFile?.(confirmKey),
  };
}
