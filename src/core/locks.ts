// One tab at a time per task (docs/design.md "Resume"): a Web Lock named after the confirmKey, taken
// with `ifAvailable` so a second tab learns at once that another one holds it. Where the Web Locks
// API is missing every acquire succeeds (there is nothing to coordinate with).

/** The slice of `LockManager` used here. */
export interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable: boolean },
    callback: (lock: unknown) => Promise<unknown> | unknown,
  ): Promise<unknown>;
  /** Which locks are held now, by any tab of this origin (`LockManager.query`). */
  query?(): Promise<{ held?: ReadonlyArray<{ name?: string | undefined }> | undefined }>;
}

export interface HeldLock {
  release(): void;
  /** Settles once the lock is really free again (Web Locks lets go asynchronously). */
  readonly released: Promise<void>;
}

const NO_LOCK: HeldLock = { release: () => {}, released: Promise.resolve() };

export function lockName(confirmKey: string): string {
  return `react-smh-upload:${confirmKey}`;
}

export function defaultLocks(): LockManagerLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks;
}

/**
 * Takes the lock for `confirmKey` and holds it until `release()`. Resolves to undefined when another
 * tab (or task) holds it; to a no-op lock when the API is unavailable or fails.
 */
export function acquireLock(confirmKey: string, locks: LockManagerLike | null | undefined): Promise<HeldLock | undefined> {
  if (!locks) return Promise.resolve(NO_LOCK);
  return new Promise((resolve) => {
    const held: { release?: () => void } = {};
    const holding = new Promise<void>((done) => {
      held.release = done;
    });
    const freed: { mark?: () => void } = {};
    const released = new Promise<void>((done) => {
      freed.mark = done;
    });
    const markReleased = () => freed.mark?.();
    locks
      .request(lockName(confirmKey), { ifAvailable: true }, (lock) => {
        if (lock === null) {
          resolve(undefined);
          return undefined;
        }
        resolve({ release: () => held.release?.(), released });
        return holding;
      })
      .then(markReleased, () => {
        markReleased();
        resolve(NO_LOCK);
      });
  });
}

/**
 * The confirmKeys whose lock some tab of this origin holds now (this page's own tasks included).
 * Empty where the API is missing or fails: nothing is known to be held.
 */
export async function heldConfirmKeys(locks: LockManagerLike | null | undefined): Promise<Set<string>> {
  const prefix = lockName('');
  try {
    const { held = [] } = (await locks?.query?.()) ?? {};
    return new Set(held.flatMap(({ name }) => (name?.startsWith(prefix) ? [name.slice(prefix.length)] : [])));
  } catch {
    return new Set();
  }
}
