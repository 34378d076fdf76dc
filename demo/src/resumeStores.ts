// Where the portal keeps what it needs to resume an upload after the tab closes. The default
// keeps the file too (IndexedDB), so a reload resumes with one click; on a shared computer a
// person can choose to keep only the record and pick the file again to resume.
import { createIndexedDbResumeStore, type ResumeStore } from 'react-smh-upload';

const KEY = 'portal-keep-files';

/** The same records as the default store, without the file: resuming asks for a re-pick. */
export function recordsOnly(store: ResumeStore): ResumeStore {
  return {
    list: () => store.list(),
    get: (confirmKey) => store.get(confirmKey),
    put: (record) => store.put(record),
    remove: (confirmKey) => store.remove(confirmKey),
  };
}

export function readKeepFiles(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'no';
  } catch {
    return true;
  }
}

export function saveKeepFiles(keep: boolean): void {
  try {
    if (keep) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, 'no');
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

/** Both stores share one database, so switching never hides an unfinished upload. */
export function createPortalStores(): { withFiles: ResumeStore; recordsOnly: ResumeStore } {
  const withFiles = createIndexedDbResumeStore();
  return { withFiles, recordsOnly: recordsOnly(withFiles) };
}
