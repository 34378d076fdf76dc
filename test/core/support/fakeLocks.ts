import type { LockManagerLike } from '../../../src/core/locks';

/** Web Locks with `ifAvailable`, shared by the "tabs" of one test. */
export function createFakeLocks(): LockManagerLike & { held: Set<string> } {
  const held = new Set<string>();
  return {
    held,
    async query() {
      return { held: [...held].map((name) => ({ name })) };
    },
    async request(name, _options, callback) {
      if (held.has(name)) return callback(null);
      held.add(name);
      try {
        return await callback({ name });
      } finally {
        held.delete(name);
      }
    },
  };
}
